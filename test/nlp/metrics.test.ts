import { describe, expect, it } from 'vitest'
import { percentile, report } from '../../nlp/eval/metrics.js'
import { predictLogReg, trainLogReg } from '../../nlp/model/logreg.js'

describe('eval metrics', () => {
  it('computes accuracy, per-label P/R/F1 and confusions', () => {
    const r = report([
      { gold: 'a', predicted: 'a' },
      { gold: 'a', predicted: 'b' },
      { gold: 'b', predicted: 'b' },
      { gold: 'c', predicted: 'b' },
    ])
    expect(r.accuracy).toBe(0.5)
    const b = r.perLabel.find((s) => s.label === 'b')
    expect(b?.precision).toBeCloseTo(1 / 3)
    expect(b?.recall).toBe(1)
    const a = r.perLabel.find((s) => s.label === 'a')
    expect(a?.precision).toBe(1)
    expect(a?.recall).toBe(0.5)
    expect(r.macroF1).toBeCloseTo((2 / 3 + 0.5 + 0) / 3)
    expect(r.confusions).toHaveLength(2)
  })
  it('percentile picks nearest-rank values', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(xs, 50)).toBe(50)
    expect(percentile(xs, 99)).toBe(99)
    expect(percentile(xs, 100)).toBe(100)
  })
})

describe('logistic regression', () => {
  it('learns separable labels and is deterministic', () => {
    const ex = [
      { features: ['w:工资', 'w:老板'], label: 'pay' },
      { features: ['w:工资', 'w:欠'], label: 'pay' },
      { features: ['w:离婚', 'w:孩子'], label: 'family' },
      { features: ['w:离婚', 'w:老公'], label: 'family' },
    ]
    const m1 = trainLogReg(ex)
    const m2 = trainLogReg(ex)
    expect(m1).toEqual(m2)
    expect(predictLogReg(m1, ['w:工资'])[0]?.label).toBe('pay')
    expect(predictLogReg(m1, ['w:离婚'])[0]?.label).toBe('family')
    const unknown = predictLogReg(m1, ['w:天气'])
    expect(unknown[0]?.score).toBeLessThan(0.75)
  })
})
