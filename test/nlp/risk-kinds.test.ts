// Risk by kind: phrasings written for this test only (not in training, not in the dev sets), hard negatives,
// and the Analysis contract for the new `vulnerable` kind. Table-driven.
import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../core/config.js'
import { RISK_KINDS, type RiskKind } from '../../core/labels.js'
import { loadClassifier, type Classifier } from '../../nlp/index.js'
import { normalize } from '../../nlp/normalize.js'
import { riskEntities, riskLexicon } from '../../nlp/risk.js'
import { RISK_ASK_CONTACT, RISK_REPLIES, riskReply } from '../../strings/risk.js'

let clf: Classifier
beforeAll(async () => {
  clf = await loadClassifier({ modelDir: './data/model', thresholds: loadConfig({}).nlp })
}, 180_000)

const CASES: Record<RiskKind, string[]> = {
  self_harm: [
    '说实话我已经不知道该怎么活下去了',
    '俺实在是撑不住了 谁也帮不了俺',
    '房子没了钱也没了 我准备带着闺女一起走',
    '药我已经备好了 今晚就吃',
    '我人在天台上 你们要是还拖 我就跳下去',
  ],
  violence: [
    '他要是再敢往我地里倒垃圾 我就跟他干',
    '我拎着铁锹去他家了 今天非得有个了断',
    '我就在他厂门口守着 等他出来收拾他',
    '今晚去把他家麦秸垛点了 让他也尝尝滋味',
    '我揣了把刀 找那个包工头去',
  ],
  domestic_violence: [
    '我男人昨晚又拿皮带抽我 胳膊上全是血印子',
    '老婆一生气就拿东西砸我 还用指甲抓我脸',
    '后爸喝了酒就踹我和我妹',
    '前夫天天堵在我单位门口 上回一脚把我踹倒了',
  ],
  vulnerable: [
    '我都八十二了 两个儿子把我赶出门 现在住在桥洞底下',
    '我姥姥瘫在床上 舅舅们谁都不管 已经饿了两天了',
    '我家娃在幼儿园被老师打得脸都肿了',
    '我和孩子身上一分钱都没有 今晚不知道住哪',
  ],
  group_protest: [
    '我们屯三十多户商量好了 明天一起去县政府门口',
    '全体工友说好了 礼拜一集体去堵开发商的大门',
    '业主们都报名了 周末一起去售楼处拉横幅',
    '我们几十个工人打算一块上高速 不给钱就不下来',
  ],
  escalation: [
    '去北京的高铁票我已经买好了',
    '县里市里都不管 我就去省城找领导',
    '你们别逼我 我这就进京',
    '这事你们要是还拖着 我就一路告到北京',
  ],
}

describe('risk kinds: phrasings not in training', () => {
  for (const kind of RISK_KINDS) {
    it.each(CASES[kind])(`${kind}: %s`, (text) => {
      const a = clf.analyze(text)
      expect(a.risk).toBe(true)
      expect(a.riskKinds).toContain(kind)
    })
  }
})

describe('hard negatives: no risk', () => {
  it.each([
    '气死了 物业费又涨了',
    '累死了 立案材料跑了三趟',
    '笑死 被告连名字都写错了',
    '想跳槽 竞业限制怎么算',
    '刀削面馆老板拖了我半个月工资',
    '打人判几年',
    '故意杀人罪一般怎么判',
    '持刀伤人要负什么责任',
    '家暴怎么认定',
    '什么是越级上访',
    '我在北京出差 开庭能延期吗',
    '我们几户人家想一起起诉开发商',
    '我要去市中院上诉',
    '老人去世后存款怎么继承',
    '我家猫走丢了 邻居说是他捡的',
  ])('%s', (text) => {
    expect(clf.analyze(text).risk).toBe(false)
  })
  it('a question about the law on violence stays consult / criminal', () => {
    const a = clf.analyze('打人判几年')
    expect(a.intent).toBe('consult')
    expect(a.domain).toBe('criminal')
  })
})

describe('vulnerable in the Analysis', () => {
  it('analyze() reports the vulnerable kind and orders kinds by severity', () => {
    const a = clf.analyze('儿子把我撵出来了 我七十多了 两天没吃饭了')
    expect(a.risk).toBe(true)
    expect(a.riskKinds).toContain('vulnerable')
    expect([...a.riskKinds].sort((x, y) => RISK_KINDS.indexOf(x) - RISK_KINDS.indexOf(y))).toEqual(a.riskKinds)
  })
})

describe('risk entities', () => {
  it.each([
    ['我们二十多个工友明天一起去市政府', { groups: true, destinations: true }],
    ['俺们全村的人准备上高速', { groups: true, destinations: true }],
    ['我带上铁锹去找他', { weapons: true }],
  ] as const)('%s', (text, want) => {
    const e = riskEntities(normalize(text))
    if ('groups' in want) expect(e.groups.length).toBeGreaterThan(0)
    if ('destinations' in want) expect(e.destinations.length).toBeGreaterThan(0)
    if ('weapons' in want) expect(e.weapons.length).toBeGreaterThan(0)
  })
  it('a bought ticket to Beijing is escalation on its own', () => {
    expect(riskLexicon(normalize('买好了去北京的火车票'))).toContain('escalation')
  })
})

describe('risk replies (strings/risk.ts)', () => {
  it.each([
    ['self_harm', ['12356', '110', '电话']],
    ['violence', ['责任', '冷静', '联系', '电话']],
    ['domestic_violence', ['110', '12338', '人身安全保护令', '电话']],
    ['group_protest', ['信访接待', '院长接待日', '五个人', '电话']],
    ['escalation', ['信访接待', '院长接待日', '北京', '电话']],
    ['vulnerable', ['110', '12345', '救助', '电话']],
  ] as const)('%s reply mentions %j', (kind, words) => {
    for (const w of words) expect(RISK_REPLIES[kind]).toContain(w)
  })
  it('riskReply uses the most severe kind and always asks for contact', () => {
    expect(riskReply(['escalation', 'self_harm'])).toContain('12356')
    expect(riskReply(['group_protest'])).toMatch(/电话/)
    expect(RISK_ASK_CONTACT).toMatch(/电话/)
  })
})
