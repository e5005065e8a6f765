// Tickets: creation (ticket + first events + outbox job in one transaction), lookup, scoped listing, JSON shape.
import { and, desc, eq, gte, inArray, like, lt, ne, notInArray, sql, type SQL } from 'drizzle-orm'
import { formatTicketNumber } from '../../core/ticket-number.js'
import { maskPhone } from '../../core/mask.js'
import type { Db } from '../client.js'
import { lockInTx } from '../connection.js'
import { countStar, first } from '../query.js'
import { bodies, regions, ticketEvents, tickets, type TicketFlags, type TicketStatus } from '../schema/index.js'
import type { Role } from '../schema/index.js'

export type TicketRow = typeof tickets.$inferSelect
export type TicketEventRow = typeof ticketEvents.$inferSelect

export interface NewTicket {
  courtId: number
  citizenId: number | null
  channel: string
  source: string
  intent: string
  domain: string
  regionId: number | null
  place: string
  summary: string
  facts: string
  contactPhone: string | null
  consentAt: Date | null
  risk: boolean
  priority: number
  flags: TicketFlags
  bodyId: number | null
  routingReason: string
  acceptDueAt: Date | null
  resolveDueAt: Date | null
  intakeKey: string | null
  parentId?: number | null
}

export interface Actor {
  type: 'citizen' | 'user' | 'system'
  id: number | null
}

/** Picks the next SY-YYYY-NNNNNN. Call inside the creating transaction. */
export async function nextTicketNumber(tx: Db, courtId: number, year: number): Promise<string> {
  await lockInTx(tx, `ticket-number:${courtId}`)
  const row = await first(
    tx
      .select({ max: sql<string | null>`max(${tickets.number})` })
      .from(tickets)
      .where(and(eq(tickets.courtId, courtId), like(tickets.number, `SY-${year}-%`))),
  )
  const last = row?.max ? Number(row.max.slice(-6)) : 0
  return formatTicketNumber(year, last + 1)
}

export async function appendEvent(
  tx: Db,
  e: {
    ticketId: number
    at: Date
    actor: Actor
    action: string
    fromStatus?: string | null
    toStatus?: string | null
    reason?: string | null
    note?: string | null
    data?: Record<string, unknown> | null
  },
): Promise<TicketEventRow> {
  const rows = await tx
    .insert(ticketEvents)
    .values({
      ticketId: e.ticketId,
      at: e.at,
      actorType: e.actor.type,
      actorId: e.actor.id,
      action: e.action,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      reason: e.reason ?? null,
      note: e.note ?? null,
      data: e.data ?? null,
    })
    .returning()
  return rows[0]!
}

/**
 * Inserts the ticket and its first events. Must run inside a transaction the caller opened (so the caller can add
 * the outbox job and the conversation state in the same commit). A ticket with a body is dispatched at once
 * (待派单 → 已派单); without one it waits in 待派单 for the catch-all queue.
 */
export async function insertTicket(tx: Db, t: NewTicket, actor: Actor, now: Date): Promise<TicketRow> {
  const number = await nextTicketNumber(tx, t.courtId, now.getUTCFullYear())
  const status: TicketStatus = t.bodyId ? '已派单' : '待派单'
  const [row] = await tx
    .insert(tickets)
    .values({
      courtId: t.courtId,
      number,
      citizenId: t.citizenId,
      channel: t.channel,
      source: t.source,
      intent: t.intent,
      domain: t.domain,
      regionId: t.regionId,
      place: t.place,
      summary: t.summary,
      facts: t.facts,
      contactPhone: t.contactPhone,
      consentAt: t.consentAt,
      status,
      bodyId: t.bodyId,
      routingReason: t.routingReason,
      risk: t.risk,
      priority: t.priority,
      flags: t.flags,
      parentId: t.parentId ?? null,
      acceptDueAt: t.acceptDueAt,
      resolveDueAt: t.resolveDueAt,
      intakeKey: t.intakeKey,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
  if (!row) throw new Error('ticket insert returned no row')
  await appendEvent(tx, {
    ticketId: row.id,
    at: now,
    actor,
    action: 'created',
    fromStatus: null,
    toStatus: '待派单',
    note: `${t.intent}/${t.domain}`,
    data: { channel: t.channel, source: t.source, risk: t.risk, parentId: t.parentId ?? null },
  })
  if (t.bodyId) {
    await appendEvent(tx, {
      ticketId: row.id,
      at: now,
      actor: { type: 'system', id: null },
      action: 'dispatched',
      fromStatus: '待派单',
      toStatus: '已派单',
      reason: t.routingReason,
      data: { bodyId: t.bodyId },
    })
  }
  return row
}

export function findTicketByIntakeKey(db: Db, intakeKey: string): Promise<TicketRow | undefined> {
  return first(db.select().from(tickets).where(eq(tickets.intakeKey, intakeKey)))
}

/** A ticket by its number, which is unique within a court (each court numbers its own). */
export function getTicketByNumber(db: Db, courtId: number, number: string): Promise<TicketRow | undefined> {
  return first(db.select().from(tickets).where(and(eq(tickets.courtId, courtId), eq(tickets.number, number))))
}

export function getTicket(db: Db, id: number): Promise<TicketRow | undefined> {
  return first(db.select().from(tickets).where(eq(tickets.id, id)))
}

export function ticketEventsOf(db: Db, ticketId: number): Promise<TicketEventRow[]> {
  return db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(ticketEvents.id)
}

export function ticketsOfCitizen(db: Db, citizenId: number, limit = 10): Promise<TicketRow[]> {
  return db.select().from(tickets).where(eq(tickets.citizenId, citizenId)).orderBy(desc(tickets.id)).limit(limit)
}

/** Who may see what: admin and the court duty leader see the whole court; unit staff see their unit's tickets. */
export interface Scope {
  courtId: number
  role: Role
  bodyId: number | null
}

export function scopeCondition(scope: Scope): SQL | undefined {
  const court = eq(tickets.courtId, scope.courtId)
  if (scope.role === 'admin' || scope.role === 'duty_leader') return court
  if ((scope.role === 'handler' || scope.role === 'unit_leader') && scope.bodyId != null)
    return and(court, eq(tickets.bodyId, scope.bodyId))
  return sql`1 = 0`
}

export function inScope(scope: Scope, t: Pick<TicketRow, 'courtId' | 'bodyId'>): boolean {
  if (t.courtId !== scope.courtId) return false
  if (scope.role === 'admin' || scope.role === 'duty_leader') return true
  if (scope.role === 'handler' || scope.role === 'unit_leader') return scope.bodyId != null && t.bodyId === scope.bodyId
  return false
}

export interface TicketFilter {
  status?: string[]
  domain?: string[]
  overdue?: boolean
  limit?: number
  offset?: number
}

/** 一人一档: every ticket of one citizen the user may see, newest first. */
export function citizenTickets(db: Db, scope: Scope, citizenId: number): Promise<TicketRow[]> {
  return db
    .select()
    .from(tickets)
    .where(and(scopeCondition(scope), eq(tickets.citizenId, citizenId)))
    .orderBy(desc(tickets.id))
    .limit(200)
}

export function listTickets(db: Db, scope: Scope, f: TicketFilter = {}, now = new Date()): Promise<TicketRow[]> {
  const conds: (SQL | undefined)[] = [scopeCondition(scope)]
  if (f.status?.length) conds.push(inArray(tickets.status, f.status as TicketStatus[]))
  if (f.domain?.length) conds.push(inArray(tickets.domain, f.domain))
  if (f.overdue) conds.push(notInArray(tickets.status, ['已办结', '已归档']), lt(tickets.resolveDueAt, now))
  return db
    .select()
    .from(tickets)
    .where(and(...conds))
    .orderBy(desc(tickets.priority), desc(tickets.id))
    .limit(Math.min(f.limit ?? 100, 500))
    .offset(f.offset ?? 0)
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)

/** The API shape of a ticket. `full` shows the contact phone (in-scope detail view); lists mask it. */
export async function ticketToJson(db: Db, t: TicketRow, opts: { full?: boolean; events?: boolean } = {}) {
  const body = t.bodyId ? await first(db.select().from(bodies).where(eq(bodies.id, t.bodyId))) : undefined
  const region = t.regionId ? await first(db.select().from(regions).where(eq(regions.id, t.regionId))) : undefined
  const parent = t.parentId ? await getTicket(db, t.parentId) : undefined
  const children = await db.select({ number: tickets.number }).from(tickets).where(eq(tickets.parentId, t.id))
  const events = opts.events ? await ticketEventsOf(db, t.id) : null
  return {
    number: t.number,
    status: t.status,
    /** 一人一档: the citizen's record id (never the channel id) */
    citizenId: t.citizenId,
    intent: t.intent,
    domain: t.domain,
    channel: t.channel,
    source: t.source,
    region: region ? { id: region.id, name: region.name } : null,
    place: t.place,
    summary: t.summary,
    facts: t.facts,
    contactPhone: opts.full ? t.contactPhone : maskPhone(t.contactPhone),
    body: body ? { id: body.id, name: body.name, code: body.code } : null,
    routingReason: t.routingReason,
    risk: t.risk,
    priority: t.priority,
    flags: t.flags,
    transferCount: t.transferCount,
    parentNumber: parent?.number ?? null,
    linkedNumbers: children.map((c) => c.number),
    acceptDueAt: iso(t.acceptDueAt),
    resolveDueAt: iso(t.resolveDueAt),
    slaStage: t.slaStage,
    acceptedAt: iso(t.acceptedAt),
    resolvedAt: iso(t.resolvedAt),
    outcome: t.outcome,
    outcomeNote: t.outcomeNote,
    feedbackAt: iso(t.feedbackAt),
    rating: t.rating,
    ratingComment: t.ratingComment,
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
    ...(events
      ? {
          events: events.map((e) => ({
            id: e.id,
            at: iso(e.at),
            actorType: e.actorType,
            actorId: e.actorId,
            action: e.action,
            from: e.fromStatus,
            to: e.toStatus,
            reason: e.reason,
            note: e.note,
          })),
        }
      : {}),
  }
}
export type TicketJson = Awaited<ReturnType<typeof ticketToJson>>

const DAY = 86_400_000

/**
 * 一人一档 flags at creation: 重复 (same citizen, same domain within 90 days, with a count) and 集体 (other citizens
 * of the same village/town on the same domain within a day).
 */
export async function computeFlags(
  tx: Db,
  p: { courtId: number; citizenId: number | null; domain: string; regionId: number | null; now: Date },
): Promise<TicketFlags> {
  const flags: TicketFlags = {}
  if (p.citizenId != null) {
    const r = await first(
      tx
        .select({ n: countStar() })
        .from(tickets)
        .where(
          and(eq(tickets.citizenId, p.citizenId), eq(tickets.domain, p.domain), gte(tickets.createdAt, new Date(p.now.getTime() - 90 * DAY))),
        ),
    )
    if (r && r.n > 0) flags.repeatCount = r.n
  }
  if (p.regionId != null && p.domain !== 'other') {
    const r = await first(
      tx
        .select({ n: sql<number>`count(distinct ${tickets.citizenId})`.mapWith(Number) })
        .from(tickets)
        .where(
          and(
            eq(tickets.courtId, p.courtId),
            eq(tickets.regionId, p.regionId),
            eq(tickets.domain, p.domain),
            gte(tickets.createdAt, new Date(p.now.getTime() - DAY)),
            p.citizenId != null ? ne(tickets.citizenId, p.citizenId) : undefined,
          ),
        ),
    )
    // this citizen plus two others make three: a 集体 early warning
    if (r && r.n >= 2) flags.collective = true
  }
  return flags
}
