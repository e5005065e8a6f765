// Jobs and the OutboundSender of the Official Account channel. Payloads carry record ids only.
import { and, eq, inArray, sql } from 'drizzle-orm'
import { SuyuanError } from '../../core/errors.js'
import type { Db } from '../../db/client.js'
import { commitSoon } from '../../db/group-commit.js'
import { citizens, messages } from '../../db/schema/index.js'
import { wechatDeferredAnswers } from '../../db/schema/wechat.js'
import type { OutboundSender, Runtime } from '../types.js'
import { answerRef, deliverText, type DeliveryOutcome } from './outbound.js'
import { CHANNEL } from './deliveries.js'
import { createHash } from 'node:crypto'

/** bullmq job ids: no ':' and not all digits */
export const answerJobKey = (deliveryKey: string): string =>
  `wechat-answer-${createHash('sha1').update(deliveryKey).digest('hex')}`

/**
 * Records an answer that goes out through the 客服 API and stages its job, inside the caller's write unit
 * (outbox). Idempotent per delivery key. Call `rt.jobs.kick()` after the commit.
 */
export function stageDeferredAnswerIn(tx: Db, rt: Runtime, deliveryKey: string, citizenId: number, text: string): void {
  const r = tx
    .insert(wechatDeferredAnswers)
    .values({ deliveryKey, citizenId, text, createdAt: rt.clock.now() })
    .onConflictDoNothing()
    .run()
  if (r.changes === 1) rt.jobs.stage(tx, 'wechat-answer', { deliveryKey }, { key: answerJobKey(deliveryKey) })
}

/** stageDeferredAnswerIn in its own transaction. */
export function stageDeferredAnswer(rt: Runtime, deliveryKey: string, citizenId: number, text: string): void {
  rt.db.transaction((tx) => stageDeferredAnswerIn(tx as unknown as Db, rt, deliveryKey, citizenId, text))
}

async function runAnswerJob(payload: { deliveryKey: string }, rt: Runtime): Promise<void> {
  const key = payload.deliveryKey
  // claim: only one worker sends a given answer, even if the job is delivered twice. Writes go through the
  // group commit: each is durable before the next step, and concurrent answers share the fsync.
  const claimed = await commitSoon(rt.db, (tx) =>
    tx
      .update(wechatDeferredAnswers)
      .set({ status: 'sending', attempts: sql`${wechatDeferredAnswers.attempts} + 1` })
      .where(and(eq(wechatDeferredAnswers.deliveryKey, key), eq(wechatDeferredAnswers.status, 'pending')))
      .returning()
      .get(),
  )
  if (!claimed) return
  let outcome: DeliveryOutcome
  try {
    outcome = await deliverText(rt, claimed.citizenId, claimed.text, { ref: answerRef(key), resumable: true, checkWindow: false })
  } catch (e) {
    await commitSoon(rt.db, (tx) =>
      tx
        .update(wechatDeferredAnswers)
        .set({ status: 'pending', lastError: (e as Error).message.slice(0, 300) })
        .where(eq(wechatDeferredAnswers.deliveryKey, key))
        .run(),
    )
    throw e instanceof SuyuanError ? e : new SuyuanError('UPSTREAM_FAILED', (e as Error).message)
  }
  await commitSoon(rt.db, (tx) =>
    tx
      .update(wechatDeferredAnswers)
      .set(
        outcome.status === 'sent'
          ? { status: 'sent', sentAt: rt.clock.now(), lastError: null }
          : { status: 'undeliverable', lastError: `errcode ${outcome.errcode}` },
      )
      .where(eq(wechatDeferredAnswers.deliveryKey, key))
      .run(),
  )
}

/** A pushed `messages` row (kind push, direction out) for a wechat_oa citizen. */
async function runSendJob(payload: { messageId: number }, rt: Runtime): Promise<void> {
  const m = rt.db.select().from(messages).where(eq(messages.id, payload.messageId)).get()
  if (!m || m.deliveredAt || m.direction !== 'out' || m.channel !== CHANNEL) return
  const outcome = await deliverText(rt, m.citizenId, m.text, { ref: `message:${m.id}`, resumable: true, checkWindow: true })
  // undeliverable pushes keep delivered_at null; wechat_sends says why
  if (outcome.status === 'sent') {
    await commitSoon(rt.db, (tx) => tx.update(messages).set({ deliveredAt: rt.clock.now() }).where(eq(messages.id, m.id)).run())
  }
}

export function registerWeChatJobs(rt: Runtime): void {
  rt.jobs.register('wechat-answer', runAnswerJob)
  rt.jobs.register('wechat-send', runSendJob)
}

/**
 * OutboundSender for rt.senders.set('wechat_oa', …). Transient failures throw (the calling job retries);
 * an out-of-window / over-quota citizen resolves normally and is recorded as undeliverable in wechat_sends,
 * so pushes do not pile up retrying something WeChat will keep refusing.
 */
export function createWeChatSender(rt: Runtime): OutboundSender {
  return {
    async send(citizenExternalId, text) {
      const c = rt.db
        .select({ id: citizens.id })
        .from(citizens)
        .where(and(eq(citizens.channel, CHANNEL), eq(citizens.externalId, citizenExternalId)))
        .get()
      if (!c) throw new SuyuanError('NOT_FOUND', 'no such wechat_oa citizen')
      await deliverText(rt, c.id, text, { ref: 'push', resumable: false, checkWindow: true })
    },
  }
}

/** Answers still waiting for the 客服 API (for the status page / tests). */
export function pendingAnswers(rt: Runtime): number {
  return (
    rt.db
      .select({ n: sql<number>`count(*)` })
      .from(wechatDeferredAnswers)
      .where(inArray(wechatDeferredAnswers.status, ['pending', 'sending']))
      .get()?.n ?? 0
  )
}
