import { describe, expect, it } from 'vitest'
import { normalize } from '../../nlp/normalize.js'
import { assessRisk, riskLexicon } from '../../nlp/risk.js'

const lex = (t: string) => riskLexicon(normalize(t))

describe('risk lexicon', () => {
  it.each([
    ['我不想活了', 'self_harm'],
    ['再不给钱我就喝农药', 'self_harm'],
    ['我要死在你们法院门口', 'self_harm'],
    ['活着没意思 想去死', 'self_harm'],
    ['我要弄死他', 'violence'],
    ['明天我带刀去找他', 'violence'],
    ['大不了同归于尽', 'violence'],
    ['老公又打我了', 'domestic_violence'],
    ['我被家暴好几年了', 'domestic_violence'],
    ['他喝了酒就打我和孩子', 'domestic_violence'],
    ['不给钱我们就拉横幅', 'group_protest'],
    ['我们要去堵路', 'group_protest'],
    ['几十个工人约好一起去法院闹', 'group_protest'],
    ['不解决我就进京上访', 'escalation'],
    ['我要去省里告你们', 'escalation'],
    ['你们不管我就去北京', 'escalation'],
    ['俺要越级上访', 'escalation'],
    ['離婚不成我就跳樓', 'self_harm'],
  ])('%s → %s', (text, kind) => {
    expect(lex(text)).toContain(kind)
  })

  it.each([
    ['我被气死了'],
    ['这事要了我的命了'],
    ['累死了 跑了三趟'],
    ['笑死我了'],
    ['想死你们了'],
    ['家暴怎么认定'],
    ['家庭暴力的法律规定有哪些'],
    ['请问什么是越级上访'],
    ['我去北京出差了 能延期开庭吗'],
    ['我要去中院上诉'],
    ['交通事故死亡赔偿金怎么算'],
    ['我的猪病死了'],
    ['老人去世了房子怎么分'],
  ])('no risk in %s', (text) => {
    expect(lex(text)).toEqual([])
  })
})

describe('assessRisk', () => {
  it('raises the flag on a lexicon hit alone', () => {
    expect(assessRisk(normalize('我不想活了'))).toEqual({ risk: true, kinds: ['self_harm'] })
  })
  it('adds a kind the model is sure of, even without a lexicon hit', () => {
    const r = assessRisk('一句普通的话', [
      { label: 'violence', score: 0.9 },
      { label: 'none', score: 0.1 },
    ])
    expect(r).toEqual({ risk: true, kinds: ['violence'] })
  })
  it('ignores a model guess below its threshold and "none"', () => {
    const r = assessRisk('一句普通的话', [
      { label: 'none', score: 0.55 },
      { label: 'escalation', score: 0.45 },
    ])
    expect(r).toEqual({ risk: false, kinds: [] })
  })
  it('reports every kind found, in a fixed order', () => {
    expect(assessRisk(normalize('老公天天打我，我不想活了，还要去北京上访')).kinds).toEqual([
      'self_harm',
      'domestic_violence',
      'escalation',
    ])
  })
})
