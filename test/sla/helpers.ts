// Shared bits of the SLA tests: wire the jobs the way api/runtime.ts will, make tickets through the ticket repo,
// and read what was recorded.
import { and, eq } from 'drizzle-orm'
import { slaDeadlines } from '../../core/sla.js'
import { loadCalendar } from '../../db/repositories/directory.js'
import { insertTicket, type TicketRow } from '../../db/repositories/tickets.js'
import { first } from '../../db/query.js'
import { bodies, citizens, ticketEvents, unitNotifications, users } from '../../db/schema/index.js'
import type { Actor } from '../../core/ticket-state.js'
import { registerRatingJobs, rateTicket } from '../../api/jobs/rating.js'
import { registerSlaJobs, scheduleSla } from '../../api/jobs/sla.js'
import type { Runtime } from '../../api/types.js'
import type { DialogueDeps } from '../../bot/dialogue/deps.js'

/** What the lead adds to createRuntime: the SLA and rating jobs, and deps.rate for the dialogue. */
export function wire(rt: Runtime): void {
  registerSlaJobs(rt)
  registerRatingJobs(rt)
  // the DialogueManager keeps its deps privately; the runtime will pass `rate` in the deps literal
  const deps = (rt.dialogue as unknown as { deps: DialogueDeps }).deps
  deps.rate = (ticketId, rating, comment) => rateTicket(rt, ticketId, rating, comment)
}

export async function bodyId(rt: Runtime, code: string): Promise<number> {
  const b = await first(rt.db.select({ id: bodies.id }).from(bodies).where(and(eq(bodies.courtId, rt.courtId), eq(bodies.code, code))))
  if (!b) throw new Error(`no body ${code}`)
  return b.id
}

/** A ticket for `code` created now, with deadlines from the body's settings and its first sla-check staged. */
export async function newTicket(rt: Runtime, code = 'cityguan-tiaojie', o: { risk?: boolean; externalId?: string } = {}): Promise<TicketRow> {
  const now = rt.clock.now()
  const id = await bodyId(rt, code)
  const b = (await first(rt.db.select().from(bodies).where(eq(bodies.id, id))))!
  const due = slaDeadlines({ createdAt: now, risk: o.risk ?? false, priority: o.risk ? 2 : 0 }, b, await loadCalendar(rt.db, rt.courtId, id))
  const t = await rt.uow.run(async (tx) => {
    const [citizen] = await tx
      .insert(citizens)
      .values({ channel: 'web', externalId: o.externalId ?? `sla-${Math.random().toString(36).slice(2)}` })
      .returning()
    if (!citizen) throw new Error('no citizen')
    const row = await insertTicket(
      tx,
      {
        courtId: rt.courtId,
        citizenId: citizen.id,
        channel: 'web',
        source: 'web_chat',
        intent: 'dispute',
        domain: 'neighbor',
        regionId: null,
        place: '城关镇',
        summary: '邻居装修噪音扰民',
        facts: '楼上邻居每天晚上十点后装修，协商无果。',
        contactPhone: null,
        consentAt: now,
        risk: o.risk ?? false,
        priority: o.risk ? 2 : 0,
        flags: {},
        bodyId: id,
        routingReason: '相邻纠纷 → 城关镇人民调解委员会',
        acceptDueAt: due.acceptDueAt,
        resolveDueAt: due.resolveDueAt,
        intakeKey: null,
      },
      { type: 'citizen', id: citizen.id },
      now,
    )
    await scheduleSla(tx, rt, row)
    return row
  })
  return t
}

export function events(rt: Runtime, ticketId: number, action: string) {
  return rt.db
    .select()
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.action, action)))
    .orderBy(ticketEvents.id)
}

export function notices(rt: Runtime, ticketId: number) {
  return rt.db.select().from(unitNotifications).where(eq(unitNotifications.ticketId, ticketId)).orderBy(unitNotifications.id)
}

/** The demo 城关镇调委会 handler (handler1) as a lifecycle actor. */
export async function handler(rt: Runtime): Promise<Actor> {
  const u = await first(rt.db.select().from(users).where(eq(users.username, 'handler1')))
  if (!u) throw new Error('demo user handler1 missing')
  return { type: 'user', id: u.id, role: 'handler', bodyId: u.bodyId }
}

/** Court time (UTC+8) → Date. */
export const local = (isoLocal: string): Date => new Date(`${isoLocal}+08:00`)

export async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return check()
}
