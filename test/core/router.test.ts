import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isSuyuanError } from '../../core/errors.js'
import { DOMAIN_NAMES, INTENT_NAMES, type Domain, type Intent } from '../../core/labels.js'
import { findRegion, route, type Directory, type RouteDecision } from '../../core/router.js'
import { openDb, type DbHandle } from '../../db/client.js'
import { loadDirectory } from '../../db/repositories/directory.js'
import { bodies, calendarDays, courts, regions, routingRules } from '../../db/schema/index.js'
import { DEMO_BODIES, DEMO_BODY_CODES, DEMO_CALENDAR, DEMO_REGIONS, DEMO_RULES, seedDirectory } from '../../db/seed/directory.js'

interface Req {
  intent: Intent
  domain: Domain
  region?: string
  risk?: boolean
  amount?: number
  text?: string
}

async function fresh(): Promise<{ h: DbHandle; courtId: number }> {
  const h = openDb(':memory:')
  const court = (await h.db.insert(courts).values({ code: 'demo', name: '示例县人民法院' }).returning())[0]!
  await seedDirectory(h.db, court.id)
  return { h, courtId: court.id }
}

let h: DbHandle
let dir: Directory
const handles: DbHandle[] = []

beforeAll(async () => {
  const f = await fresh()
  h = f.h
  handles.push(h)
  dir = await loadDirectory(h.db, f.courtId)
})
afterAll(() => handles.forEach((x) => x.close()))

const regionId = (code: string, d: Directory = dir): number => {
  const r = d.regions.find((x) => x.code === code)
  if (!r) throw new Error(`no region ${code}`)
  return r.id
}
const run = (r: Req, d: Directory = dir): RouteDecision =>
  route({ intent: r.intent, domain: r.domain, regionId: r.region ? regionId(r.region, d) : null, risk: r.risk ?? false, amount: r.amount ?? null, text: r.text }, d)
/** the body code a decision lands on (referrals: the referral body with that name) */
const landed = (d: RouteDecision): string =>
  d.kind === 'ticket' ? d.bodyCode : (dir.bodies.find((b) => b.name === d.target)?.code ?? `?${d.target}`)

// [what, request, expected body code, expected kind]
const TABLE: [string, Req, string, 'ticket' | 'referral'][] = [
  ['邻里纠纷 in a 城关镇 community → 城关镇 committee', { intent: 'dispute', domain: 'neighbor', region: 'xiangyang' }, 'cityguan-tiaojie', 'ticket'],
  ['婚姻家庭 in 新华街道 幸福社区', { intent: 'dispute', domain: 'marriage_family', region: 'xingfu' }, 'xinhua-tiaojie', 'ticket'],
  ['土地 in 红旗村 → 东风镇 committee', { intent: 'dispute', domain: 'land', region: 'hongqi' }, 'dongfeng-tiaojie', 'ticket'],
  ['继承 in 西河乡', { intent: 'dispute', domain: 'inheritance', region: 'xihe' }, 'xihe-tiaojie', 'ticket'],
  ['邻里 in 乌兰嘎查 → 白音苏木 committee', { intent: 'dispute', domain: 'neighbor', region: 'wulan' }, 'baiyin-tiaojie', 'ticket'],
  ['人身损害 in 哈达嘎查 → 巴彦苏木 committee', { intent: 'dispute', domain: 'personal_injury', region: 'hada' }, 'bayan-tiaojie', 'ticket'],
  ['large loan in 石门村 → 南岭镇 committee', { intent: 'dispute', domain: 'lending', region: 'shimen', amount: 200_000 }, 'nanling-tiaojie', 'ticket'],
  ['房屋租赁 in 北湖乡', { intent: 'dispute', domain: 'housing', region: 'beihu' }, 'beihu-tiaojie', 'ticket'],
  ['物业 in 城关镇', { intent: 'dispute', domain: 'property_mgmt', region: 'chengguan' }, 'wuye-tiaojie', 'ticket'],
  ['交通事故 in 东风镇', { intent: 'dispute', domain: 'traffic', region: 'dongfeng' }, 'jiaotong-tiaojie', 'ticket'],
  ['医疗纠纷, place unknown', { intent: 'dispute', domain: 'medical' }, 'yiliao-tiaojie', 'ticket'],
  ['拖欠工资 in 白音苏木 → 仲裁委, not the local committee', { intent: 'dispute', domain: 'wage_arrears', region: 'baiyin' }, 'laodong-zhongcai', 'ticket'],
  ['劳动争议 asking how to sue → 仲裁前置', { intent: 'filing', domain: 'labor' }, 'laodong-zhongcai', 'ticket'],
  ['消费纠纷', { intent: 'dispute', domain: 'consumer', amount: 3000 }, 'xiaoxie', 'ticket'],
  ['合同纠纷 in 城关镇 → 特邀调解员 (committees do not take contracts)', { intent: 'dispute', domain: 'contract', region: 'chengguan' }, 'teyao-tiaojie', 'ticket'],
  ['借贷 with no place → court-wide 特邀调解员', { intent: 'dispute', domain: 'lending' }, 'teyao-tiaojie', 'ticket'],
  ['立案咨询 for a divorce', { intent: 'filing', domain: 'marriage_family' }, 'lian-ting', 'ticket'],
  ['司法救助', { intent: 'judicial_aid', domain: 'personal_injury', text: '执行不到钱，生活很困难' }, 'lian-ting', 'ticket'],
  ['small loan filing → 速裁', { intent: 'filing', domain: 'lending', amount: 30_000 }, 'sucai', 'ticket'],
  ['执行', { intent: 'enforcement', domain: 'lending' }, 'zhixing-ju', 'ticket'],
  ['拖欠工资 after judgment → 执行局', { intent: 'enforcement', domain: 'wage_arrears' }, 'zhixing-ju', 'ticket'],
  ['申诉', { intent: 'petition', domain: 'other' }, 'xinfang', 'ticket'],
  ['院长接待日预约', { intent: 'appointment', domain: 'other' }, 'xinfang', 'ticket'],
  ['投诉', { intent: 'complaint', domain: 'other' }, 'shenguan-ban', 'ticket'],
  ['案件查询', { intent: 'case_query', domain: 'contract' }, 'susong-fuwu', 'ticket'],
  ['greeting → catch-all', { intent: 'greeting', domain: 'other' }, 'susong-fuwu', 'ticket'],
  ['wants a person → catch-all', { intent: 'human', domain: 'other' }, 'susong-fuwu', 'ticket'],
  ['知识产权 dispute: no body takes it → catch-all', { intent: 'dispute', domain: 'ip', region: 'chengguan' }, 'susong-fuwu', 'ticket'],
  ['邻里 with no place: no court-wide committee → catch-all', { intent: 'dispute', domain: 'neighbor' }, 'susong-fuwu', 'ticket'],
  ['risk → duty unit', { intent: 'dispute', domain: 'neighbor', region: 'wulan', risk: true }, 'susong-fuwu', 'ticket'],
  ['法律援助 → referral to 法律援助中心', { intent: 'judicial_aid', domain: 'labor', text: '我请不起律师，能申请法律援助吗' }, 'falv-yuanzhu', 'referral'],
  ['government matter → 12345', { intent: 'out_of_scope', domain: 'other', text: '小区路灯坏了' }, 'zhengwu-12345', 'referral'],
  ['报案 → 110', { intent: 'dispute', domain: 'criminal', text: '家里被偷了' }, 'gongan-110', 'referral'],
  ['行政复议 → 司法局', { intent: 'consult', domain: 'administrative', text: '对罚款决定不服想申请复议' }, 'sifa-fuyi', 'referral'],
  ['行政诉讼 (no 复议) → 立案庭', { intent: 'dispute', domain: 'administrative', text: '对拆迁决定不服' }, 'lian-ting', 'ticket'],
]

describe('route over the demo directory', () => {
  it.each(TABLE)('%s', (_what, req, code, kind) => {
    const d = run(req)
    expect(d.kind).toBe(kind)
    expect(landed(d)).toBe(code)
  })

  it('every demo body is reachable by some request in the table', async () => {
    const reached = new Set(TABLE.map(([, req]) => landed(run(req))))
    expect([...reached].sort()).toEqual(Object.values(DEMO_BODY_CODES).sort())
    expect(new Set(dir.bodies.map((b) => b.code))).toEqual(reached)
  })

  it('referrals carry the contact and create no ticket', async () => {
    const d = run({ intent: 'out_of_scope', domain: 'other' })
    expect(d).toMatchObject({ kind: 'referral', target: '12345政务服务便民热线', contact: '12345' })
    expect(d).not.toHaveProperty('bodyId')
    const police = run({ intent: 'dispute', domain: 'criminal' })
    expect(police.kind === 'referral' && police.contact).toMatch(/110/)
  })

  it('the reason names the matter, the place (village with its town) and the body, in the court words', async () => {
    const d = run({ intent: 'dispute', domain: 'property_mgmt', region: 'chengguan' })
    expect(d.kind === 'ticket' && d.reason).toBe('物业服务纠纷，发生在城关镇 → 县住建局物业纠纷联合调解室：本辖区物业纠纷先行调解')
    for (const [, req] of TABLE) {
      const r = run(req)
      // 'other' matters are named by what the citizen wants (申诉信访, …) instead of the domain
      expect(r.reason).toContain(req.domain === 'other' && req.intent !== 'dispute' ? INTENT_NAMES[req.intent] : DOMAIN_NAMES[req.domain])
      if (req.region) {
        const region = DEMO_REGIONS.find((x) => x.code === req.region)!
        expect(r.reason).toContain(region.name)
        if (region.parent) expect(r.reason).toContain(DEMO_REGIONS.find((x) => x.code === region.parent)!.name + region.name)
      } else {
        expect(r.reason).toContain('地点未说明')
      }
      expect(r.reason).toContain(r.kind === 'ticket' ? r.bodyName : r.target)
    }
  })

  it('labour disputes say that arbitration comes before court', async () => {
    expect(run({ intent: 'dispute', domain: 'labor', region: 'hongqi' }).reason).toMatch(/先申请劳动仲裁.*再向法院起诉/)
  })

  it('region scoping: the same dispute goes to the committee of the town where it happened', async () => {
    const byTown = (['hongqi', 'dongfeng', 'wulan', 'baiyin', 'shimen'] as const).map((region) => landed(run({ intent: 'dispute', domain: 'neighbor', region })))
    expect(byTown).toEqual(['dongfeng-tiaojie', 'dongfeng-tiaojie', 'baiyin-tiaojie', 'baiyin-tiaojie', 'nanling-tiaojie'])
  })

  it('an unknown region id routes as if no place was given', async () => {
    const d = route({ intent: 'dispute', domain: 'lending', regionId: 99_999, risk: false }, dir)
    expect(landed(d)).toBe('teyao-tiaojie')
  })

  it.each([
    [{ intent: 'dispute', domain: 'lending', amount: 20_000 }, true],
    [{ intent: 'dispute', domain: 'lending', amount: 50_000 }, true],
    [{ intent: 'dispute', domain: 'lending', amount: 50_001 }, false],
    [{ intent: 'dispute', domain: 'lending' }, false],
    [{ intent: 'dispute', domain: 'consumer', amount: 800 }, true],
    [{ intent: 'filing', domain: 'contract', amount: 10_000 }, true],
    [{ intent: 'dispute', domain: 'neighbor', region: 'wulan', amount: 1000 }, false],
    [{ intent: 'dispute', domain: 'lending', amount: 20_000, risk: true }, false],
  ] as [Req, boolean][])('fast-track hint %j → %s', (req, fast) => {
    const d = run(req)
    expect(d.kind).toBe('ticket')
    expect(d.kind === 'ticket' && d.fastTrack).toBe(fast)
  })

  it('fast track is a hint: mediation first still picks the body', async () => {
    const d = run({ intent: 'dispute', domain: 'lending', region: 'hongqi', amount: 20_000 })
    expect(d).toMatchObject({ kind: 'ticket', bodyCode: 'dongfeng-tiaojie', fastTrack: true })
  })

  it.each(['dispute', 'out_of_scope', 'enforcement', 'greeting'] as Intent[])('risk wins over everything (%s) and goes to the duty unit', (intent) => {
    const d = run({ intent, domain: 'other', risk: true })
    expect(d).toMatchObject({ kind: 'ticket', bodyCode: 'susong-fuwu', ruleName: '风险预警：值班优先' })
    expect(dir.bodies.find((b) => b.code === 'susong-fuwu')?.isDutyUnit).toBe(true)
  })
})

describe('rules are data', () => {
  it('a disabled rule is ignored', async () => {
    const f = await fresh()
    handles.push(f.h)
    await f.h.db.update(routingRules).set({ enabled: false }).where(eq(routingRules.name, '简案快审：速裁'))
    await f.h.db.update(routingRules).set({ enabled: false }).where(eq(routingRules.name, '风险预警：值班优先'))
    const d2 = await loadDirectory(f.h.db, f.courtId)
    expect(landed(run({ intent: 'filing', domain: 'lending', amount: 30_000 }, d2))).toBe('lian-ting')
    expect(landed(run({ intent: 'dispute', domain: 'neighbor', region: 'wulan', risk: true }, d2))).toBe('baiyin-tiaojie')
  })

  it('rules are evaluated in priority order', async () => {
    const f = await fresh()
    handles.push(f.h)
    const rule = { courtId: f.courtId, name: '试点：邻里纠纷由立案庭', match: { domains: ['neighbor'] }, action: { type: 'body', body: 'lian-ting' }, reason: '试点' }
    const [low] = (await f.h.db.insert(routingRules).values({ ...rule, priority: 400 }).returning())
    expect(landed(run({ intent: 'dispute', domain: 'neighbor', region: 'wulan' }, (await loadDirectory(f.h.db, f.courtId))))).toBe('baiyin-tiaojie')
    await f.h.db.update(routingRules).set({ priority: 550 }).where(eq(routingRules.id, low!.id))
    const d = run({ intent: 'dispute', domain: 'neighbor', region: 'wulan' }, (await loadDirectory(f.h.db, f.courtId)))
    expect(d).toMatchObject({ bodyCode: 'lian-ting', ruleName: '试点：邻里纠纷由立案庭' })
  })

  it('an inactive body is skipped and the next rule decides', async () => {
    const f = await fresh()
    handles.push(f.h)
    await f.h.db.update(bodies).set({ active: false }).where(eq(bodies.code, 'baiyin-tiaojie'))
    const d2 = await loadDirectory(f.h.db, f.courtId)
    expect(landed(run({ intent: 'dispute', domain: 'neighbor', region: 'wulan' }, d2))).toBe('susong-fuwu')
    expect(landed(run({ intent: 'dispute', domain: 'lending', region: 'wulan' }, d2))).toBe('teyao-tiaojie')
  })

  it('a broken rule row is skipped and reported, routing keeps working', async () => {
    const f = await fresh()
    handles.push(f.h)
    await f.h.db.insert(routingRules).values({ courtId: f.courtId, priority: 2000, name: '坏规则', match: { intents: ['nonsense'] }, action: { type: 'body', body: 'x' }, reason: '' })
    await f.h.db.insert(routingRules).values({ courtId: f.courtId, priority: 2000, name: '坏动作', match: {}, action: { type: 'teleport' }, reason: '' })
    const d2 = await loadDirectory(f.h.db, f.courtId)
    expect(d2.problems).toHaveLength(2)
    expect(d2.problems.join('\n')).toMatch(/坏规则[\s\S]*nonsense[\s\S]*坏动作[\s\S]*teleport/)
    expect(landed(run({ intent: 'complaint', domain: 'other' }, d2))).toBe('shenguan-ban')
  })

  it('without a catch-all an unmatched request is refused with NOT_FOUND', async () => {
    const bare: Directory = { regions: dir.regions, bodies: dir.bodies.filter((b) => !b.isCatchAll), rules: dir.rules.filter((r) => r.action.type !== 'catch_all') }
    let err: unknown
    try {
      run({ intent: 'greeting', domain: 'other' }, bare)
    } catch (e) {
      err = e
    }
    expect(isSuyuanError(err) && err.code).toBe('NOT_FOUND')
  })
})

describe('findRegion', () => {
  it.each([
    ['我家在白音苏木乌兰嘎查', 'wulan'],
    ['乌兰那边的草场', 'wulan'],
    ['白音的牧民', 'baiyin'],
    ['东风镇红旗大队', 'hongqi'],
    ['县城向阳小区', 'xiangyang'],
    ['住在新华街道', 'xinhua'],
  ])('%s → %s', (text, code) => {
    expect(findRegion(text, dir.regions)?.code).toBe(code)
  })

  it('returns null when no place is named', async () => {
    expect(findRegion('邻居占了我家的地', dir.regions)).toBeNull()
  })
})

describe('demo seed', () => {
  it('has the size and shape the court needs', async () => {
    expect(dir.regions.length).toBeGreaterThanOrEqual(14)
    expect(dir.bodies.length).toBeGreaterThanOrEqual(18)
    expect(dir.bodies.filter((b) => b.isCatchAll).map((b) => b.code)).toEqual(['susong-fuwu'])
    expect(dir.bodies.filter((b) => b.isDutyUnit).map((b) => b.code)).toEqual(['susong-fuwu'])
    expect(dir.regions.filter((r) => r.kind === 'sumu').length).toBeGreaterThanOrEqual(2)
    expect(dir.regions.filter((r) => r.kind === 'gacha').every((g) => dir.regions.find((r) => r.id === g.parentId)?.kind === 'sumu')).toBe(true)
    const rows = (await h.db.select().from(bodies))
    for (const b of rows) {
      expect(b.contact, b.code).not.toBe('')
      if (b.kind !== 'referral') {
        expect(b.escalation.map((s) => s.role), b.code).toEqual(['unit_leader', 'duty_leader'])
        expect(b.workingHours?.periods.length, b.code).toBeGreaterThan(0)
      }
    }
    const years = new Set((await h.db.select().from(calendarDays)).map((d) => d.date.slice(0, 4)))
    expect(years).toEqual(new Set(['2026', '2027']))
  })

  it('is idempotent and keeps what the court edited', async () => {
    const f = await fresh()
    handles.push(f.h)
    await f.h.db.update(bodies).set({ contact: '0477-0000000' }).where(eq(bodies.code, 'xinfang'))
    await f.h.db.update(routingRules).set({ priority: 1 }).where(eq(routingRules.name, '投诉建议'))
    await seedDirectory(f.h.db, f.courtId)
    await seedDirectory(f.h.db, f.courtId)
    const count = async (t: typeof regions | typeof bodies | typeof routingRules | typeof calendarDays): Promise<number> => (await f.h.db.select().from(t)).length
    expect([await count(regions), await count(bodies), await count(routingRules), await count(calendarDays)]).toEqual([
      DEMO_REGIONS.length,
      DEMO_BODIES.length,
      DEMO_RULES.length,
      DEMO_CALENDAR.length,
    ])
    expect((await f.h.db.select().from(bodies).where(eq(bodies.code, 'xinfang')))[0]?.contact).toBe('0477-0000000')
    expect((await f.h.db.select().from(routingRules).where(eq(routingRules.name, '投诉建议')))[0]?.priority).toBe(1)
  })

  it('seeds two courts side by side without mixing them', async () => {
    const f = await fresh()
    handles.push(f.h)
    const other = (await f.h.db.insert(courts).values({ code: 'demo2', name: '另一个示例法院' }).returning())[0]!
    await seedDirectory(f.h.db, other.id)
    const a = await loadDirectory(f.h.db, f.courtId)
    const b = await loadDirectory(f.h.db, other.id)
    expect(b.bodies).toHaveLength(a.bodies.length)
    expect(new Set([...a.bodies, ...b.bodies].map((x) => x.id)).size).toBe(a.bodies.length * 2)
    const wulanB = b.regions.find((r) => r.code === 'wulan')!
    const d = route({ intent: 'dispute', domain: 'neighbor', regionId: wulanB.id, risk: false }, b)
    expect(d.kind === 'ticket' && b.bodies.some((x) => x.id === d.bodyId)).toBe(true)
  })
})
