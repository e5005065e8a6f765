// Loads the court's directory (regions, bodies, routing rules) and working calendar as the plain data the pure
// router and SLA code take. Reads only; callers may cache the result and reload after an admin edit.
import { asc, eq } from 'drizzle-orm'
import { makeCalendar, withPeriods, type WorkCalendar } from '../../core/calendar.js'
import { parseRuleAction, parseRuleMatch, type Directory, type DirRule } from '../../core/router.js'
import type { Db } from '../client.js'
import { first } from '../query.js'
import { bodies, calendarDays, regions, routingRules } from '../schema/index.js'

export interface LoadedDirectory extends Directory {
  /** rules skipped because their match/action JSON is broken, in words an admin can act on */
  problems: string[]
  /** each unit's deadlines (接单 hours, 办结 working days) */
  policies: Map<number, { acceptHours: number; resolveDays: number }>
}

export async function loadDirectory(db: Db, courtId: number): Promise<LoadedDirectory> {
  const regionRows = await db.select().from(regions).where(eq(regions.courtId, courtId)).orderBy(asc(regions.id))
  const bodyRows = await db.select().from(bodies).where(eq(bodies.courtId, courtId)).orderBy(asc(bodies.id))
  const ruleRows = await db.select().from(routingRules).where(eq(routingRules.courtId, courtId)).orderBy(asc(routingRules.id))
  const rules: DirRule[] = []
  const problems: string[] = []
  for (const r of ruleRows) {
    try {
      rules.push({ id: r.id, priority: r.priority, name: r.name, match: parseRuleMatch(r.match), action: parseRuleAction(r.action), reason: r.reason, enabled: r.enabled })
    } catch (e) {
      // one broken rule must not take routing down: skip it and say which one, so the admin can fix it
      problems.push(`分流规则「${r.name}」（#${r.id}）配置有误，已跳过：${e instanceof Error ? e.message : String(e)}`)
    }
  }
  return {
    regions: regionRows.map((r) => ({ id: r.id, code: r.code, name: r.name, kind: r.kind, parentId: r.parentId, aliases: r.aliases })),
    bodies: bodyRows.map((b) => ({
      id: b.id,
      code: b.code,
      name: b.name,
      kind: b.kind,
      domains: b.domains,
      intents: b.intents,
      regionIds: b.regionIds,
      contact: b.contact,
      isCatchAll: b.isCatchAll,
      isDutyUnit: b.isDutyUnit,
      active: b.active,
    })),
    rules,
    problems,
    policies: new Map(bodyRows.map((b) => [b.id, { acceptHours: b.acceptHours, resolveDays: b.resolveDays }])),
  }
}

/** The court's working calendar; pass a body id to use that unit's own working hours. */
export async function loadCalendar(db: Db, courtId: number, bodyId?: number): Promise<WorkCalendar> {
  const days = await db.select({ date: calendarDays.date, kind: calendarDays.kind }).from(calendarDays).where(eq(calendarDays.courtId, courtId))
  const cal = makeCalendar({ days })
  if (bodyId === undefined) return cal
  const body = await first(db.select({ workingHours: bodies.workingHours }).from(bodies).where(eq(bodies.id, bodyId)))
  const periods = body?.workingHours?.periods
  return periods && periods.length > 0 ? withPeriods(cal, periods) : cal
}
