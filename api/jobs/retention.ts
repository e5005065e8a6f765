// PIPL retention (最小必要、最短期限): clear what is no longer needed. Message rows stay (statistics, the audit
// trail refers to tickets, not texts) but their text is cleared; archived tickets lose the contact phone; WeChat
// delivery dedup records go. Runs at start and every few hours; each run is idempotent.
import { and, eq, isNotNull, lt, ne, sql } from 'drizzle-orm'
import { messages, tickets, ticketEvents } from '../../db/schema/index.js'
import { pruneDeliveries } from '../wechat/deliveries.js'
import { RETENTION } from '../../strings/retention.js'
import type { Runtime } from '../types.js'
import type { DutyLease } from './lease.js'

const DAY = 86_400_000

export interface RetentionReport {
  messagesCleared: number
  phonesRemoved: number
  deliveriesPruned: number
}

export function runRetention(rt: Runtime): Promise<RetentionReport> {
  const now = rt.clock.now().getTime()
  const r = rt.config.retention
  return rt.uow.run(async (tx) => {
    const messagesCleared = (
      await tx
        .update(messages)
        .set({ text: RETENTION.clearedText })
        .where(and(lt(messages.createdAt, new Date(now - r.messageDays * DAY)), ne(messages.text, RETENTION.clearedText)))
        .returning({ id: messages.id })
    ).length
    // archived long enough ago: the archiving event is the clock
    const phoneCutoff = new Date(now - r.phoneDaysAfterArchive * DAY)
    const phonesRemoved = (
      await tx
        .update(tickets)
      .set({ contactPhone: null })
      .where(
        and(
          eq(tickets.status, '已归档'),
          isNotNull(tickets.contactPhone),
          lt(
            sql`(select max(${ticketEvents.at}) from ${ticketEvents} where ${ticketEvents.ticketId} = ${tickets.id} and ${ticketEvents.toStatus} = '已归档')`,
            sql`${tickets.createdAt.mapToDriverValue(phoneCutoff)}`,
          ),
        ),
      )
      .returning({ id: tickets.id })
    ).length
    const deliveriesPruned = await pruneDeliveries(tx, new Date(now - r.deliveryDays * DAY))
    return { messagesCleared, phonesRemoved, deliveriesPruned }
  })
}

/**
 * At start and every `everyMs`. With a `lease` (several processes on one database) only the process holding it
 * runs retention — the SLA sweep's lease: one process does both duties.
 */
export function startRetention(rt: Runtime, everyMs = 6 * 3600_000, lease?: DutyLease): { stop(): void } {
  const run = () =>
    (lease ? lease.hold() : Promise.resolve(true))
      .then((held) => (held ? runRetention(rt) : null))
      .then(
        (rep) => {
          if (!rep) return
          if (rep.messagesCleared || rep.phonesRemoved || rep.deliveriesPruned) rt.log.info({ ...rep }, 'retention')
        },
        (err: unknown) => rt.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'retention failed'),
      )
  void run()
  const timer = setInterval(run, everyMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
