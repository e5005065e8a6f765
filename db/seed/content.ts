// Reads and checks the demo courts' content: content/courts/index.json (the courts), content/courts/<folder>/
// directory.json (regions, bodies, routing rules), content/courts/<folder>/staff.json (demo accounts) and
// content/calendars/<year>.json (public holidays and 调休 working days, shared by every court).
// Every problem names its file and entry ("bodies[3] xihe-tiaojie: unknown region …"). No database here.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SuyuanError } from '../../core/errors.js'
import { isDomain, isIntent, type Domain, type Intent } from '../../core/labels.js'
import { parseRuleAction, parseRuleMatch, type RuleAction, type RuleMatch } from '../../core/router.js'
import { ROLES, type BodyKind, type EscalationStep, type Role } from '../schema/shared.js'
import { CONTENT_DIR, displayPath } from './kb/files.js'

export { CONTENT_DIR }
export const COURTS_DIR = join(CONTENT_DIR, 'courts')
export const CALENDARS_DIR = join(CONTENT_DIR, 'calendars')

export interface CourtEntry {
  code: string
  name: string
  /** short code used in ticket numbers and 案号, e.g. 示0101 */
  caseCode: string
  /** folder under content/courts/ holding directory.json and staff.json */
  folder: string
}

export const REGION_KINDS = ['town', 'township', 'subdistrict', 'sumu', 'village', 'gacha', 'community'] as const
export type RegionKind = (typeof REGION_KINDS)[number]

export interface DemoRegion {
  code: string
  name: string
  kind: RegionKind
  parent?: string
  aliases: string[]
}

export interface DemoBody {
  code: string
  name: string
  kind: BodyKind
  domains: Domain[]
  intents: Intent[]
  /** region codes served (empty: the court's whole area) */
  regions: string[]
  contact: string
  address: string
  /** working hours, e.g. [["08:30","12:00"],["14:30","18:00"]] */
  hours: [string, string][]
  /** accept (接单) within N working hours */
  acceptHours: number
  /** resolve (办结) within N working days */
  resolveDays: number
  /** who is told when a ticket is overdue (empty for referrals) */
  escalation: EscalationStep[]
  isCatchAll?: boolean
  isDutyUnit?: boolean
  description: string
}

export interface DemoRule {
  priority: number
  name: string
  match: RuleMatch
  action: RuleAction
  reason: string
  enabled?: boolean
}

export interface DemoStaff {
  username: string
  displayName: string
  role: Role
  /** code of the body the account works in; null for court-wide roles */
  body: string | null
}

export interface CalendarDay {
  /** YYYY-MM-DD */
  date: string
  kind: 'holiday' | 'workday'
  name: string
}

export interface CourtContent {
  court: CourtEntry
  regions: DemoRegion[]
  bodies: DemoBody[]
  rules: DemoRule[]
  staff: DemoStaff[]
}

export interface DemoContent {
  /** in the order of index.json; the first is the court the runtime serves */
  courts: CourtContent[]
  /** every calendar file's days, by date */
  calendar: CalendarDay[]
}

export interface ContentProblem {
  file: string
  /** the entry at fault, e.g. `bodies[3] xihe-tiaojie`; '' for the file as a whole */
  entry: string
  message: string
}

export const formatContentProblem = (p: ContentProblem): string => `${p.file}: ${p.entry ? `${p.entry}: ` : ''}${p.message}`

/** Demo accounts' passwords are computed, never stored: `<username>-demo`. Change them before real use. */
export const demoPassword = (username: string): string => `${username}-demo`

// ---- reading JSON with problems that point at the file and entry ----

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/
const USERNAME = /^[a-z0-9]+([-_.][a-z0-9]+)*$/
const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

class Sink {
  constructor(readonly problems: ContentProblem[]) {}
  add(file: string, entry: string, message: string): void {
    this.problems.push({ file: displayPath(file), entry, message })
  }
}

/** Parsed JSON, or undefined after reporting why not (missing file, syntax error at line:column). */
function readJson(sink: Sink, path: string): unknown {
  if (!existsSync(path)) {
    sink.add(path, '', 'file not found')
    return undefined
  }
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '')
  try {
    return JSON.parse(text)
  } catch (e) {
    const msg = (e as Error).message
    const pos = /position (\d+)/.exec(msg)
    if (pos) {
      const before = text.slice(0, Number(pos[1]))
      const line = before.split('\n').length
      const col = before.length - before.lastIndexOf('\n')
      sink.add(path, '', `not valid JSON at line ${line}, column ${col}: ${msg.replace(/ in JSON at position \d+.*$/, '')}`)
    } else sink.add(path, '', `not valid JSON: ${msg}`)
    return undefined
  }
}

/** Typed access to one JSON object entry; every problem is reported against `file` and `entry`. */
class Entry {
  constructor(
    private readonly sink: Sink,
    readonly file: string,
    readonly entry: string,
    readonly obj: Obj,
    allowed: readonly string[],
  ) {
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) this.bad(`unknown field "${k}" (expected ${allowed.join(', ')})`)
  }
  bad(message: string): void {
    this.sink.add(this.file, this.entry, message)
  }
  has(key: string): boolean {
    return this.obj[key] !== undefined
  }
  str(key: string, o: { optional?: boolean; empty?: boolean } = {}): string {
    const v = this.obj[key]
    if (v === undefined && o.optional) return ''
    if (typeof v !== 'string') {
      this.bad(v === undefined ? `"${key}" is missing` : `"${key}" must be text`)
      return ''
    }
    if (!o.empty && v.trim() === '') this.bad(`"${key}" is empty`)
    return v
  }
  strs(key: string, o: { optional?: boolean } = {}): string[] {
    const v = this.obj[key]
    if (v === undefined && o.optional) return []
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      this.bad(v === undefined ? `"${key}" is missing` : `"${key}" must be a list of text`)
      return []
    }
    return v as string[]
  }
  int(key: string, min: number): number {
    const v = this.obj[key]
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      this.bad(v === undefined ? `"${key}" is missing` : `"${key}" must be a whole number ≥ ${min}`)
      return min
    }
    return v
  }
  bool(key: string): boolean | undefined {
    const v = this.obj[key]
    if (v === undefined) return undefined
    if (typeof v !== 'boolean') {
      this.bad(`"${key}" must be true or false`)
      return undefined
    }
    return v
  }
}

/** The array under `key` of a file's top-level object, each element as an Entry named by `name`. */
function entries(sink: Sink, file: string, top: unknown, key: string, allowed: readonly string[], name: (o: Obj) => string): Entry[] {
  if (!isObj(top)) return []
  const list = top[key]
  if (!Array.isArray(list)) {
    sink.add(file, '', `"${key}" must be a list`)
    return []
  }
  const out: Entry[] = []
  list.forEach((item, i) => {
    if (!isObj(item)) sink.add(file, `${key}[${i}]`, 'must be an object { … }')
    else out.push(new Entry(sink, file, `${key}[${i}]${name(item) ? ' ' + name(item) : ''}`, item, allowed))
  })
  return out
}

function topLevel(sink: Sink, file: string, top: unknown, allowed: readonly string[]): boolean {
  if (top === undefined) return false
  if (!isObj(top)) {
    sink.add(file, '', 'must be a JSON object { … }')
    return false
  }
  for (const k of Object.keys(top)) if (!allowed.includes(k)) sink.add(file, '', `unknown field "${k}" (expected ${allowed.join(', ')})`)
  return true
}

const codeOf = (o: Obj, key = 'code'): string => (typeof o[key] === 'string' ? (o[key] as string) : '')

/** Reports `what` values seen twice among the entries. */
function noDuplicates(entries: readonly { e: Entry; value: string }[], what: string): void {
  const seen = new Map<string, string>()
  for (const { e, value } of entries) {
    if (value === '') continue
    const first = seen.get(value)
    if (first !== undefined) e.bad(`duplicate ${what} "${value}" (also ${first})`)
    else seen.set(value, e.entry)
  }
}

// ---- index.json ----

function readIndex(sink: Sink, root: string): CourtEntry[] {
  const file = join(root, 'courts', 'index.json')
  const top = readJson(sink, file)
  if (!topLevel(sink, file, top, ['note', 'courts'])) return []
  const es = entries(sink, file, top, 'courts', ['code', 'name', 'caseCode', 'folder'], (o) => codeOf(o))
  if (es.length === 0 && Array.isArray((top as Obj).courts)) sink.add(file, '', 'lists no court')
  const courts = es.map((e) => {
    const c: CourtEntry = { code: e.str('code'), name: e.str('name'), caseCode: e.str('caseCode'), folder: e.str('folder') }
    if (c.code && !CODE.test(c.code)) e.bad(`code "${c.code}" must be lower-case letters, digits and dashes`)
    if (c.folder && !CODE.test(c.folder)) e.bad(`folder "${c.folder}" must be lower-case letters, digits and dashes`)
    else if (c.folder && !existsSync(join(root, 'courts', c.folder))) e.bad(`folder content/courts/${c.folder}/ does not exist`)
    return { e, c }
  })
  noDuplicates(courts.map(({ e, c }) => ({ e, value: c.code })), 'court code')
  noDuplicates(courts.map(({ e, c }) => ({ e, value: c.caseCode })), 'case code')
  noDuplicates(courts.map(({ e, c }) => ({ e, value: c.folder })), 'folder')
  return courts.map(({ c }) => c)
}

// ---- directory.json ----

const REGION_FIELDS = ['code', 'name', 'kind', 'parent', 'aliases'] as const
const BODY_FIELDS = [
  'code',
  'name',
  'kind',
  'domains',
  'intents',
  'regions',
  'contact',
  'address',
  'hours',
  'acceptHours',
  'resolveDays',
  'escalation',
  'isCatchAll',
  'isDutyUnit',
  'description',
] as const
const RULE_FIELDS = ['priority', 'name', 'match', 'action', 'reason', 'enabled'] as const
const MATCH_FIELDS = ['intents', 'domains', 'risk', 'textAny', 'amountMax']
const ACTION_FIELDS: Record<string, string[]> = {
  body: ['type', 'body'],
  select: ['type', 'kind', 'scope'],
  duty: ['type'],
  catch_all: ['type'],
  flag: ['type', 'fastTrack'],
}
const BODY_KINDS: readonly BodyKind[] = ['mediation', 'court_queue', 'referral']

function readDirectory(sink: Sink, file: string): Pick<CourtContent, 'regions' | 'bodies' | 'rules'> {
  const top = readJson(sink, file)
  if (!topLevel(sink, file, top, ['note', 'regions', 'bodies', 'rules'])) return { regions: [], bodies: [], rules: [] }

  // regions
  const regionEntries = entries(sink, file, top, 'regions', REGION_FIELDS, (o) => codeOf(o))
  const regions = regionEntries.map((e) => {
    const r: DemoRegion = { code: e.str('code'), name: e.str('name'), kind: e.str('kind') as RegionKind, aliases: e.strs('aliases', { optional: true }) }
    if (e.has('parent')) r.parent = e.str('parent')
    if (r.code && !CODE.test(r.code)) e.bad(`code "${r.code}" must be lower-case letters, digits and dashes`)
    if (r.kind && !(REGION_KINDS as readonly string[]).includes(r.kind)) e.bad(`unknown region kind "${r.kind}" (expected ${REGION_KINDS.join(', ')})`)
    return { e, r }
  })
  noDuplicates(regions.map(({ e, r }) => ({ e, value: r.code })), 'region code')
  const regionByCode = new Map(regions.map(({ r }) => [r.code, r]))
  for (const { e, r } of regions) {
    if (r.parent === undefined) continue
    if (!regionByCode.has(r.parent)) e.bad(`unknown parent region "${r.parent}"`)
    else {
      // a parent chain must end: no region may be its own ancestor
      const seen = new Set<string>([r.code])
      for (let p: DemoRegion | undefined = regionByCode.get(r.parent); p; p = p.parent ? regionByCode.get(p.parent) : undefined) {
        if (seen.has(p.code)) {
          e.bad(`parent regions go round in a circle (${[...seen, p.code].join(' → ')})`)
          break
        }
        seen.add(p.code)
      }
    }
  }

  // bodies
  const bodyEntries = entries(sink, file, top, 'bodies', BODY_FIELDS, (o) => codeOf(o))
  const bodies = bodyEntries.map((e) => {
    const b: DemoBody = {
      code: e.str('code'),
      name: e.str('name'),
      kind: e.str('kind') as BodyKind,
      domains: e.strs('domains') as Domain[],
      intents: e.strs('intents') as Intent[],
      regions: e.strs('regions'),
      contact: e.str('contact', { empty: true }),
      address: e.str('address', { empty: true }),
      hours: [],
      acceptHours: e.int('acceptHours', 1),
      resolveDays: e.int('resolveDays', 1),
      escalation: [],
      description: e.str('description'),
    }
    if (b.code && !CODE.test(b.code)) e.bad(`code "${b.code}" must be lower-case letters, digits and dashes`)
    if (b.kind && !BODY_KINDS.includes(b.kind)) e.bad(`unknown body kind "${b.kind}" (expected ${BODY_KINDS.join(', ')})`)
    for (const d of b.domains) if (!isDomain(d)) e.bad(`unknown domain "${d}"`)
    for (const i of b.intents) if (!isIntent(i)) e.bad(`unknown intent "${i}"`)
    for (const r of b.regions) if (!regionByCode.has(r)) e.bad(`unknown region "${r}"`)
    const isCatchAll = e.bool('isCatchAll')
    const isDutyUnit = e.bool('isDutyUnit')
    if (isCatchAll !== undefined) b.isCatchAll = isCatchAll
    if (isDutyUnit !== undefined) b.isDutyUnit = isDutyUnit
    const hours = e.obj.hours
    if (!Array.isArray(hours) || hours.length === 0) e.bad('"hours" must list the opening periods, e.g. [["08:30", "12:00"], ["14:30", "18:00"]]')
    else {
      let last = ''
      for (const p of hours) {
        if (!Array.isArray(p) || p.length !== 2 || !p.every((t) => typeof t === 'string' && TIME.test(t)) || !(p[0] < p[1])) {
          e.bad(`"hours" period ${JSON.stringify(p)} must be ["HH:MM", "HH:MM"], start before end`)
        } else if (p[0] < last) e.bad(`"hours" periods must be in order and not overlap (${JSON.stringify(p)})`)
        else {
          last = p[1]
          b.hours.push([p[0], p[1]])
        }
      }
    }
    const esc = e.obj.escalation
    if (!Array.isArray(esc)) e.bad('"escalation" must be a list, e.g. [{ "level": 2, "role": "unit_leader" }, { "level": 3, "role": "duty_leader" }] ([] for referrals)')
    else {
      let level = 1
      for (const s of esc) {
        const ok = isObj(s) && Object.keys(s).every((k) => k === 'level' || k === 'role') && Number.isInteger(s.level) && (s.role === 'unit_leader' || s.role === 'duty_leader')
        if (!ok) e.bad(`escalation step ${JSON.stringify(s)} must be { "level": N, "role": "unit_leader" | "duty_leader" }`)
        else if ((s.level as number) <= level) e.bad(`escalation levels must go up from 2 (${JSON.stringify(s)})`)
        else {
          level = s.level as number
          b.escalation.push({ level: s.level as number, role: s.role as EscalationStep['role'] })
        }
      }
    }
    return { e, b }
  })
  noDuplicates(bodies.map(({ e, b }) => ({ e, value: b.code })), 'body code')
  noDuplicates(bodies.map(({ e, b }) => ({ e, value: b.name })), 'body name')
  const bodyCodes = new Set(bodies.map(({ b }) => b.code))
  for (const [flag, what] of [
    ['isCatchAll', 'catch-all body (诉讼服务中心, "isCatchAll": true)'],
    ['isDutyUnit', 'duty unit ("isDutyUnit": true)'],
  ] as const) {
    const n = bodies.filter(({ b }) => b[flag]).length
    if (n !== 1 && isObj(top) && Array.isArray((top as Obj).bodies)) sink.add(file, 'bodies', `needs exactly one ${what}, has ${n}`)
  }

  // rules
  const ruleEntries = entries(sink, file, top, 'rules', RULE_FIELDS, (o) => (typeof o.name === 'string' ? `「${o.name}」` : ''))
  const rules: DemoRule[] = []
  for (const e of ruleEntries) {
    const r: DemoRule = { priority: e.int('priority', 0), name: e.str('name'), match: {}, action: { type: 'catch_all' }, reason: e.str('reason') }
    const enabled = e.bool('enabled')
    if (enabled !== undefined) r.enabled = enabled
    const m = e.obj.match
    if (isObj(m)) for (const k of Object.keys(m)) if (!MATCH_FIELDS.includes(k)) e.bad(`unknown match field "${k}" (expected ${MATCH_FIELDS.join(', ')})`)
    try {
      r.match = parseRuleMatch(m)
    } catch (err) {
      e.bad(`match: ${(err as Error).message}`)
    }
    const a = e.obj.action
    try {
      r.action = parseRuleAction(a)
      for (const k of Object.keys(a as Obj)) if (!ACTION_FIELDS[r.action.type]!.includes(k)) e.bad(`unknown action field "${k}" for a "${r.action.type}" action`)
      if (r.action.type === 'body' && !bodyCodes.has(r.action.body)) e.bad(`unknown body "${r.action.body}"`)
    } catch (err) {
      e.bad(`action: ${(err as Error).message}`)
    }
    rules.push(r)
  }
  // the seed recognises a rule by its name (so an edited rule is not inserted again)
  noDuplicates(ruleEntries.map((e, i) => ({ e, value: rules[i]!.name })), 'rule name')

  return { regions: regions.map(({ r }) => r), bodies: bodies.map(({ b }) => b), rules }
}

// ---- staff.json ----

/** Roles that work in a unit and see its tickets. */
const UNIT_ROLES: readonly Role[] = ['handler', 'unit_leader']

function readStaff(sink: Sink, file: string, bodyCodes: ReadonlySet<string>): { staff: DemoStaff[]; entries: Entry[] } {
  const top = readJson(sink, file)
  if (!topLevel(sink, file, top, ['note', 'staff'])) return { staff: [], entries: [] }
  const es = entries(sink, file, top, 'staff', ['username', 'displayName', 'role', 'body'], (o) => codeOf(o, 'username'))
  const staff = es.map((e) => {
    const body = e.obj.body === undefined || e.obj.body === null ? null : e.str('body')
    const s: DemoStaff = { username: e.str('username'), displayName: e.str('displayName'), role: e.str('role') as Role, body }
    if (s.username && !USERNAME.test(s.username)) e.bad(`username "${s.username}" must be lower-case letters and digits (with - _ . between)`)
    if (s.username === 'admin') e.bad('"admin" is created by the seed with its configured password; it is not a demo account')
    if (s.role && !(ROLES as readonly string[]).includes(s.role)) e.bad(`unknown role "${s.role}" (expected ${ROLES.join(', ')})`)
    else if (s.role === 'admin') e.bad('demo accounts cannot be admins (their passwords are public)')
    if (body !== null && body !== '' && !bodyCodes.has(body)) e.bad(`unknown body "${body}"`)
    if (UNIT_ROLES.includes(s.role) && body === null) e.bad(`a ${s.role} works in a unit: give its "body"`)
    return s
  })
  return { staff, entries: es }
}

// ---- calendars ----

function dayOf(date: string): Date | null {
  if (!DATE.test(date)) return null
  const d = new Date(`${date}T00:00:00Z`)
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date ? null : d
}

function readCalendars(sink: Sink, dir: string): CalendarDay[] {
  if (!existsSync(dir)) {
    sink.add(dir, '', 'calendar folder not found')
    return []
  }
  const days: { day: CalendarDay; file: string; entry: string }[] = []
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
  if (files.length === 0) sink.add(dir, '', 'no calendar files (<year>.json)')
  for (const f of files) {
    const file = join(dir, f)
    const top = readJson(sink, file)
    if (!topLevel(sink, file, top, ['note', 'year', 'holidays', 'workdays'])) continue
    const year = (top as Obj).year
    if (!/^\d{4}\.json$/.test(f) || year !== Number(f.slice(0, 4))) sink.add(file, '', `the file name must be the year: "year": ${JSON.stringify(year)} in ${f}`)
    const y = typeof year === 'number' ? year : Number(f.slice(0, 4))
    // 元旦 may start on the last days of December: allow a month either side of the year
    const from = Date.UTC(y - 1, 11, 1)
    const to = Date.UTC(y + 1, 0, 31)
    const inRange = (e: Entry, date: string): Date | null => {
      const d = dayOf(date)
      if (!d) e.bad(`"${date}" is not a date (YYYY-MM-DD)`)
      else if (d.getTime() < from || d.getTime() > to) e.bad(`${date} is not in ${y}`)
      else return d
      return null
    }
    for (const e of entries(sink, file, top, 'holidays', ['name', 'from', 'to'], (o) => (typeof o.name === 'string' ? o.name : ''))) {
      const name = e.str('name')
      const a = inRange(e, e.str('from'))
      const b = e.has('to') ? inRange(e, e.str('to')) : a
      if (!a || !b) continue
      if (b < a) e.bad(`"to" (${e.obj.to}) is before "from" (${e.obj.from})`)
      else if ((b.getTime() - a.getTime()) / 86_400_000 > 15) e.bad('a holiday longer than 16 days: is "to" right?')
      else for (let t = a.getTime(); t <= b.getTime(); t += 86_400_000) days.push({ day: { date: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name }, file, entry: e.entry })
    }
    for (const e of entries(sink, file, top, 'workdays', ['name', 'date'], (o) => (typeof o.date === 'string' ? o.date : ''))) {
      const name = e.str('name')
      const d = inRange(e, e.str('date'))
      if (!d) continue
      const wd = d.getUTCDay()
      if (wd !== 0 && wd !== 6) e.bad(`${e.obj.date} is a weekday already: a 调休 working day falls on a Saturday or Sunday`)
      days.push({ day: { date: d.toISOString().slice(0, 10), kind: 'workday', name }, file, entry: e.entry })
    }
  }
  const seen = new Map<string, string>()
  for (const { day, file, entry } of days) {
    const where = `${displayPath(file)} ${entry}`
    const first = seen.get(day.date)
    if (first !== undefined) sink.add(file, entry, `${day.date} is given twice (also ${first})`)
    else seen.set(day.date, where)
  }
  return days.map((d) => d.day).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

// ---- all of it ----

/** Reads and checks every court, staff list and calendar under `root` (default content/). Never throws for content. */
export function readContent(root: string = CONTENT_DIR): { content: DemoContent; problems: ContentProblem[] } {
  const problems: ContentProblem[] = []
  const sink = new Sink(problems)
  const courts: CourtContent[] = []
  const usernames: { e: Entry; value: string }[] = []
  for (const court of readIndex(sink, root)) {
    if (!court.folder || !CODE.test(court.folder) || !existsSync(join(root, 'courts', court.folder))) continue
    const dir = join(root, 'courts', court.folder)
    const directory = readDirectory(sink, join(dir, 'directory.json'))
    const staff = readStaff(sink, join(dir, 'staff.json'), new Set(directory.bodies.map((b) => b.code)))
    for (const e of staff.entries) usernames.push({ e, value: codeOf(e.obj, 'username') })
    courts.push({ court, ...directory, staff: staff.staff })
  }
  // users.username is unique across courts: the same name in two staff files would be one account
  const byName = new Map<string, Entry>()
  for (const { e, value } of usernames) {
    const first = byName.get(value)
    if (value !== '' && first) e.bad(`duplicate username "${value}" (also ${displayPath(first.file)} ${first.entry})`)
    else byName.set(value, e)
  }
  const calendar = readCalendars(sink, join(root, 'calendars'))
  return { content: { courts, calendar }, problems }
}

/** Every court, staff list and calendar under `root`. Throws SuyuanError BAD_INPUT listing each problem (file: entry: message). */
export function loadContent(root: string = CONTENT_DIR): DemoContent {
  const { content, problems } = readContent(root)
  if (problems.length > 0) throw new SuyuanError('BAD_INPUT', `content problems:\n${problems.map(formatContentProblem).join('\n')}`, { problems })
  return content
}
