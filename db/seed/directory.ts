// The demo courts' directories: regions, bodies, routing rules and the working-day calendar. The content is
// data — content/courts/<folder>/directory.json and content/calendars/<year>.json, read and checked by
// ./content.ts. Every name, phone number, address and holiday date there is DEMO DATA: a real court must
// replace it with its own before going live (the calendar follows the State Council's yearly notice).
// The DEMO_* constants are the FIRST court of content/courts/index.json (示例县人民法院), for tests and benches.
// seedDirectory is idempotent: rows that already exist (by code / name / date) are left as the court edited them.
import { and, eq } from 'drizzle-orm'
import type { Db } from '../client.js'
import { bodies, calendarDays, regions, routingRules } from '../schema/index.js'
import { loadContent, type CalendarDay, type CourtContent, type DemoBody, type DemoContent, type DemoRegion, type DemoRule } from './content.js'

export type { CalendarDay, CourtContent, DemoBody, DemoRegion, DemoRule } from './content.js'

let cached: DemoContent | undefined
/** content/ as the seed reads it (loaded and checked once per process; throws BAD_INPUT on problems). */
export function demoContent(): DemoContent {
  return (cached ??= loadContent())
}

const FIRST: CourtContent = demoContent().courts[0]!

export const DEMO_COURT: { readonly code: string; readonly name: string; readonly caseCode: string } = {
  code: FIRST.court.code,
  name: FIRST.court.name,
  caseCode: FIRST.court.caseCode,
}
export const DEMO_REGIONS: readonly DemoRegion[] = FIRST.regions
export const DEMO_BODIES: readonly DemoBody[] = FIRST.bodies
export const DEMO_RULES: readonly DemoRule[] = FIRST.rules
/** DEMO public holidays and 调休 working days (content/calendars/*.json), by date; shared by every court. */
export const DEMO_CALENDAR: readonly CalendarDay[] = demoContent().calendar

const camel = (code: string): string => code.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase())
/** The first court's body codes, keyed by their camelCase ('lian-ting' → lianTing: 'lian-ting'). */
export const DEMO_BODY_CODES: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(DEMO_BODIES.map((b) => [camel(b.code), b.code])))
export type DemoBodyCode = string

/** A court's directory by its code in content/courts/index.json (default: the first court). */
export function courtContent(code?: string): CourtContent {
  const all = demoContent().courts
  const c = code === undefined ? all[0] : all.find((x) => x.court.code === code)
  if (!c) throw new Error(`no court "${code}" in content/courts/index.json`)
  return c
}

/**
 * Inserts a demo directory for `courtId`: `court` is a court code of content/courts/index.json or its loaded
 * content (default: the first court); `calendar` defaults to content/calendars. Running it again inserts
 * nothing and changes nothing.
 */
export async function seedDirectory(db: Db, courtId: number, court: string | CourtContent = FIRST, calendar: readonly CalendarDay[] = DEMO_CALENDAR): Promise<void> {
  const c = typeof court === 'string' ? courtContent(court) : court
  // no transaction: every step is idempotent, so a start that stopped half-way is completed by the next one
  const tx = db
  const regionId = new Map<string, number>()
  const loadRegionIds = async (): Promise<void> => {
    for (const r of await tx.select({ id: regions.id, code: regions.code }).from(regions).where(eq(regions.courtId, courtId))) {
      regionId.set(r.code, r.id)
    }
  }
  // parents first, so children can point at them: one pass per depth (街道 → 社区, 镇 → 村 → 组 …)
  const byCode = new Map(c.regions.map((r) => [r.code, r]))
  const depth = (r: DemoRegion): number => {
    let d = 0
    for (let p = r.parent; p !== undefined && d < c.regions.length; p = byCode.get(p)?.parent) d++
    return d
  }
  const depths = [...new Set(c.regions.map(depth))].sort((a, b) => a - b)
  for (const level of depths) {
    await loadRegionIds()
    const rows = c.regions
      .filter((r) => depth(r) === level)
      .map((r) => ({
        courtId,
        code: r.code,
        name: r.name,
        kind: r.kind,
        parentId: r.parent === undefined ? null : (regionId.get(r.parent) ?? null),
        aliases: r.aliases,
      }))
    if (rows.length) await tx.insert(regions).values(rows).onConflictDoNothing()
  }
  await loadRegionIds()

  const bodyRows = c.bodies.map((b) => ({
    courtId,
    code: b.code,
    name: b.name,
    kind: b.kind,
    domains: b.domains,
    intents: b.intents,
    regionIds: b.regions.map((code) => {
      const id = regionId.get(code)
      if (id === undefined) throw new Error(`demo seed: unknown region ${code}`)
      return id
    }),
    contact: b.contact,
    address: b.address,
    workingHours: { periods: b.hours.map(([from, to]): [string, string] => [from, to]) },
    acceptHours: b.acceptHours,
    resolveDays: b.resolveDays,
    escalation: b.escalation.map((s) => ({ ...s })),
    isCatchAll: b.isCatchAll ?? false,
    isDutyUnit: b.isDutyUnit ?? false,
    description: b.description,
  }))
  if (bodyRows.length) await tx.insert(bodies).values(bodyRows).onConflictDoNothing()

  // routing_rules has no natural key: a rule is "the same" when its name is
  const existing = new Set(
    (await tx.select({ name: routingRules.name }).from(routingRules).where(eq(routingRules.courtId, courtId))).map((r) => r.name),
  )
  const ruleRows = c.rules
    .filter((r) => !existing.has(r.name))
    .map((r) => ({
      courtId,
      priority: r.priority,
      name: r.name,
      match: { ...r.match } as Record<string, unknown>,
      action: { ...r.action } as Record<string, unknown>,
      reason: r.reason,
      enabled: r.enabled ?? true,
    }))
  if (ruleRows.length) await tx.insert(routingRules).values(ruleRows)

  if (calendar.length) {
    await tx
      .insert(calendarDays)
      .values(calendar.map((d) => ({ courtId, date: d.date, kind: d.kind, name: d.name })))
      .onConflictDoNothing()
  }
}

/** The id of a demo body by code (for tests and the demo seed of users). */
export async function demoBodyId(db: Db, courtId: number, code: DemoBodyCode): Promise<number> {
  const [row] = await db.select({ id: bodies.id }).from(bodies).where(and(eq(bodies.courtId, courtId), eq(bodies.code, code)))
  if (!row) throw new Error(`demo body ${code} is not seeded`)
  return row.id
}
