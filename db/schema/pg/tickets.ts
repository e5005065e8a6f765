// PostgreSQL mirror of db/schema/tickets.ts: same SQL names, same TypeScript properties and row types.
// Ticket events and the access log refuse UPDATE, DELETE and TRUNCATE (plpgsql triggers in a custom migration,
// db/migrations/pg/0001_*), as SQLite's triggers do.
import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { citizens } from './citizens.js'
import { ts } from './columns.js'
import { bodies, courts, regions, users } from './directory.js'
import type { ActorType, TicketFlags, TicketStatus } from '../shared.js'

export { TICKET_STATUSES, type ActorType, type TicketFlags, type TicketStatus } from '../shared.js'

export const tickets = pgTable(
  'tickets',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    courtId: integer('court_id')
      .notNull()
      .references(() => courts.id),
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
    consentAt: ts('consent_at'),
    status: text('status').$type<TicketStatus>().notNull().default('待派单'),
    bodyId: integer('body_id').references(() => bodies.id),
    routingReason: text('routing_reason').notNull().default(''),
    risk: boolean('risk').notNull().default(false),
    /** 0 normal, 1 high (risk, repeat), 2 urgent */
    priority: integer('priority').notNull().default(0),
    flags: jsonb('flags').$type<TicketFlags>().notNull().default(sql`'{}'::jsonb`),
    /** the ticket this one was created from (调解不成 → 立案, 调解成功 → 司法确认) */
    parentId: integer('parent_id'),
    /** 首问负责: the unit that first accepted owns it until a recorded transfer */
    ownerBodyId: integer('owner_body_id').references(() => bodies.id),
    handlerId: integer('handler_id').references(() => users.id),
    transferCount: integer('transfer_count').notNull().default(0),
    acceptDueAt: ts('accept_due_at'),
    resolveDueAt: ts('resolve_due_at'),
    /** 督办 progress: 0 none, 1 reminder sent, 2 unit leader, 3 court duty leader */
    slaStage: integer('sla_stage').notNull().default(0),
    acceptedAt: ts('accepted_at'),
    resolvedAt: ts('resolved_at'),
    /** mediated | mediation_failed | answered | rejected */
    outcome: text('outcome'),
    outcomeNote: text('outcome_note'),
    /** 办结反馈 sent to the citizen */
    feedbackAt: ts('feedback_at'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    /** the intake that created it; a retried confirmation cannot create a second ticket */
    intakeKey: text('intake_key').unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tickets_court_number').on(t.courtId, t.number),
    index('tickets_body_status').on(t.bodyId, t.status),
    index('tickets_citizen').on(t.citizenId),
    index('tickets_status_due').on(t.status, t.resolveDueAt),
  ],
)

export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    at: ts('at').notNull().defaultNow(),
    actorType: text('actor_type').$type<ActorType>().notNull(),
    actorId: integer('actor_id'),
    /** what happened: created, routed, dispatched, accepted, replied, transferred, resolved, reminded, escalated, … */
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('ticket_events_ticket').on(t.ticketId, t.id)],
)

/** The unit's inbox: what the notify-unit job delivers. */
export const unitNotifications = pgTable(
  'unit_notifications',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    ticketId: integer('ticket_id').references(() => tickets.id),
    /** new_ticket | reminder | escalation | early_warning | rating_low */
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    /** jobs are at-least-once: one notice per (kind, ticket, stage) */
    dedupKey: text('dedup_key').unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [index('unit_notifications_body').on(t.bodyId, t.id)],
)

/**
 * Transactional outbox: jobs are written here in the same transaction as the change that causes them, then
 * handed to the queue (bullmq or in-process). A crash between commit and enqueue loses nothing.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    job: text('job').notNull(),
    /** record ids only, never personal data */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** dedup id for the queue */
    jobKey: text('job_key').notNull().unique(),
    runAt: ts('run_at').notNull().defaultNow(),
    createdAt: ts('created_at').notNull().defaultNow(),
    dispatchedAt: ts('dispatched_at'),
    doneAt: ts('done_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_pending').on(t.doneAt, t.runAt)],
)

/** Staff access log (PIPL): who looked at or changed what. Append-only. */
export const accessLog = pgTable('access_log', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  at: ts('at').notNull().defaultNow(),
  userId: integer('user_id'),
  action: text('action').notNull(),
  target: text('target').notNull().default(''),
  ip: text('ip').notNull().default(''),
})

/** Inbound delivery dedup (WeChat retries): written before any work is done. */
export const inboundDeliveries = pgTable('inbound_deliveries', {
  key: text('key').primaryKey(),
  channel: text('channel').notNull(),
  receivedAt: ts('received_at').notNull().defaultNow(),
  /** processing | done */
  state: text('state').notNull().default('processing'),
  /** the reply we gave (the same reply goes to every retried copy) */
  reply: text('reply'),
})
