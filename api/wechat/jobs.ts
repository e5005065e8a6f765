// Jobs and the OutboundSender of the Official Account channel. Payloads carry record ids only.
import { and, eq, inArray, sql } from 'drizzle-orm'
import { SuyuanError } from '../../core/errors.js'
import type { Db } from '../../db/client.js'
import { countStar, first } from '../../db/query.js'
import { citizens, messages } from '../../db/schema/index.js'
import { wechatDeferredAnswers } from '../../db/schema/index.js'
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
export async function stageDeferredAnswerIn(tx: Db, rt: Runtime, deliveryKey: string, citizenId: number, text: string): Promise<void> {
  const r = await tx
    .insert(wechatDeferredAnswers)
    .values({ deliveryKey, citizenId, text, createdAt: rt.clock.now() })
    .onConflictDoNothing()
    .returning({ key: wechatDeferredAnswers.deliveryKey })
  if (r.length === 1) await rt.jobs.stage(tx, 'wechat-answer', { deliveryKey }, { key: answerJobKey(deliveryKey) })
}

/** stageDeferredAnswerIn in its own transaction. */
export function stageDeferredAnswer(rt: Runtime, deliveryKey: string, citizenId: number, text: string): Promise<void> {
  return rt.uow.run((tx) => stageDeferredAnswerIn(tx, rt, deliveryKey, citizenId, text))
}

async function runAnswerJob(payload: { deliveryKey: string }, rt: Runtime): Promise<void> {
  const key = payload.deliveryKey
  // claim: only one worker sends a given answer, even if the job is delivered twice. Writes go through the
  // group commit: each is durable before the next step, and concurrent answers share the fsync.
  const claimed = await rt.uow.run((tx) =>
    first(
      tx
        .update(wechatDeferredAnswers)
        .set({ status: 'sending', attempts: sql`${wechatDeferredAnswers.attempts} + 1` })
        .where(and(eq(wechatDeferredAnswers.deliveryKey, key), eq(wechatDeferredAnswers.status, 'pending')))
        .returning(),
    ),
  )
  if (!claimed) return
  let outcome: DeliveryOutcome
  try {
    outcome = await deliverText(rt, claimed.citizenId, claimed.text, { ref: answerRef(key), resumable: true, checkWindow: false })
  } catch (e) {
    await rt.uow.run(async (tx) => {
      await tx
        .update(wechatDeferredAnswers)
        .set({ status: 'pending', lastError: (e as Error).message.slice(0, 300) })
        .where(eq(wechatDeferredAnswers.deliveryKey, key))
    })
    throw e instanceof SuyuanError ? e : new SuyuanError('UPSTREAM_FAILED', (e as Error).message)
  }
  const at = rt.clock.now()
  await rt.uow.run(async (tx) => {
    await tx
      .update(wechatDeferredAnswers)
      .set(
        outcome.status === 'sent'
          ? { status: 'sent', sentAt: at, lastError: null }
          : { status: 'undeliverable', lastError: `errcode ${outcome.errcode}` },
      )
      .where(eq(wechatDeferredAnswers.deliveryKey, key))
  })
}

/** A pushed `messages` row (kind push, direction out) for a wechat_oa citizen. */
async function runSendJob(payload: { messageId: number }, rt: Runtime): Promise<void> {
  const m = await first(rt.db.select().from(messages).where(eq(messages.id, payload.messageId)))
  if (!m || m.deliveredAt || m.direction !== 'out' || m.channel !== CHANNEL) return
  const outcome = await deliverText(rt, m.citizenId, m.text, { ref: `message:${m.id}`, resumable: true, checkWindow: true })
  // undeliverable pushes keep delivered_at null; wechat_sends says why
  if (outcome.status === 'sent') {
    const at = rt.clock.now()
    await rt.uow.run(async (tx) => {
      await tx.update(messages).set({ deliveredAt: at }).where(eq(messages.id, m.id))
    })
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
      const c = await first(
        rt.db
          .select({ id: citizens.id })
          .from(citizens)
          .where(and(eq(citizens.channel, CHANNEL), eq(citizens.externalId, citizenExternalId))),
      )
      if (!c) throw new SuyuanError('NOT_FOUND', 'no such wechat_oa citizen')
      await deliverText(rt, c.id, text, { ref: 'push', resumable: false, checkWindow: true })
    },
  }
}

/** Answers still waiting for the 客服 API (for the status page / tests). */
export async function pendingAnswers(rt: Runtime): Promise<number> {
  const r = await first(
    rt.db
      .select({ n: countStar() })
      .from(wechatDeferredAnswers)
      .where(inArray(wechatDeferredAnswers.status, ['pending', 'sending'])),
  )
  return r?.n ?? 0
}
