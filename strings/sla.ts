// What handlers and leaders read when a deadline is near or passed (限时办理 / 督办), and what the citizen hears
// after rating a ticket. Plain, polite Chinese; never legal advice.
import type { SlaClock, SlaStage } from '../core/sla.js'

export interface SlaNoticeParams {
  number: string
  summary: string
  /** which deadline: 接单 (accept) or 办结 (resolve) */
  clock: SlaClock
  /** the deadline, already formatted in court time (e.g. 11月25日 18:00) */
  due: string
  bodyName: string
}

const DEADLINE_NAME: Record<SlaClock, string> = { accept: '接单', resolve: '办结' }

/** One notice per stage; stage 3 also goes to the duty unit's inbox. */
export const SLA_NOTICES: Record<SlaStage, (p: SlaNoticeParams) => string> = {
  1: (p) =>
    `提醒：工单 ${p.number}（${p.summary}）的${DEADLINE_NAME[p.clock]}期限是 ${p.due}，时间已过去四分之三，请抓紧${DEADLINE_NAME[p.clock]}。`,
  2: (p) =>
    `督办：工单 ${p.number}（${p.summary}）已超过${DEADLINE_NAME[p.clock]}期限（${p.due}），请单位负责人督促尽快办理，并向群众说明进展。`,
  3: (p) =>
    `督办（已报院值班领导）：${p.bodyName}的工单 ${p.number}（${p.summary}）超过${DEADLINE_NAME[p.clock]}期限（${p.due}）仍未处理，请值班领导协调督办。`,
}

/** ticket_events.note for the recorded stage (the 台账 shows it). */
export const SLA_EVENT_NOTES: Record<SlaStage, (clock: SlaClock) => string> = {
  1: (c) => `${DEADLINE_NAME[c]}期限已过四分之三，已提醒承办人`,
  2: (c) => `已超${DEADLINE_NAME[c]}期限，已督办单位负责人`,
  3: (_c) => `超期仍未处理，已报院值班领导督办`,
}

/** Replies in the chat when a citizen rates a ticket (the detailed notice follows as a push). */
export const RATING_REPLIES = {
  thanks: (rating: number) => `收到您的评价（${rating}分），谢谢您！`,
  low: (rating: number) => `收到您的评价（${rating}分）和意见。我们已请承办单位负责人回访您，给您添麻烦了。`,
  /** nothing to rate any more (already rated, archived, …): the state machine's reason follows */
  cannot: (reason: string) => `这次评价没能记录：${reason}`,
  failed: '评价暂时没能记录，请稍后再试一次，或回复“转人工”。',
} as const

/** 回访 event note when a low rating sends the ticket back. */
export const REVISIT_NOTE = (rating: number) => `群众评价${rating}分（不满意），工单退回承办单位，请单位负责人回访`
