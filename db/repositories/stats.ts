// 统计分析 for the handlers' dashboard: volume by domain / region / status / channel / week, SLA compliance,
// satisfaction, mediation success per body and the early-warning list. Always scoped to the user.
// Aggregation runs in JS over the scoped rows: a county court has thousands of tickets a year, not millions.
import { and, eq, gte, lt, type SQL } from 'drizzle-orm'
import type { Db } from '../client.js'
import { bodies, regions, tickets } from '../schema/index.js'
import { scopeCondition, type Scope } from './tickets.js'

export interface StatsRange {
  from?: Date
  to?: Date
}

export interface Compliance {
  /** tickets whose deadline has been decided (met, missed, or passed while still open) */
  total: number
  onTime: number
  /** onTime / total, null without data */
  rate: number | null
}

export interface EarlyWarning {
  number: string
  summary: string
  status: string
  body: string | null
  reasons: ('collective' | 'repeat' | 'risk' | 'escalation_threat')[]
  repeatCount: number
  createdAt: string
}

export interface TicketStats {
  total: number
  byDomain: Record<string, number>
  byRegion: Record<string, number>
  byStatus: Record<string, number>
  byChannel: Record<string, number>
  /** ISO week in court time, e.g. 2026-W11 */
  byWeek: Record<string, number>
  sla: { accept: Compliance; resolve: Compliance; overdueOpen: number }
  satisfaction: { rated: number; mean: number | null; satisfiedShare: number | null; unrated: number }
  mediation: { bodyId: number; body: string; mediated: number; failed: number; successRate: number | null }[]
  earlyWarnings: EarlyWarning[]
}

const COURT_OFFSET_MS = 8 * 3600 * 1000
const CLOSED = new Set(['已办结', '已归档'])

/** ISO-8601 week of the court-local date (Thursday rule). */
export function isoWeek(d: Date): string {
  const local = new Date(d.getTime() + COURT_OFFSET_MS)
  const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()))
  const dow = day.getUTCDay() || 7
  day.setUTCDate(day.getUTCDate() + 4 - dow)
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1)
  const week = Math.ceil((day.getTime() - yearStart) / 86_400_000 / 7 + 1 / 7)
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
}

const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1
}
const ratio = (a: number, b: number): number | null => (b === 0 ? null : Math.round((a / b) * 1000) / 1000)

function compliance(rows: { due: Date | null; done: Date | null }[], now: Date): Compliance {
  let total = 0
  let onTime = 0
  for (const r of rows) {
    if (!r.due) continue
    if (r.done) {
      total++
      if (r.done.getTime() <= r.due.getTime()) onTime++
    } else if (now.getTime() > r.due.getTime()) {
      total++ // still open past its deadline: already missed
    }
  }
  return { total, onTime, rate: ratio(onTime, total) }
}

export async function ticketStats(db: Db, scope: Scope, now: Date, range: StatsRange = {}): Promise<TicketStats> {
  const conds: (SQL | undefined)[] = [scopeCondition(scope)]
  if (range.from) conds.push(gte(tickets.createdAt, range.from))
  if (range.to) conds.push(lt(tickets.createdAt, range.to))
  const rows = await db
    .select({
      number: tickets.number,
      summary: tickets.summary,
      status: tickets.status,
      channel: tickets.channel,
      domain: tickets.domain,
      regionId: tickets.regionId,
      bodyId: tickets.bodyId,
      risk: tickets.risk,
      flags: tickets.flags,
      createdAt: tickets.createdAt,
      acceptDueAt: tickets.acceptDueAt,
      resolveDueAt: tickets.resolveDueAt,
      acceptedAt: tickets.acceptedAt,
      resolvedAt: tickets.resolvedAt,
      outcome: tickets.outcome,
      rating: tickets.rating,
    })
    .from(tickets)
    .where(and(...conds))

  const regionNames = new Map((await db.select({ id: regions.id, name: regions.name }).from(regions).where(eq(regions.courtId, scope.courtId))).map((r) => [r.id, r.name]))
  const bodyNames = new Map((await db.select({ id: bodies.id, name: bodies.name }).from(bodies).where(eq(bodies.courtId, scope.courtId))).map((b) => [b.id, b.name]))

  const s: TicketStats = {
    total: rows.length,
    byDomain: {},
    byRegion: {},
    byStatus: {},
    byChannel: {},
    byWeek: {},
    sla: {
      accept: compliance(rows.map((r) => ({ due: r.acceptDueAt, done: r.acceptedAt })), now),
      resolve: compliance(rows.map((r) => ({ due: r.resolveDueAt, done: r.resolvedAt })), now),
      overdueOpen: rows.filter((r) => !CLOSED.has(r.status) && r.resolveDueAt && r.resolveDueAt.getTime() < now.getTime()).length,
    },
    satisfaction: { rated: 0, mean: null, satisfiedShare: null, unrated: 0 },
    mediation: [],
    earlyWarnings: [],
  }
  let ratingSum = 0
  let satisfied = 0
  const med = new Map<number, { mediated: number; failed: number }>()
  for (const r of rows) {
    bump(s.byDomain, r.domain)
    bump(s.byRegion, r.regionId !== null ? (regionNames.get(r.regionId) ?? String(r.regionId)) : '未注明')
    bump(s.byStatus, r.status)
    bump(s.byChannel, r.channel)
    bump(s.byWeek, isoWeek(r.createdAt))
    if (r.rating !== null) {
      s.satisfaction.rated++
      ratingSum += r.rating
      if (r.rating >= 4) satisfied++
    } else if (r.status === '已归档') {
      s.satisfaction.unrated++
    }
    if (r.bodyId !== null && (r.outcome === 'mediated' || r.outcome === 'mediation_failed')) {
      const m = med.get(r.bodyId) ?? { mediated: 0, failed: 0 }
      if (r.outcome === 'mediated') m.mediated++
      else m.failed++
      med.set(r.bodyId, m)
    }
  }
  s.satisfaction.mean = s.satisfaction.rated ? Math.round((ratingSum / s.satisfaction.rated) * 100) / 100 : null
  s.satisfaction.satisfiedShare = ratio(satisfied, s.satisfaction.rated)
  s.mediation = [...med.entries()]
    .map(([bodyId, m]) => ({ bodyId, body: bodyNames.get(bodyId) ?? String(bodyId), ...m, successRate: ratio(m.mediated, m.mediated + m.failed) }))
    .sort((a, b) => a.bodyId - b.bodyId)
  s.earlyWarnings = rows
    .map((r) => {
      const reasons: EarlyWarning['reasons'] = []
      if (r.flags.collective) reasons.push('collective')
      if ((r.flags.repeatCount ?? 0) >= 2) reasons.push('repeat')
      if (r.risk) reasons.push('risk')
      if (reasons.length && r.flags.escalationThreat) reasons.push('escalation_threat')
      return { r, reasons }
    })
    .filter((x) => x.reasons.length > 0)
    .sort((a, b) => b.r.createdAt.getTime() - a.r.createdAt.getTime() || b.r.number.localeCompare(a.r.number))
    .slice(0, 100)
    .map(({ r, reasons }) => ({
      number: r.number,
      summary: r.summary,
      status: r.status,
      body: r.bodyId !== null ? (bodyNames.get(r.bodyId) ?? null) : null,
      reasons,
      repeatCount: r.flags.repeatCount ?? 0,
      createdAt: r.createdAt.toISOString(),
    }))
  return s
}
