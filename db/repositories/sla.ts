// Queries behind the 限时办理 / 督办 timers (issue #5): which open tickets may have a stage due, when the running
// clock started, recording a stage exactly once, the unit inbox notices, and unrated tickets past the rating window.
import { and, desc, eq, inArray, isNull, lt, lte, or } from 'drizzle-orm'
import type { Db } from '../client.js'
import { countStar, first } from '../query.js'
import { bodies, ticketEvents, tickets, unitNotifications } from '../schema/index.js'
import type { TicketStatus } from '../schema/index.js'

/** Statuses on the accept clock (waiting for a unit to 接单) and on the resolve clock (being worked on). */
export const ACCEPT_CLOCK_STATUSES: TicketStatus[] = ['待派单', '已派单', '已转办']
export const RESOLVE_CLOCK_STATUSES: TicketStatus[] = ['已接单', '办理中', '重新办理']

export interface SlaCandidate {
  id: number
  courtId: number
  bodyId: number | null
  status: TicketStatus
  createdAt: Date
  acceptedAt: Date | null
  acceptDueAt: Date | null
  resolveDueAt: Date | null
  slaStage: number
}

const candidateColumns = {
  id: tickets.id,
  courtId: tickets.courtId,
  bodyId: tickets.bodyId,
  status: tickets.status,
  createdAt: tickets.createdAt,
  acceptedAt: tickets.acceptedAt,
  acceptDueAt: tickets.acceptDueAt,
  resolveDueAt: tickets.resolveDueAt,
  slaStage: tickets.slaStage,
}

/**
 * Open tickets whose deadline is at or before the horizon and whose 督办 is not finished. Every ticket with a
 * stage due now has its deadline before the horizon (the caller computes it from the longest policy), so this is
 * a superset; the pure code decides. Two queries, each a range scan on tickets_status_due (status, resolve_due_at)
 * or on its status prefix.
 */
export async function slaCandidates(db: Db, courtId: number, horizons: { accept: Date; resolve: Date }): Promise<SlaCandidate[]> {
  const onClock = (statuses: TicketStatus[], due: typeof tickets.acceptDueAt | typeof tickets.resolveDueAt, horizon: Date) =>
    db
      .select(candidateColumns)
      .from(tickets)
      .where(and(inArray(tickets.status, statuses), lte(due, horizon), eq(tickets.courtId, courtId), lt(tickets.slaStage, 3)))
  return [
    ...(await onClock(ACCEPT_CLOCK_STATUSES, tickets.acceptDueAt, horizons.accept)),
    ...(await onClock(RESOLVE_CLOCK_STATUSES, tickets.resolveDueAt, horizons.resolve)),
  ]
}

/**
 * When the running clock last (re)started: the latest 派单 / 接单 / 转办 / 重新办理 (incl. a low rating that
 * reopened it). null → the pure code falls back to created / accepted time.
 */
export async function clockStartedAt(db: Db, ticketId: number): Promise<Date | null> {
  const row = await first(
    db
    .select({ at: ticketEvents.at })
    .from(ticketEvents)
    .where(
      and(
        eq(ticketEvents.ticketId, ticketId),
        or(
          inArray(ticketEvents.action, ['dispatched', 'accepted', 'transferred', 'reopened']),
          and(eq(ticketEvents.action, 'rated'), eq(ticketEvents.toStatus, '重新办理')),
        ),
      ),
    )
    .orderBy(desc(ticketEvents.id))
    .limit(1),
  )
  return row?.at ?? null
}

/**
 * Moves sla_stage up to `stage` only if it is still below it and the ticket is still in `status` (a concurrent
 * accept/transfer resets the clock). true when this call won: the caller then writes the event and notices in the
 * same transaction, so a stage is recorded once however many sweeps and jobs race for it.
 */
export async function advanceSlaStage(tx: Db, ticketId: number, status: TicketStatus, stage: number): Promise<boolean> {
  const r = await tx
    .update(tickets)
    .set({ slaStage: stage })
    .where(and(eq(tickets.id, ticketId), eq(tickets.status, status), lt(tickets.slaStage, stage)))
    .returning({ id: tickets.id })
  return r.length === 1
}

/** A notice in a unit's inbox; the dedup key makes a repeated insert a no-op. */
export async function insertUnitNotice(
  tx: Db,
  n: { bodyId: number; ticketId: number; kind: string; text: string; dedupKey: string; now: Date },
): Promise<boolean> {
  const r = await tx
    .insert(unitNotifications)
    .values({ bodyId: n.bodyId, ticketId: n.ticketId, kind: n.kind, text: n.text, dedupKey: n.dedupKey, createdAt: n.now })
    .onConflictDoNothing()
    .returning({ id: unitNotifications.id })
  return r.length === 1
}

/** The court's duty unit(s) (值班), who receive stage-3 督办. */
export async function dutyBodyIds(db: Db, courtId: number): Promise<number[]> {
  const rows = await db
    .select({ id: bodies.id })
    .from(bodies)
    .where(and(eq(bodies.courtId, courtId), eq(bodies.isDutyUnit, true), eq(bodies.active, true)))
  return rows.map((b) => b.id)
}

export async function bodyName(db: Db, bodyId: number | null): Promise<string | null> {
  if (bodyId === null) return null
  return (await first(db.select({ name: bodies.name }).from(bodies).where(eq(bodies.id, bodyId))))?.name ?? null
}

/** Every body's SLA settings and hours (the sweep's horizon is computed from the longest of them). */
export function bodyPolicies(db: Db, courtId: number) {
  return db
    .select({ id: bodies.id, acceptHours: bodies.acceptHours, resolveDays: bodies.resolveDays, workingHours: bodies.workingHours })
    .from(bodies)
    .where(eq(bodies.courtId, courtId))
}

/** 已办结 tickets told of the result before `feedbackBefore` and still unrated (the rating-timeout safety net). */
export async function unratedPastWindow(db: Db, courtId: number, feedbackBefore: Date): Promise<number[]> {
  const rows = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(
        eq(tickets.status, '已办结'),
        eq(tickets.courtId, courtId),
        isNull(tickets.rating),
        lte(tickets.feedbackAt, feedbackBefore),
      ),
    )
  return rows.map((r) => r.id)
}

/** Number of SLA events of a ticket (tests, 台账 checks). */
export async function slaEventCount(db: Db, ticketId: number, action: 'reminded' | 'escalated'): Promise<number> {
  const r = await first(
    db
      .select({ n: countStar() })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.action, action))),
  )
  return r?.n ?? 0
}
