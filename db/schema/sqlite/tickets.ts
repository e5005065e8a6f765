// Tickets (工单), their append-only audit trail (一案一台账), the unit inbox, the job outbox and the staff
// access log. Ticket events and the access log refuse UPDATE and DELETE (triggers in a custom migration).
import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { citizens } from './citizens.js'
import { bodies, courts, regions, users } from './directory.js'
import type { ActorType, TicketFlags, TicketStatus } from '../shared.js'

export { TICKET_STATUSES, type ActorType, type TicketFlags, type TicketStatus } from '../shared.js'

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`

export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courtId: integer('court_id').notNull().references(() => courts.id),
    /** SY-2026-000123 */
    /** unique within the court (tickets_court_number) */
    number: text('number').notNull(),
    citizenId: integer('citizen_id').references(() => citizens.id),
    /** the channel the citizen used; status notices go back through it */
    channel: text('channel').notNull(),
    /** web_chat | wechat | wechaty | staff | linked (created from another ticket) */
    source: text('source').notNull().default('bot'),
    intent: text('intent').notNull(),
    domain: text('domain').notNull(),
    regionId: integer('region_id').references(() => regions.id),
    /** where it happened, as the citizen said it */
    place: text('place').notNull().default(''),
    summary: text('summary').notNull(),
    /** the facts in the citizen's words, ID numbers masked */
    facts: text('facts').notNull().default(''),
    contactPhone: text('contact_phone'),
    consentAt: integer('consent_at', { mode: 'timestamp_ms' }),
    status: text('status').$type<TicketStatus>().notNull().default('待派单'),
    bodyId: integer('body_id').references(() => bodies.id),
    routingReason: text('routing_reason').notNull().default(''),
    risk: integer('risk', { mode: 'boolean' }).notNull().default(false),
    /** 0 normal, 1 high (risk, repeat), 2 urgent */
    priority: integer('priority').notNull().default(0),
    flags: text('flags', { mode: 'json' }).$type<TicketFlags>().notNull().default(sql`'{}'`),
    /** the ticket this one was created from (调解不成 → 立案, 调解成功 → 司法确认) */
    parentId: integer('parent_id'),
    /** 首问负责: the unit that first accepted owns it until a recorded transfer */
    ownerBodyId: integer('owner_body_id').references(() => bodies.id),
    handlerId: integer('handler_id').references(() => users.id),
    transferCount: integer('transfer_count').notNull().default(0),
    acceptDueAt: integer('accept_due_at', { mode: 'timestamp_ms' }),
    resolveDueAt: integer('resolve_due_at', { mode: 'timestamp_ms' }),
    /** 督办 progress: 0 none, 1 reminder sent, 2 unit leader, 3 court duty leader */
    slaStage: integer('sla_stage').notNull().default(0),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
    /** mediated | mediation_failed | answered | rejected */
    outcome: text('outcome'),
    outcomeNote: text('outcome_note'),
    /** 办结反馈 sent to the citizen */
    feedbackAt: integer('feedback_at', { mode: 'timestamp_ms' }),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    /** the intake that created it; a retried confirmation cannot create a second ticket */
    intakeKey: text('intake_key').unique(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [
    uniqueIndex('tickets_court_number').on(t.courtId, t.number),
    index('tickets_body_status').on(t.bodyId, t.status),
    index('tickets_citizen').on(t.citizenId),
    index('tickets_status_due').on(t.status, t.resolveDueAt),
  ],
)

export const ticketEvents = sqliteTable(
  'ticket_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull().default(now),
    actorType: text('actor_type').$type<ActorType>().notNull(),
    actorId: integer('actor_id'),
    /** what happened: created, routed, dispatched, accepted, replied, transferred, resolved, reminded, escalated, … */
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    note: text('note'),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('ticket_events_ticket').on(t.ticketId, t.id)],
)

/** The unit's inbox: what the notify-unit job delivers. */
export const unitNotifications = sqliteTable(
  'unit_notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    ticketId: integer('ticket_id').references(() => tickets.id),
    /** new_ticket | reminder | escalation | early_warning | rating_low */
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    /** jobs are at-least-once: one notice per (kind, ticket, stage) */
    dedupKey: text('dedup_key').unique(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('unit_notifications_body').on(t.bodyId, t.id)],
)

/**
 * Transactional outbox: jobs are written here in the same transaction as the change that causes them, then
 * handed to the queue (bullmq or in-process). A crash between commit and enqueue loses nothing.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    /** record ids only, never personal data */
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** dedup id for the queue */
    jobKey: text('job_key').notNull().unique(),
    runAt: integer('run_at', { mode: 'timestamp_ms' }).notNull().default(now),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    dispatchedAt: integer('dispatched_at', { mode: 'timestamp_ms' }),
    doneAt: integer('done_at', { mode: 'timestamp_ms' }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_pending').on(t.doneAt, t.runAt)],
)

/** Staff access log (PIPL): who looked at or changed what. Append-only. */
export const accessLog = sqliteTable('access_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at', { mode: 'timestamp_ms' }).notNull().default(now),
  userId: integer('user_id'),
  action: text('action').notNull(),
  target: text('target').notNull().default(''),
  ip: text('ip').notNull().default(''),
})

/** Inbound delivery dedup (WeChat retries): written before any work is done. */
export const inboundDeliveries = sqliteTable('inbound_deliveries', {
  key: text('key').primaryKey(),
  channel: text('channel').notNull(),
  receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull().default(now),
  /** processing | done */
  state: text('state').notNull().default('processing'),
  /** the reply we gave (the same reply goes to every retried copy) */
  reply: text('reply'),
})
