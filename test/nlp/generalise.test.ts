import { describe, expect, it } from 'vitest'
import { lawDomain } from '../../nlp/corpus.js'
import { normalize } from '../../nlp/normalize.js'
import { mergeClauseRisk, riskClauses, riskLexicon, RISK_CLAUSE_THRESHOLD } from '../../nlp/risk.js'

const lex = (t: string) => riskLexicon(normalize(t))

describe('slang and swearing are removed before classifying', () => {
  it.each([
    ['卧槽 老板又不发工资', '老板又不发工资'],
    ['tmd 欠钱不还', '欠钱不还'],
    ['无语 立案又失败了', '立案又失败了'],
    ['离谱 押金不退 xswl', '押金不退'],
    ['YYDS的饭店吃坏肚子', '的饭店吃坏肚子'],
  ])('%s', (input, expected) => {
    expect(normalize(input)).toBe(expected)
  })
  it('keeps 不服 and 他妈的 (his mother’s)', () => {
    expect(normalize('这个判决我不服了')).toBe('这个判决我不服了')
    expect(normalize('他妈的房子')).toBe('他妈的房子')
  })
})

describe('risk lexicon: paraphrases without the obvious words', () => {
  it.each([
    ['我真的扛不动了 好想就这么消失', 'self_harm'],
    ['药我攒够了 打算一次全吃了', 'self_harm'],
    ['我现在坐在水库边上', 'self_harm'],
    ['我要是没了 这个债是不是就不用还了', 'self_harm'],
    ['明天就不麻烦大家了', 'self_harm'],
    ['大不了进去蹲几年 我也要收拾他', 'violence'],
    ['钱不还就等着收尸吧', 'violence'],
    ['我那口子下手没轻没重 把我牙打掉了', 'domestic_violence'],
    ['他又动手了 这次我鼻子都出血了', 'domestic_violence'],
    ['我身无分文 流落在外地', 'vulnerable'],
    ['老人九十了 几个子女互相推 谁都不接', 'vulnerable'],
    ['我们统一行动 周五全部去区政府', 'group_protest'],
    ['工友们横幅都做好了', 'group_protest'],
    ['你们不处理 我就去找媒体曝光', 'escalation'],
    ['我要把这个判决发到抖音上', 'escalation'],
    ['我要一级一级往上告', 'escalation'],
  ])('%s → %s', (text, kind) => {
    expect(lex(text)).toContain(kind)
  })

  it.each([
    ['我想死的心都有了 这个官司要打多久'],
    ['笑不活了 那个老赖还发朋友圈炫富'],
    ['去省城的火车票在哪买'],
    ['给个痛快话 到底能不能执行'],
    ['他把我的照片发到网上了 算侵权吗'],
    ['上访的程序是什么'],
  ])('no risk in %s', (text) => {
    expect(lex(text)).toEqual([])
  })
})

describe('long messages are also read clause by clause', () => {
  it('splits a long message into clauses of at least six Han characters', () => {
    const c = riskClauses('事情是这样的 去年我借给他五万块钱 说好半年还 到现在一分没还 我真的不想活了 请法院帮帮我')
    expect(c.length).toBeGreaterThan(2)
    expect(c.some((x) => x.includes('不想活了'))).toBe(true)
  })
  it('leaves short messages whole', () => {
    expect(riskClauses('我不想活了')).toEqual([])
  })
  it("raises a kind to a sure clause's score, never lowers it, and keeps 'none'", () => {
    const whole = [
      { label: 'none', score: 0.9 },
      { label: 'self_harm', score: 0.1 },
    ]
    const merged = mergeClauseRisk(whole, [[{ label: 'self_harm', score: RISK_CLAUSE_THRESHOLD + 0.1 }, { label: 'none', score: 0.2 }]])
    expect(merged.find((r) => r.label === 'self_harm')?.score).toBeCloseTo(RISK_CLAUSE_THRESHOLD + 0.1)
    expect(merged.find((r) => r.label === 'none')?.score).toBe(0.9)
    const unsure = mergeClauseRisk(whole, [[{ label: 'self_harm', score: RISK_CLAUSE_THRESHOLD - 0.1 }]])
    expect(unsure.find((r) => r.label === 'self_harm')?.score).toBe(0.1)
  })
})

describe('LeCoQA statute → domain', () => {
  it.each([
    ['中华人民共和国民法典', 1079, 'marriage_family'],
    ['中华人民共和国民法典', 1125, 'inheritance'],
    ['中华人民共和国民法典', 1210, 'traffic'],
    ['中华人民共和国民法典', 5, null],
    ['中华人民共和国刑法', 234, 'criminal'],
    ['劳动合同法', 47, 'labor'],
    ['商标法', 57, 'ip'],
    ['民事诉讼法', 122, null],
  ] as const)('%s %i → %s', (law, article, domain) => {
    expect(lawDomain(law, article)).toBe(domain)
  })
})

describe('risk lexicon: a few more fresh paraphrases', () => {
  it.each([
    ['不用查了 到时候我人都不在了', 'self_harm'],
    ['我爸妈都不要我了 我在同学家借住', 'vulnerable'],
    ['工友在工地门口搭了帐篷 说要一直住到给钱为止', 'group_protest'],
    ['我去省纪委实名举报', 'escalation'],
  ])('%s → %s', (text, kind) => {
    expect(lex(text)).toContain(kind)
  })
  it.each([['我爸人都不在了 他的存款怎么取'], ['去年他打了我 已经调解好了 现在想问借款的事']])('no risk in %s', (text) => {
    expect(lex(text)).toEqual([])
  })
})
