// Applies one lifecycle command to one ticket in ONE transaction: load → scope check → pure transition →
// update row → append event → carry out effects (citizen messages, linked tickets, outbox jobs). Jobs are
// handed to the queue after commit.
import { lockInTx } from '../connection.js'
import { and, eq } from 'drizzle-orm'
import { SuyuanError } from '../../core/errors.js'
import {
  DEFAULT_POLICY,
  isResolveOutcome,
  transition,
  type Actor,
  type Effect,
  type LifecyclePolicy,
  type TicketCommand,
  type TicketSnapshot,
} from '../../core/ticket-state.js'
import { relayReply, TICKET_NOTICES, TICKET_TEXTS } from '../../strings/tickets.js'
import type { Runtime, StaffUser } from '../../api/types.js'
import type { Db } from '../client.js'
import { first } from '../query.js'
import { nextStageAt, slaDeadlines } from '../../core/sla.js'
import { bodies, messages, tickets } from '../schema/index.js'
import { loadCalendar } from './directory.js'
import { appendEvent, getTicket, getTicketByNumber, inScope, insertTicket, type TicketRow } from './tickets.js'

export type { Actor as LifecycleActor } from '../../core/ticket-state.js'

type BodyRow = typeof bodies.$inferSelect
type ClockFrom = 'dispatch' | 'accept' | 'transfer' | 'reopen' | 'linked'

export interface ActionResult {
  ticket: TicketRow
  /** tickets created by this action (调解不成 → 立案, 司法确认) */
  linked: TicketRow[]
}

/** The unit and court queue that receive linked tickets (立案 and 司法确认 are the 立案庭's). */
const FILING_BODY_CODE = 'lian-ting'

export function staffActor(u: StaffUser): Actor {
  return { type: 'user', id: u.id, role: u.role, bodyId: u.bodyId }
}

export async function toSnapshot(db: Db, t: TicketRow): Promise<TicketSnapshot> {
  return {
    status: t.status,
    bodyId: t.bodyId,
    ownerBodyId: t.ownerBodyId,
    handlerId: t.handlerId,
    transferCount: t.transferCount,
    citizenId: t.citizenId,
    outcome: isResolveOutcome(t.outcome) ? t.outcome : null,
    outcomeNote: t.outcomeNote,
    acceptedAt: t.acceptedAt,
    resolvedAt: t.resolvedAt,
    feedbackAt: t.feedbackAt,
    rating: t.rating,
    ratingComment: t.ratingComment,
    slaStage: t.slaStage,
    hasJudicialConfirmation: !!(await findLinked(db, t.id, 'judicial_confirmation')),
  }
}

const linkedKey = (parentId: number, purpose: 'filing' | 'judicial_confirmation') => `linked-${purpose}-${parentId}`
function findLinked(db: Db, parentId: number, purpose: 'filing' | 'judicial_confirmation'): Promise<TicketRow | undefined> {
  return first(db.select().from(tickets).where(eq(tickets.intakeKey, linkedKey(parentId, purpose))))
}

async function getBody(db: Db, courtId: number, id: number | null): Promise<BodyRow | undefined> {
  if (id === null) return undefined
  return first(db.select().from(bodies).where(and(eq(bodies.id, id), eq(bodies.courtId, courtId))))
}

/** 立案庭 by its code; a directory without one sends the linked ticket to the catch-all queue for triage. */
async function filingBody(db: Db, courtId: number): Promise<BodyRow | undefined> {
  const byCode = await first(db.select().from(bodies).where(and(eq(bodies.courtId, courtId), eq(bodies.code, FILING_BODY_CODE))))
  if (byCode) return byCode
  const all = await db.select().from(bodies).where(and(eq(bodies.courtId, courtId), eq(bodies.active, true)))
  return all.find((b) => b.kind === 'court_queue' && b.intents.includes('filing')) ?? all.find((b) => b.isCatchAll)
}

export interface ApplyOptions {
  /** staff acting: the ticket must be in their scope (else NOT_FOUND, existence is not leaked) */
  staff?: StaffUser
  policy?: LifecyclePolicy
}

/** Staff entry point: by ticket number, scoped to the user. */
export async function applyStaffCommand(
  rt: Runtime,
  staff: StaffUser,
  number: string,
  cmd: TicketCommand,
  policy?: LifecyclePolicy,
): Promise<ActionResult> {
  const t = await getTicketByNumber(rt.db, staff.courtId, number)
  if (!t || !inScope(staff, t)) throw new SuyuanError('NOT_FOUND', TICKET_TEXTS.ticketNotFound)
  return applyCommand(rt, t.id, cmd, staffActor(staff), { staff, policy })
}

/**
 * The one way a ticket changes state. Throws SuyuanError NOT_FOUND (missing / out of scope), FORBIDDEN,
 * BAD_INPUT or TRANSITION_FORBIDDEN (→ 409 with the Chinese reason).
 */
export async function applyCommand(
  rt: Runtime,
  ticketId: number,
  cmd: TicketCommand,
  actor: Actor,
  opts: ApplyOptions = {},
): Promise<ActionResult> {
  const now = rt.clock.now()
  const policy = opts.policy ?? DEFAULT_POLICY
  const result = await rt.uow.run(async (tx) => {
    // one command per ticket at a time (two handlers pressing 接单 together: one wins, the other is told why)
    await lockInTx(tx, `ticket:${ticketId}`)
    const t = await getTicket(tx, ticketId)
    // Re-checked inside the transaction: a concurrent transfer may have moved it out of the user's unit.
    if (!t || (opts.staff && !inScope(opts.staff, t))) throw new SuyuanError('NOT_FOUND', TICKET_TEXTS.ticketNotFound)
    if ((cmd.type === 'transfer' || cmd.type === 'dispatch') && !(await getBody(tx, t.courtId, cmd.bodyId))?.active) {
      throw new SuyuanError('BAD_INPUT', TICKET_TEXTS.bodyNotFound)
    }
    const r = transition(await toSnapshot(tx, t), cmd, actor, now, policy)
    if (!r.ok) throw new SuyuanError(r.code, r.reason)

    const { hasJudicialConfirmation: _ignored, ...patch } = r.patch
    let [updated] = await tx
      .update(tickets)
      .set({ ...patch, updatedAt: now })
      .where(eq(tickets.id, t.id))
      .returning()
    if (!updated) throw new SuyuanError('NOT_FOUND', TICKET_TEXTS.ticketNotFound)

    const linked: TicketRow[] = []
    for (const e of r.effects) {
      if (e.kind === 'create-linked-ticket') linked.push(await createLinkedTicket(rt, tx, updated, e.purpose, now))
      if (e.kind === 'reset-deadlines') updated = await resetDeadlines(rt, tx, updated, e.from, now)
    }
    const event = await appendEvent(tx, {
      ticketId: t.id,
      at: now,
      actor: { type: actor.type, id: actor.type === 'system' ? null : actor.id },
      action: r.event.action,
      fromStatus: r.event.fromStatus,
      toStatus: r.event.toStatus,
      reason: r.event.reason ?? null,
      note: r.event.note ?? null,
      data: { ...r.event.data, ...(linked.length ? { linkedNumbers: linked.map((l) => l.number) } : {}) },
    })
    for (const e of r.effects) await stageEffect(rt, tx, updated, e, event.id, linked[0]?.number ?? '', now)
    return { ticket: updated, linked }
  })
  // the outbox holds the jobs; handing them over must not hold up the caller (Redis may be down)
  void rt.jobs.kick()
  rt.log.info({ ticket: result.ticket.number, action: cmd.type, status: result.ticket.status }, 'ticket action')
  return result
}

/**
 * New deadlines for the unit now holding the ticket (限时办理 starts again on 派单/转办/重新办理; the resolve
 * deadline runs from 接单), plus an sla-check job for the next 督办 stage of the clock that now runs.
 */
async function resetDeadlines(rt: Runtime, tx: Db, t: TicketRow, from: ClockFrom, now: Date): Promise<TicketRow> {
  const body = await getBody(tx, t.courtId, t.bodyId)
  if (!body) return t
  const cal = await loadCalendar(tx, t.courtId, body.id)
  const policy = { acceptHours: body.acceptHours, resolveDays: body.resolveDays }
  const d = slaDeadlines({ createdAt: now, acceptedAt: from === 'accept' || from === 'reopen' ? now : null, risk: t.risk, priority: t.priority }, policy, cal)
  const set = from === 'accept' || from === 'reopen' ? { resolveDueAt: d.resolveDueAt } : d
  const [updated] = await tx.update(tickets).set(set).where(eq(tickets.id, t.id)).returning()
  if (!updated) return t
  const at = nextStageAt({ ...updated, clockStartedAt: now }, cal)
  if (at) {
    // Same key as api/jobs/sla.ts gives this clock run (its clock starts at this action's event time), so the
    // SLA job's own re-staging is a no-op.
    const clock = updated.status === '已派单' || updated.status === '已转办' ? 'accept' : 'resolve'
    await rt.jobs.stage(
      tx,
      'sla-check',
      { ticketId: t.id, stage: updated.slaStage + 1 },
      { delayMs: Math.max(0, at.getTime() - now.getTime()), key: `sla-check-${t.id}-${clock}-${now.getTime()}-s${updated.slaStage + 1}` },
    )
  }
  return updated
}

/** A citizen notice is a stored push message plus a notify-citizen job carrying only its id. */
async function pushToCitizen(rt: Runtime, tx: Db, t: TicketRow, text: string, now: Date): Promise<void> {
  if (t.citizenId === null) return
  const [m] = await tx
    .insert(messages)
    .values({ citizenId: t.citizenId, direction: 'out', kind: 'push', channel: t.channel, text, ticketId: t.id, createdAt: now })
    .returning({ id: messages.id })
  if (m) await rt.jobs.stage(tx, 'notify-citizen', { messageId: m.id }, { key: `notify-citizen-${m.id}` })
}

async function stageEffect(rt: Runtime, tx: Db, t: TicketRow, e: Effect, eventId: number, linkedNumber: string, now: Date): Promise<void> {
  const bodyName = (await getBody(tx, t.courtId, t.bodyId))?.name ?? '承办单位'
  switch (e.kind) {
    case 'notify-unit':
      // stage = the event id, so a second transfer/reopen of the same ticket is a new notice, a retry is not.
      await rt.jobs.stage(tx, 'notify-unit', { ticketId: t.id, kind: e.notice, stage: eventId }, { key: `notify-unit-${e.notice}-${eventId}` })
      return
    case 'notify-citizen':
      await pushToCitizen(rt, tx, t, TICKET_NOTICES[e.notice]({ number: t.number, bodyName, note: e.note ?? '', linkedNumber }), now)
      return
    case 'relay-reply':
      await pushToCitizen(rt, tx, t, relayReply(t.number, bodyName, e.text), now)
      return
    case 'schedule-rating-timeout':
      await rt.jobs.stage(tx, 'rating-timeout', { ticketId: t.id }, { delayMs: e.delayMs, key: `rating-timeout-${t.id}-${eventId}` })
      return
    case 'create-linked-ticket':
    case 'reset-deadlines':
      return // done before the event was written
  }
}

/** 调解不成 → 立案 / 调解成功 → 司法确认: a new ticket for the 立案庭 with everything the citizen already told us. */
async function createLinkedTicket(rt: Runtime, tx: Db, parent: TicketRow, purpose: 'filing' | 'judicial_confirmation', now: Date): Promise<TicketRow> {
  const existing = await findLinked(tx, parent.id, purpose)
  if (existing) return existing
  const body = await filingBody(tx, parent.courtId)
  const summary =
    purpose === 'filing'
      ? TICKET_TEXTS.linkedFilingSummary(parent.number, parent.summary)
      : TICKET_TEXTS.linkedConfirmationSummary(parent.number, parent.summary)
  const draft = {
    courtId: parent.courtId,
    citizenId: parent.citizenId,
    channel: parent.channel,
    source: 'linked',
    intent: 'filing',
    domain: parent.domain,
    regionId: parent.regionId,
    place: parent.place,
    summary,
    facts: parent.facts,
    contactPhone: parent.contactPhone,
    consentAt: parent.consentAt,
    risk: parent.risk,
    priority: parent.priority,
    flags: parent.flags,
    bodyId: body?.id ?? null,
    routingReason: purpose === 'filing' ? TICKET_TEXTS.linkedFilingReason : TICKET_TEXTS.linkedConfirmationReason,
    acceptDueAt: null,
    resolveDueAt: null,
    intakeKey: linkedKey(parent.id, purpose),
    parentId: parent.id,
  }
  let child = await insertTicket(tx, draft, { type: 'system', id: null }, now)
  if (body) {
    child = await resetDeadlines(rt, tx, child, 'linked', now)
    await rt.jobs.stage(tx, 'notify-unit', { ticketId: child.id, kind: 'new_ticket' }, { key: `notify-unit-new_ticket-${child.id}` })
  }
  return child
}

// ---- entry point for the rating-timeout job (api/jobs/rating.ts) and the SLA sweep ----

/** rating-timeout job: 3 days after 办结反馈 without a rating → archived as 未评价. No-op if anything moved on. */
export async function archiveOnRatingTimeout(rt: Runtime, ticketId: number, policy: LifecyclePolicy = DEFAULT_POLICY): Promise<boolean> {
  const t = await getTicket(rt.db, ticketId)
  if (!t || t.status !== '已办结' || !t.feedbackAt) return false
  if (rt.clock.now().getTime() - t.feedbackAt.getTime() < policy.ratingTimeoutMs) return false
  await applyCommand(rt, ticketId, { type: 'archive' }, { type: 'system' }, { policy })
  return true
}
