// Loads the cached model (trained by test/support/global-setup.ts, or here if that did not run) and checks
// clear sentences we never trained on, plus the Analysis contract the dialogue relies on.
import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../core/config.js'
import { DOMAINS, INTENTS, type Intent } from '../../core/labels.js'
import { loadClassifier, type Classifier } from '../../nlp/index.js'

let clf: Classifier
const thresholds = loadConfig({}).nlp

beforeAll(async () => {
  clf = await loadClassifier({ modelDir: './data/model', thresholds })
}, 180_000)

const CLEAR: [Intent, string][] = [
  ['consult', '没签劳动合同 单位要赔我双倍工资吗'],
  ['consult', '婚前他父母买的房子 离婚我能分到吗'],
  ['dispute', '隔壁在我家地里盖了猪圈 说不通 请你们帮忙调解一下'],
  ['filing', '我想起诉他 要准备什么材料 在哪个法院立案'],
  ['case_query', '我的案子（2025）内0727民初1234号什么时候开庭'],
  ['enforcement', '判决生效三个月了对方一分钱不给 怎么申请强制执行'],
  ['petition', '二审判决不公平 我要申请再审'],
  ['complaint', '我要投诉立案窗口那个工作人员 态度太差'],
  ['judicial_aid', '家里困难交不起诉讼费 能申请缓交吗'],
  ['appointment', '我想预约下个月的院长接待日'],
  ['ticket_status', '我的工单SY-2026-000123处理得怎么样了'],
  ['human', '别让机器人回了 转人工'],
  ['greeting', '好的 谢谢你们'],
  ['out_of_scope', '社保卡丢了去哪里补办'],
]

describe('classifier', () => {
  it.each(CLEAR)('%s ← %s', (intent, text) => {
    expect(clf.analyze(text).intent).toBe(intent)
  })

  it.each([
    ['老板拖欠工资三个月不给', ['wage_arrears', 'labor']],
    ['离昏后孩子归谁', ['marriage_family']],
    ['被车撞了 交警说对方全责 保险公司不赔', ['traffic']],
    ['小区物业费涨价了 物业服务又差', ['property_mgmt']],
  ])('domain of %s', (text, domains) => {
    expect(domains).toContain(clf.analyze(text).domain)
  })

  it('returns a full, consistent Analysis', () => {
    const a = clf.analyze('俺老板欠俺３万５工资，去年三月到现在，电话13812345678', { now: new Date(2026, 2, 15) })
    expect(a.normalized).toBe('我老板欠我3万5工资,去年三月到现在,电话13812345678')
    expect(INTENTS).toContain(a.intent)
    expect(DOMAINS).toContain(a.domain)
    expect(a.intents[0]?.label).toBe(a.intent)
    expect(a.confidence).toBe(a.intents[0]?.score)
    expect(a.intents).toHaveLength(INTENTS.length)
    const total = a.intents.reduce((s, r) => s + r.score, 0)
    expect(total).toBeCloseTo(1, 5)
    expect(a.entities.amounts.map((x) => x.value)).toEqual([35000])
    expect(a.entities.dates[0]?.date).toBe('2025-03-01')
    expect(a.entities.phones).toEqual(['13812345678'])
    expect(['confident', 'unsure', 'none']).toContain(a.decision.kind)
  })

  it('flags risk without changing the intent', () => {
    const calm = clf.analyze('判决生效了对方不给钱 怎么申请强制执行')
    const angry = clf.analyze('判决生效了对方不给钱 怎么申请强制执行 再不给我就去北京上访')
    expect(calm.risk).toBe(false)
    expect(angry.risk).toBe(true)
    expect(angry.riskKinds).toContain('escalation')
    expect(angry.risk).toBe(angry.riskKinds.length > 0)
  })

  it('is confident on a clear request and says none on noise', () => {
    expect(clf.analyze('转人工').decision).toEqual({ kind: 'confident', intent: 'human' })
    for (const noise of ['qwxz 呃呃 ……', '？', '😀😀']) {
      const a = clf.analyze(noise)
      expect(a.decision).toEqual({ kind: 'none' })
      expect(a.domain).toBe('other')
    }
  })

  it('classifies fast (median well under 2 ms)', () => {
    const times: number[] = []
    for (let i = 0; i < 300; i++) {
      const s = performance.now()
      clf.analyze(`我想问一下第${i}个问题 老板欠我${i}千块钱怎么办`)
      times.push(performance.now() - s)
    }
    times.sort((a, b) => a - b)
    expect(times[150]).toBeLessThan(2)
  })
})
