// The core job handlers: tell a unit about a ticket, deliver a pushed message to a citizen.
import { and, eq } from 'drizzle-orm'
import { getCitizen } from '../../db/repositories/citizens.js'
import { first } from '../../db/query.js'
import { getTicket } from '../../db/repositories/tickets.js'
import { insertUnitNotice } from '../../db/repositories/sla.js'
import { bodies, messages } from '../../db/schema/index.js'
import { UNIT_NOTICES } from '../../strings/dialogue.js'
import type { JobPayloads, Runtime } from '../types.js'

export async function notifyUnit(p: JobPayloads['notify-unit'], rt: Runtime): Promise<void> {
  const t = await getTicket(rt.db, p.ticketId)
  if (!t) return
  // 集体 early warnings go to the court's duty unit, whoever handles the ticket itself
  const body =
    p.kind === 'early_warning'
      ? await first(rt.db.select().from(bodies).where(and(eq(bodies.courtId, t.courtId), eq(bodies.isDutyUnit, true))))
      : t.bodyId
        ? await first(rt.db.select().from(bodies).where(eq(bodies.id, t.bodyId)))
        : undefined
  if (!body) return
  const text = UNIT_NOTICES[p.kind]({ number: t.number, summary: t.summary, risk: t.risk, stage: p.stage ?? 0 })
  // At-least-once delivery: one notice per (kind, ticket, stage, body).
  const now = rt.clock.now()
  await rt.uow.run((tx) =>
    insertUnitNotice(tx, { bodyId: body.id, ticketId: t.id, kind: p.kind, text, dedupKey: `${p.kind}-${t.id}-${p.stage ?? 0}-${body.id}`, now }),
  )
  rt.log.info({ ticket: t.number, body: body.code, kind: p.kind }, 'unit notified')
}

export async function notifyCitizen(p: JobPayloads['notify-citizen'], rt: Runtime): Promise<void> {
  const m = await first(rt.db.select().from(messages).where(eq(messages.id, p.messageId)))
  if (!m || m.deliveredAt) return
  const citizen = await getCitizen(rt.db, m.citizenId)
  if (!citizen) return
  // WeChat OA pushes have their own job: it knows the 48-hour window and the quota, and marks delivery only
  // when WeChat accepted the message.
  if (citizen.channel === 'wechat_oa') {
    await rt.jobs.enqueue('wechat-send', { messageId: m.id }, { key: `wechat-send-${m.id}` })
    return
  }
  const sender = rt.senders.get(citizen.channel)
  // Web chat and terminal have no push channel: the page polls /api/chat/messages.
  if (!sender) return
  await sender.send(citizen.externalId, m.text)
  const at = rt.clock.now()
  await rt.uow.run(async (tx) => {
    await tx.update(messages).set({ deliveredAt: at }).where(eq(messages.id, m.id))
  })
}

export function registerCoreJobs(rt: Runtime): void {
  rt.jobs.register('notify-unit', notifyUnit)
  rt.jobs.register('notify-citizen', notifyCitizen)
}
