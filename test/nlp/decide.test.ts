import { describe, expect, it } from 'vitest'
import type { Intent } from '../../core/labels.js'
import { adjustIntents, decide } from '../../nlp/decide.js'

const T = { confidentThreshold: 0.6, confidentMargin: 0.15, noneThreshold: 0.3 }
const r = (...pairs: [Intent, number][]) => pairs.map(([label, score]) => ({ label, score }))

describe('decide', () => {
  it.each([
    ['clear winner', r(['filing', 0.8], ['consult', 0.1]), { kind: 'confident', intent: 'filing' }],
    ['exactly at threshold and margin', r(['filing', 0.6], ['consult', 0.45]), { kind: 'confident', intent: 'filing' }],
    ['high but too close to second', r(['dispute', 0.62], ['consult', 0.5]), { kind: 'unsure', options: ['dispute', 'consult'] }],
    ['middling top', r(['enforcement', 0.45], ['case_query', 0.2], ['filing', 0.1]), { kind: 'unsure', options: ['enforcement', 'case_query'] }],
    ['third offered when it is above the none threshold', r(['petition', 0.35], ['complaint', 0.33], ['case_query', 0.31]), { kind: 'unsure', options: ['petition', 'complaint', 'case_query'] }],
    ['below none threshold', r(['consult', 0.29], ['dispute', 0.2]), { kind: 'none' }],
    ['empty ranking', [], { kind: 'none' }],
    ['unsorted input is sorted first', r(['consult', 0.1], ['human', 0.9]), { kind: 'confident', intent: 'human' }],
    ['single label above threshold', r(['greeting', 0.9]), { kind: 'confident', intent: 'greeting' }],
    ['single label middling', r(['greeting', 0.5]), { kind: 'none' }],
  ] as const)('%s', (_name, ranking, expected) => {
    expect(decide(ranking, T)).toEqual(expected)
  })

  it('follows the thresholds it is given', () => {
    const ranking = r(['filing', 0.55], ['consult', 0.2])
    expect(decide(ranking, T).kind).toBe('unsure')
    expect(decide(ranking, { ...T, confidentThreshold: 0.5 })).toEqual({ kind: 'confident', intent: 'filing' })
    expect(decide(ranking, { ...T, noneThreshold: 0.6 })).toEqual({ kind: 'none' })
  })
})

describe('adjustIntents: greeting needs a greeting word', () => {
  const rk = (...xs: [Intent, number][]) => xs.map(([label, score]) => ({ label, score }))
  it.each([
    ['a legal question is not a greeting', '打人判几年', 'consult'],
    ['hello stays a greeting', '你好', 'greeting'],
    ['thanks stays a greeting', '好的谢谢', 'greeting'],
  ])('%s', (_, text, want) => {
    const out = adjustIntents(rk(['greeting', 0.5], ['consult', 0.4], ['dispute', 0.1]), text)
    expect(out[0]!.label).toBe(want)
  })
})
