// The citizen's side of 办结: a 1–5 rating from the chat (the dialogue's deps.rate), a 回访 by the unit leader when
// the rating is 1–2 (the state machine reopens the ticket to the owning unit), and archiving as 未评价 when no
// rating comes within 3 days of the result being pushed (the 'rating-timeout' job; the SLA sweep is the safety net).
import { isSuyuanError } from '../../core/errors.js'
import { applyCommand, archiveOnRatingTimeout } from '../../db/repositories/ticket-actions.js'
import { appendEvent, getTicket } from '../../db/repositories/tickets.js'
import { RATING_REPLIES, REVISIT_NOTE } from '../../strings/sla.js'
import type { JobPayloads, Runtime } from '../types.js'

/**
 * Records a citizen's rating of their resolved ticket and returns the chat reply. The detailed notice (thanks, or
 * "重新交给…办理") reaches the citizen as a push staged by the state machine. Refusals (already rated, nothing to
 * rate) come back as a polite reply; other errors are thrown to the dialogue.
 */
export async function rateTicket(rt: Runtime, ticketId: number, rating: number, comment: string): Promise<string> {
  const t = await getTicket(rt.db, ticketId)
  if (!t || t.citizenId === null) return RATING_REPLIES.cannot('没有找到需要评价的工单。')
  const out = await commandOutcome(applyCommand(rt, ticketId, { type: 'rate', rating, comment }, { type: 'citizen', id: t.citizenId }, { policy: rt.config.tickets }))
  if (!out.ok) {
    if (isSuyuanError(out.error) && out.error.code !== 'UPSTREAM_FAILED') return RATING_REPLIES.cannot(out.error.message)
    rt.log.error({ ticketId, err: out.error instanceof Error ? out.error.message : String(out.error) }, 'rating failed')
    return RATING_REPLIES.failed
  }
  const after = await getTicket(rt.db, ticketId)
  if (after?.status !== '重新办理' || after.rating !== rating) return RATING_REPLIES.thanks(rating)
  // 回访: on the record, for the unit leader who owns the ticket again (the rating_low notice reaches their inbox).
  const now = rt.clock.now()
  await rt.uow.run((tx) => appendEvent(tx, {
    ticketId,
    at: now,
    actor: { type: 'system', id: null },
    action: 'revisit_requested',
    fromStatus: after.status,
    toStatus: after.status,
    reason: '群众评价不满意',
    note: REVISIT_NOTE(rating),
    data: { rating, bodyId: after.bodyId, notify: 'unit_leader' },
  }))
  return RATING_REPLIES.low(rating)
}

export type Outcome = { ok: true } | { ok: false; error: unknown }

/** A ticket command's result as a value (applyCommand resolves at its commit; the job hand-over runs behind it). */
export async function commandOutcome(p: Promise<unknown>): Promise<Outcome> {
  return p.then(
    (): Outcome => ({ ok: true }),
    (error: unknown): Outcome => ({ ok: false, error }),
  )
}

/** 'rating-timeout': 3 days after 办结反馈 without a rating → 已归档 (未评价). A no-op when anything moved on. */
export async function ratingTimeout(p: JobPayloads['rating-timeout'], rt: Runtime): Promise<void> {
  const t = await getTicket(rt.db, p.ticketId)
  if (!t || t.status !== '已办结' || t.rating !== null || !t.feedbackAt) return
  const windowMs = rt.config.tickets.ratingTimeoutMs
  if (rt.clock.now().getTime() - t.feedbackAt.getTime() < windowMs) {
    // delivered early (a backend's timer ran ahead of the court clock): check again when the window closes
    const wait = t.feedbackAt.getTime() + windowMs - rt.clock.now().getTime()
    const feedbackAt = t.feedbackAt.getTime()
    await rt.uow.run((tx) => rt.jobs.stage(tx, 'rating-timeout', { ticketId: t.id }, { delayMs: wait, key: `rating-timeout-${t.id}-at-${feedbackAt}` }))
    return
  }
  const out = await commandOutcome(archiveOnRatingTimeout(rt, p.ticketId, rt.config.tickets))
  // a refusal means the citizen rated in the same instant, which is right; anything else is retried
  if (!out.ok && !isSuyuanError(out.error)) throw out.error
}

export function registerRatingJobs(rt: Runtime): void {
  rt.jobs.register('rating-timeout', ratingTimeout)
}
