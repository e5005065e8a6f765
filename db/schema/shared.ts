// Constants and JSON/text column types shared by the SQLite tables (db/schema/*.ts) and their PostgreSQL mirror
// (db/schema/pg/*.ts). Defined once here; each table file re-exports the ones it uses, so imports such as
// `import { type LawRef } from './kb.js'` keep working for either dialect. No tables in this file.

// ---- citizens ----

/** web | terminal | wechat_oa | wechaty */
export type Channel = string

// ---- directory ----

export type BodyKind = 'mediation' | 'court_queue' | 'referral'

export interface WorkingHours {
  /** e.g. [["08:30","12:00"],["14:30","18:00"]] */
  periods: [string, string][]
}

export interface EscalationStep {
  level: number
  /** who is told: unit_leader | duty_leader */
  role: 'unit_leader' | 'duty_leader'
  /** user id, when a named person holds it */
  userId?: number
}

/** Staff roles (users.role). */
export const ROLES = ['admin', 'duty_leader', 'unit_leader', 'handler', 'kb_editor'] as const
export type Role = (typeof ROLES)[number]

// ---- kb ----

export interface LawRef {
  /** full name, e.g. 中华人民共和国民法典 */
  law: string
  /** article number, e.g. 1079 */
  article: number
  /** 之一 / 之二 for inserted articles */
  suffix?: string
}

export type KbStatus = 'draft' | 'review' | 'published' | 'retired'

// ---- tickets ----

/** Ticket states (core/ticket-state.ts holds the transitions). */
export const TICKET_STATUSES = [
  '待派单',
  '已派单',
  '已接单',
  '办理中',
  '已转办',
  '已办结',
  '重新办理',
  '已归档',
] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]

export interface TicketFlags {
  /** 重复: same citizen, same domain within 90 days */
  repeatCount?: number
  /** 集体: several citizens of one village on one matter within a day */
  collective?: boolean
  /** 速裁 hint (繁简分流) */
  fastTrack?: boolean
  /** 越级 / group-protest words seen */
  escalationThreat?: boolean
}

export type ActorType = 'citizen' | 'user' | 'system'

// ---- wechat ----

export type DeferredAnswerStatus = 'pending' | 'sending' | 'sent' | 'undeliverable'

export type WeChatSendStatus = 'sent' | 'undeliverable'
