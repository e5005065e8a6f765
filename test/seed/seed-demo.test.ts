// seedDemo seeds every court of content/courts/index.json: directory, calendar, staff and the KB; a second run
// inserts nothing and changes nothing; each court routes disputes to its own bodies.
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { route, type RouteDecision } from '../../core/router.js'
import { openDb, type DbHandle } from '../../db/client.js'
import { loadDirectory, type LoadedDirectory } from '../../db/repositories/directory.js'
import { verifyPassword } from '../../db/repositories/users.js'
import { bodies, calendarDays, courts, kbArticles, regions, routingRules, users } from '../../db/schema/index.js'
import { loadContent } from '../../db/seed/content.js'
import { DEMO_USERS, seedDemo, type SeedResult } from '../../db/seed/index.js'
import { loadKbArticlesFromFiles } from '../../db/seed/kb/files.js'

const content = loadContent()
const articles = loadKbArticlesFromFiles()

let h: DbHandle
let first: SeedResult
beforeAll(async () => {
  h = openDb(':memory:')
  first = await seedDemo(h.db, { adminPassword: 'admin-test-password' })
})
afterAll(() => h.close())

const TABLES = { courts, regions, bodies, routingRules, calendarDays, users, kbArticles } as const
async function snapshot(db: DbHandle['db']): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {}
  for (const [name, t] of Object.entries(TABLES)) out[name] = await db.select().from(t)
  return out
}

describe('seedDemo', () => {
  it('seeds every court of index.json and returns the first one’s id', async () => {
    const rows = await h.db.select().from(courts).orderBy(courts.id)
    expect(rows.map((c) => [c.code, c.name, c.caseCode])).toEqual(content.courts.map((c) => [c.court.code, c.court.name, c.court.caseCode]))
    expect(first.courtId).toBe(rows[0]!.id)
    expect(first.courtIds).toEqual(Object.fromEntries(rows.map((c) => [c.code, c.id])))
    expect(first.generatedAdminPassword).toBeNull()
  })

  it('gives each court its own regions, bodies, rules, calendar, staff and KB', async () => {
    for (const c of content.courts) {
      const courtId = first.courtIds[c.court.code]!
      const count = async (t: typeof regions | typeof bodies | typeof routingRules | typeof calendarDays | typeof kbArticles): Promise<number> =>
        (await h.db.select().from(t).where(eq(t.courtId, courtId))).length
      expect([await count(regions), await count(bodies), await count(routingRules), await count(calendarDays), await count(kbArticles)]).toEqual([
        c.regions.length,
        c.bodies.length,
        c.rules.length,
        content.calendar.length,
        articles.length,
      ])
      const staff = await h.db.select().from(users).where(eq(users.courtId, courtId))
      const courtBodies = new Map((await h.db.select().from(bodies).where(eq(bodies.courtId, courtId))).map((b) => [b.id, b.code]))
      for (const s of c.staff) {
        const u = staff.find((x) => x.username === s.username)
        expect(u, s.username).toBeDefined()
        expect([u!.role, u!.displayName, u!.bodyId === null ? null : courtBodies.get(u!.bodyId)]).toEqual([s.role, s.displayName, s.body])
        expect(verifyPassword(`${s.username}-demo`, u!.passwordHash)).toBe(true)
      }
    }
    // nested regions keep their parent: 桃园社区 inside 和平街道
    const cityId = first.courtIds['demo-city']!
    const cityRegions = await h.db.select().from(regions).where(eq(regions.courtId, cityId))
    const taoyuan = cityRegions.find((r) => r.code === 'taoyuan')!
    expect(cityRegions.find((r) => r.id === taoyuan.parentId)?.code).toBe('heping')
    // the admin belongs to the first court; every demo account got seeded
    const admin = (await h.db.select().from(users).where(eq(users.username, 'admin')))[0]!
    expect(admin.courtId).toBe(first.courtId)
    expect(verifyPassword('admin-test-password', admin.passwordHash)).toBe(true)
    expect((await h.db.select().from(users)).map((u) => u.username).sort()).toEqual(['admin', ...DEMO_USERS.map((u) => u.username)].sort())
  })

  it('is idempotent: a second run inserts nothing and changes nothing, and keeps what staff edited', async () => {
    const cityId = first.courtIds['demo-city']!
    await h.db.update(bodies).set({ contact: '0477-0000000' }).where(eq(bodies.code, 'xinfang'))
    await h.db.update(routingRules).set({ priority: 1 }).where(eq(routingRules.courtId, cityId))
    await h.db.update(courts).set({ name: '示例市城区人民法院（改名）' }).where(eq(courts.id, cityId))
    const before = await snapshot(h.db)
    const again = await seedDemo(h.db)
    expect(again).toEqual({ courtId: first.courtId, courtIds: first.courtIds, generatedAdminPassword: null })
    expect(await snapshot(h.db)).toEqual(before)
  })
})

describe('each court routes to its own bodies', () => {
  const dirs = new Map<string, LoadedDirectory>()
  beforeAll(async () => {
    for (const [code, id] of Object.entries(first.courtIds)) dirs.set(code, await loadDirectory(h.db, id))
  })
  const run = (court: string, r: { intent: Parameters<typeof route>[0]['intent']; domain: Parameters<typeof route>[0]['domain']; region?: string; amount?: number; text?: string; risk?: boolean }): { d: RouteDecision; code: string } => {
    const dir = dirs.get(court)!
    const regionId = r.region ? dir.regions.find((x) => x.code === r.region)!.id : null
    const d = route({ intent: r.intent, domain: r.domain, regionId, risk: r.risk ?? false, amount: r.amount ?? null, text: r.text }, dir)
    const code = d.kind === 'ticket' ? d.bodyCode : dir.bodies.find((b) => b.name === d.target)!.code
    if (d.kind === 'ticket') expect(dir.bodies.some((b) => b.id === d.bodyId)).toBe(true)
    return { d, code }
  }

  it('a neighbour dispute goes to the local committee of each court', () => {
    const county = run('demo', { intent: 'dispute', domain: 'neighbor', region: 'wulan' })
    expect(county.code).toBe('baiyin-tiaojie')
    const city = run('demo-city', { intent: 'dispute', domain: 'neighbor', region: 'taoyuan' })
    expect(city.code).toBe('heping-tiaojie')
    expect(city.d.reason).toBe('相邻邻里纠纷，发生在和平街道桃园社区 → 和平街道人民调解委员会：先由纠纷发生地的街道调解委员会就近调解，调解不成及时转立案')
    const cityBodyIds = new Set(dirs.get('demo-city')!.bodies.map((b) => b.id))
    expect(county.d.kind === 'ticket' && cityBodyIds.has(county.d.bodyId)).toBe(false)
  })

  // [what, request, body code, kind] over the city court
  const CITY: [string, Parameters<typeof run>[1], string, 'ticket' | 'referral'][] = [
    ['邻里 in 桃园社区 → 和平街道', { intent: 'dispute', domain: 'neighbor', region: 'taoyuan' }, 'heping-tiaojie', 'ticket'],
    ['婚姻家庭 in 友谊社区 → 建设街道', { intent: 'dispute', domain: 'marriage_family', region: 'youyi' }, 'jianshe-tiaojie', 'ticket'],
    ['继承 in 柳岸社区 → 滨河街道', { intent: 'dispute', domain: 'inheritance', region: 'liuan' }, 'binhe-tiaojie', 'ticket'],
    ['租房 in 锦绣社区 → 开元街道', { intent: 'dispute', domain: 'housing', region: 'jinxiu' }, 'kaiyuan-tiaojie', 'ticket'],
    ['物业 in 光明社区 → 物业纠纷调解室', { intent: 'dispute', domain: 'property_mgmt', region: 'guangming' }, 'wuye-tiaojie', 'ticket'],
    ['交通事故', { intent: 'dispute', domain: 'traffic', region: 'binhe' }, 'jiaotong-tiaojie', 'ticket'],
    ['合同 → 诉调对接中心', { intent: 'dispute', domain: 'contract', region: 'heping', amount: 20_000 }, 'sutiao-duijie', 'ticket'],
    ['借贷 with no place → 诉调对接中心', { intent: 'dispute', domain: 'lending' }, 'sutiao-duijie', 'ticket'],
    ['立案', { intent: 'filing', domain: 'marriage_family' }, 'lian-ting', 'ticket'],
    ['司法救助', { intent: 'judicial_aid', domain: 'personal_injury' }, 'lian-ting', 'ticket'],
    ['执行', { intent: 'enforcement', domain: 'lending' }, 'zhixing-ju', 'ticket'],
    ['申诉', { intent: 'petition', domain: 'other' }, 'xinfang', 'ticket'],
    ['投诉', { intent: 'complaint', domain: 'other' }, 'xinfang', 'ticket'],
    ['案件查询', { intent: 'case_query', domain: 'contract' }, 'susong-fuwu', 'ticket'],
    ['邻里 with no place → catch-all', { intent: 'dispute', domain: 'neighbor' }, 'susong-fuwu', 'ticket'],
    ['risk → duty unit', { intent: 'dispute', domain: 'neighbor', region: 'taoyuan', risk: true }, 'susong-fuwu', 'ticket'],
    ['欠薪 → 仲裁委 (referral)', { intent: 'dispute', domain: 'wage_arrears', region: 'xincun' }, 'laodong-zhongcai', 'referral'],
    ['法律援助 → referral', { intent: 'judicial_aid', domain: 'labor', text: '我请不起律师' }, 'falv-yuanzhu', 'referral'],
    ['消费 → 消协 (referral)', { intent: 'dispute', domain: 'consumer' }, 'xiaoxie', 'referral'],
    ['政务 → 12345', { intent: 'out_of_scope', domain: 'other' }, 'zhengwu-12345', 'referral'],
    ['报案 → 110', { intent: 'dispute', domain: 'criminal' }, 'gongan-110', 'referral'],
  ]

  it.each(CITY)('示例市城区: %s', (_what, req, code, kind) => {
    const { d, code: landed } = run('demo-city', req)
    expect([landed, d.kind]).toEqual([code, kind])
  })

  it('every city body is reachable, and small loans get the 速裁 hint', () => {
    const reached = new Set(CITY.map(([, req]) => run('demo-city', req).code))
    expect([...reached].sort()).toEqual(dirs.get('demo-city')!.bodies.map((b) => b.code).sort())
    const small = run('demo-city', { intent: 'dispute', domain: 'lending', region: 'heping', amount: 8000 }).d
    expect(small.kind === 'ticket' && small.fastTrack).toBe(true)
    expect(dirs.get('demo-city')!.problems).toEqual([])
  })
})
