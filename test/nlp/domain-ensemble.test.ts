// The domain ensemble's parts (fast regression runner, naive Bayes, legal-talk augmentation) and the taxonomy
// conventions the domain model must follow on sentences we never trained on.
import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../core/config.js'
import type { Domain } from '../../core/labels.js'
import { loadClassifier, type Classifier } from '../../nlp/index.js'
import { wrapInLegalTalk } from '../../nlp/model/augment.js'
import { logRegRunner, predictLogReg, trainLogReg } from '../../nlp/model/logreg.js'
import { naiveBayesRunner, trainNaiveBayes } from '../../nlp/model/naivebayes.js'

const EX = [
  { features: ['w:工资', 'w:老板', 'b:工资'], label: 'pay' },
  { features: ['w:工资', 'w:欠', 'w:欠'], label: 'pay' },
  { features: ['w:离婚', 'w:孩子'], label: 'family' },
  { features: ['w:离婚', 'w:老公', 'b:离婚'], label: 'family' },
  { features: ['w:股东', 'w:分红'], label: 'firm' },
]

describe('logRegRunner', () => {
  it('ranks exactly like predictLogReg and counts known features', () => {
    const m = trainLogReg(EX, { balanced: true })
    const run = logRegRunner(m)
    for (const f of [['w:工资'], ['w:离婚', 'w:离婚', 'w:老板'], ['w:天气'], ['w:股东', 'b:工资', 'w:孩子']]) {
      const a = predictLogReg(m, f)
      const b = run.rank(f)
      expect(b.map((r) => r.label)).toEqual(a.map((r) => r.label))
      b.forEach((r, i) => expect(r.score).toBeCloseTo(a[i]?.score ?? NaN, 10))
    }
    expect(run.known(['w:工资', 'w:天气', 'w:工资'])).toBe(2)
  })
})

describe('naive Bayes', () => {
  const run = naiveBayesRunner(trainNaiveBayes(EX))
  it('follows the evidence and sums to one', () => {
    expect(run.rank(['w:欠', 'w:老板'])[0]?.label).toBe('pay')
    expect(run.rank(['w:老公'])[0]?.label).toBe('family')
    const r = run.rank(['w:分红', 'w:离婚'])
    expect(r.reduce((s, x) => s + x.score, 0)).toBeCloseTo(1, 10)
  })
  it('has a uniform prior: a label with more sentences does not win without evidence', () => {
    const flat = run.rank(['w:天气'])
    expect(new Set(flat.map((x) => x.score)).size).toBe(1)
  })
})

describe('wrapInLegalTalk', () => {
  it('wraps every specific-domain sentence once, keeps the label, skips the skipped labels', () => {
    const src = [
      { text: '公司不分红', label: 'company' },
      { text: '怎么写上诉状', label: 'other' },
      { text: '城管罚了我的款', label: 'administrative' },
    ]
    const out = wrapInLegalTalk(src, new Set(['other']))
    expect(out.map((e) => e.label)).toEqual(['company', 'administrative'])
    expect(out[0]?.text).toContain('公司不分红')
    expect(out[0]?.text).not.toBe('公司不分红')
    expect(wrapInLegalTalk(src, new Set(['other']))).toEqual(out)
  })
})

describe('domain conventions (sentences not in the training data)', () => {
  let clf: Classifier
  beforeAll(async () => {
    clf = await loadClassifier({ modelDir: './data/model', thresholds: loadConfig({}).nlp })
  }, 180_000)

  it.each<[Domain, string]>([
    // the police and other organs acting as administrators are administrative, not criminal
    ['administrative', '因为在小区里吵架被派出所拘留了五天 我觉得处罚不公 能告派出所吗'],
    ['administrative', '城管把我门口的遮阳棚拆了还罚了款'],
    ['administrative', '交警开了罚单还把车扣了 我不服'],
    // partnerships and shareholders are company matters
    ['company', '合伙开的小吃店 合伙人要撤股把钱拿走'],
    ['company', '公司几个股东分红分不拢 大股东说了算'],
    // sales between individuals and service contracts are contract, not consumer
    ['contract', '把自己的旧电动车卖给了同事 他骑了两天说坏了要退钱'],
    ['contract', '跟旅行社签的合同说住四星 结果住的小旅馆'],
    // general procedure, abroad, maritime
    ['other', '收到法院的开庭通知 不知道要准备啥'],
    ['other', '在外国打工的哥哥被当地老板扣了护照'],
    ['other', '货轮在公海上跟渔船撞了'],
  ])('%s ← %s', (domain, text) => {
    expect(clf.analyze(text).domain).toBe(domain)
  })
})
