// content/courts and content/calendars: both demo courts load, the DEMO_* constants come from the first one,
// and every kind of mistake a staff member can make in the JSON is reported with its file and entry.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isSuyuanError } from '../../core/errors.js'
import { CONTENT_DIR, formatContentProblem, loadContent, readContent } from '../../db/seed/content.js'
import { DEMO_BODIES, DEMO_BODY_CODES, DEMO_CALENDAR, DEMO_COURT, DEMO_REGIONS, DEMO_RULES } from '../../db/seed/directory.js'
import { DEMO_USERS } from '../../db/seed/index.js'
import { ROLES } from '../../db/schema/shared.js'

const tmpDirs: string[] = []
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A copy of content/ (without the KB) to break on purpose. */
function contentCopy(): { root: string; edit: (rel: string, f: (json: any) => void) => void; write: (rel: string, text: string) => void } {
  const root = mkdtempSync(join(tmpdir(), 'suyuan-content-'))
  tmpDirs.push(root)
  cpSync(join(CONTENT_DIR, 'courts'), join(root, 'courts'), { recursive: true })
  cpSync(join(CONTENT_DIR, 'calendars'), join(root, 'calendars'), { recursive: true })
  return {
    root,
    edit(rel, f) {
      const file = join(root, rel)
      const json = JSON.parse(readFileSync(file, 'utf8'))
      f(json)
      writeFileSync(file, JSON.stringify(json, null, 2))
    },
    write: (rel, text) => writeFileSync(join(root, rel), text),
  }
}

/** problems as "<path below root>: <entry>: <message>" */
const problemsOf = (root: string): string[] => readContent(root).problems.map((p) => formatContentProblem({ ...p, file: p.file.slice(p.file.indexOf(root) + root.length + 1) }))

describe('the demo content', () => {
  it('has two courts with their own directories and staff, and one calendar for both', () => {
    const { content, problems } = readContent()
    expect(problems.map(formatContentProblem)).toEqual([])
    expect(content.courts.map((c) => [c.court.code, c.court.name, c.court.caseCode])).toEqual([
      ['demo', '示例县人民法院', '示0101'],
      ['demo-city', '示例市城区人民法院', '示0102'],
    ])
    const city = content.courts[1]!
    expect(city.regions.filter((r) => r.kind === 'subdistrict').length).toBeGreaterThanOrEqual(3)
    expect(city.regions.filter((r) => r.kind === 'community').length).toBeGreaterThanOrEqual(3)
    expect(city.bodies.filter((b) => b.isCatchAll).map((b) => b.name)).toEqual(['诉讼服务中心'])
    expect(city.bodies.map((b) => b.name)).toEqual(
      expect.arrayContaining(['和平街道人民调解委员会', '城区物业纠纷调解室', '立案庭', '信访接待室', '示例市劳动人事争议仲裁委员会']),
    )
    expect(city.staff.map((s) => [s.username, s.role])).toEqual([
      ['city-handler1', 'handler'],
      ['city-handler2', 'handler'],
      ['city-handler3', 'handler'],
      ['city-leader1', 'unit_leader'],
      ['city-duty', 'duty_leader'],
    ])
    // 2026 and 2027, holidays and 调休 working days
    expect(new Set(content.calendar.map((d) => d.date.slice(0, 4)))).toEqual(new Set(['2026', '2027']))
    expect(content.calendar.find((d) => d.date === '2026-02-14')).toEqual({ date: '2026-02-14', kind: 'workday', name: '春节调休' })
    expect(content.calendar.filter((d) => d.name === '春节' && d.date.startsWith('2026'))).toHaveLength(9)
  })

  it('DEMO_* are the first court of index.json, as the tests and benches have always used them', () => {
    const first = loadContent().courts[0]!
    expect(DEMO_COURT).toEqual({ code: 'demo', name: '示例县人民法院', caseCode: '示0101' })
    expect(DEMO_REGIONS).toEqual(first.regions)
    expect(DEMO_BODIES).toEqual(first.bodies)
    expect(DEMO_RULES).toEqual(first.rules)
    expect(DEMO_CALENDAR).toEqual(loadContent().calendar)
    expect(DEMO_BODY_CODES.lianTing).toBe('lian-ting')
    expect(Object.values(DEMO_BODY_CODES).sort()).toEqual(first.bodies.map((b) => b.code).sort())
  })

  it('demo passwords are computed from the username, never stored in the content', () => {
    expect(DEMO_USERS.find((u) => u.username === 'city-duty')).toMatchObject({ court: 'demo-city', password: 'city-duty-demo', body: null })
    expect(DEMO_USERS.find((u) => u.username === 'handler1')).toMatchObject({ court: 'demo', password: 'handler1-demo', body: 'cityguan-tiaojie' })
    for (const folder of ['demo', 'demo-city']) expect(readFileSync(join(CONTENT_DIR, 'courts', folder, 'staff.json'), 'utf8')).not.toMatch(/-demo"|password/)
    expect(new Set(DEMO_USERS.map((u) => u.username)).size).toBe(DEMO_USERS.length)
  })
})

describe('content checks name the file and the entry', () => {
  it('directory: unknown codes, duplicates, bad kinds and typos', () => {
    const c = contentCopy()
    c.edit('courts/demo-city/directory.json', (d) => {
      d.regions.push({ code: 'taoyuan', name: '又一个桃园', kind: 'community', parent: 'heping', aliases: [] })
      d.regions.push({ code: 'lost', name: '无主社区', kind: 'hamlet', parent: 'nowhere', aliases: [] })
      d.bodies[0].regions = ['heping', 'hepingg']
      d.bodies[0].domains.push('neighbour')
      d.bodies[1].adress = '打错字段名'
      d.bodies[2].code = d.bodies[3].code
      d.bodies[4].hours = [['14:00', '12:00']]
      d.rules.find((r: any) => r.name === '执行事项').action.body = 'zhixing'
      d.rules.find((r: any) => r.name === '申诉信访').name = '预约接待'
      d.rules.find((r: any) => r.name === '案件查询').match = { intent: ['case_query'] }
    })
    expect(problemsOf(c.root)).toEqual([
      'courts/demo-city/directory.json: regions[12] lost: unknown region kind "hamlet" (expected town, township, subdistrict, sumu, village, gacha, community)',
      'courts/demo-city/directory.json: regions[11] taoyuan: duplicate region code "taoyuan" (also regions[4] taoyuan)',
      'courts/demo-city/directory.json: regions[12] lost: unknown parent region "nowhere"',
      'courts/demo-city/directory.json: bodies[1] jianshe-tiaojie: unknown field "adress" (expected code, name, kind, domains, intents, regions, contact, address, hours, acceptHours, resolveDays, escalation, isCatchAll, isDutyUnit, description)',
      'courts/demo-city/directory.json: bodies[0] heping-tiaojie: unknown domain "neighbour"',
      'courts/demo-city/directory.json: bodies[0] heping-tiaojie: unknown region "hepingg"',
      'courts/demo-city/directory.json: bodies[4] wuye-tiaojie: "hours" period ["14:00","12:00"] must be ["HH:MM", "HH:MM"], start before end',
      'courts/demo-city/directory.json: bodies[3] kaiyuan-tiaojie: duplicate body code "kaiyuan-tiaojie" (also bodies[2] kaiyuan-tiaojie)',
      'courts/demo-city/directory.json: rules[4] 「执行事项」: unknown body "zhixing"',
      'courts/demo-city/directory.json: rules[8] 「案件查询」: unknown match field "intent" (expected intents, domains, risk, textAny, amountMax)',
      'courts/demo-city/directory.json: rules[6] 「预约接待」: duplicate rule name "预约接待" (also rules[5] 「预约接待」)',
    ])
    try {
      loadContent(c.root)
      throw new Error('loaded')
    } catch (e) {
      expect(isSuyuanError(e) && e.code).toBe('BAD_INPUT')
      expect((e as Error).message).toMatch(/demo-city\/directory\.json: bodies\[0\] heping-tiaojie: unknown region "hepingg"/)
    }
  })

  it('staff: bad roles, unknown bodies, admins, and a username used by two courts', () => {
    const c = contentCopy()
    c.edit('courts/demo-city/staff.json', (s) => {
      s.staff[0].role = 'kb_reviewer_typo'
      s.staff[1].body = 'no-such-body'
      s.staff[2].body = null
      s.staff.push({ username: 'handler1', displayName: '重名', role: 'handler', body: 'lian-ting' })
      s.staff.push({ username: 'boss', displayName: '管理员', role: 'admin', body: null })
    })
    expect(problemsOf(c.root)).toEqual([
      `courts/demo-city/staff.json: staff[0] city-handler1: unknown role "kb_reviewer_typo" (expected ${ROLES.join(', ')})`,
      'courts/demo-city/staff.json: staff[1] city-handler2: unknown body "no-such-body"',
      'courts/demo-city/staff.json: staff[2] city-handler3: a handler works in a unit: give its "body"',
      'courts/demo-city/staff.json: staff[6] boss: demo accounts cannot be admins (their passwords are public)',
      `courts/demo-city/staff.json: staff[5] handler1: duplicate username "handler1" (also ${join(c.root, 'courts/demo/staff.json')} staff[0] handler1)`,
    ])
  })

  it('index and calendars: duplicate courts, missing folders, bad JSON, weekday 调休, a day given twice', () => {
    const c = contentCopy()
    c.edit('courts/index.json', (i) => {
      i.courts.push({ code: 'demo', name: '重复', caseCode: '示0103', folder: 'nowhere' })
    })
    c.edit('calendars/2027.json', (y) => {
      y.workdays.push({ name: '调休', date: '2027-03-03' })
      y.holidays.push({ name: '重复', from: '2026-12-31', to: '2027-01-01' })
    })
    c.write('courts/demo/staff.json', '{\n  "staff": [\n    { "username": "x", }\n  ]\n}\n')
    expect(problemsOf(c.root)).toEqual([
      'courts/index.json: courts[2] demo: folder content/courts/nowhere/ does not exist',
      'courts/index.json: courts[2] demo: duplicate court code "demo" (also courts[0] demo)',
      expect.stringMatching(/^courts\/demo\/staff\.json: not valid JSON at line 3, column \d+/),
      'calendars/2027.json: workdays[7] 2027-03-03: 2027-03-03 is a weekday already: a 调休 working day falls on a Saturday or Sunday',
      'calendars/2027.json: holidays[7] 重复: 2027-01-01 is given twice (also calendars/2027.json holidays[0] 元旦)'.replace(
        'calendars/2027.json holidays[0]',
        `${join(c.root, 'calendars/2027.json')} holidays[0]`,
      ),
    ])
  })

  it('a court needs exactly one catch-all and one duty unit', () => {
    const c = contentCopy()
    c.edit('courts/demo-city/directory.json', (d) => {
      for (const b of d.bodies) delete b.isCatchAll
      d.bodies[0].isDutyUnit = true
    })
    expect(problemsOf(c.root)).toEqual([
      'courts/demo-city/directory.json: bodies: needs exactly one catch-all body (诉讼服务中心, "isCatchAll": true), has 0',
      'courts/demo-city/directory.json: bodies: needs exactly one duty unit ("isDutyUnit": true), has 2',
    ])
  })
})
