// PostgreSQL mirror of db/schema/citizens.ts: same SQL names, same TypeScript properties and row types.
// PIPL: we keep the channel id only; no names or ID numbers. Phone numbers live on tickets, not here.
import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { ts } from './columns.js'
import { courts } from './directory.js'

export type { Channel } from '../shared.js'

export const citizens = pgTable(
  'citizens',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** the court the citizen first wrote to; their turns and tickets stay with it */
    courtId: integer('court_id').references(() => courts.id),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** last time the citizen wrote to us (WeChat's 48-hour customer-service window starts here) */
    lastInboundAt: ts('last_inbound_at'),
    /** set when the citizen unfollows the account */
    unsubscribedAt: ts('unsubscribed_at'),
  },
  (t) => [uniqueIndex('citizens_channel_external').on(t.channel, t.externalId)],
)

export const conversations = pgTable('conversations', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  citizenId: integer('citizen_id')
    .notNull()
    .unique()
    .references(() => citizens.id),
  /** dialogue state as JSON (see bot/dialogue/state.ts); survives restarts */
  state: jsonb('state').$type<Record<string, unknown>>().notNull(),
  /** optimistic-concurrency counter: two turns of one citizen never interleave their writes */
  version: integer('version').notNull().default(0),
  updatedAt: ts('updated_at').notNull().defaultNow(),
})

export const messages = pgTable(
  'messages',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    citizenId: integer('citizen_id')
      .notNull()
      .references(() => citizens.id),
    direction: text('direction').$type<'in' | 'out'>().notNull(),
    /** reply (answer to a turn) | push (sent later: handler reply, status notice, rating question) */
    kind: text('kind').$type<'reply' | 'push'>().notNull().default('reply'),
    channel: text('channel').notNull(),
    /** inbound: the channel's message id (WeChat MsgId, …) so a retried delivery is recognised */
    dedupKey: text('dedup_key').unique(),
    text: text('text').notNull(),
    ticketId: integer('ticket_id'),
    /** outbound replies: the inbound message they answer (a redelivered inbound gets these again) */
    replyToId: integer('reply_to_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** pushes: when the channel confirmed delivery (null: still to deliver) */
    deliveredAt: ts('delivered_at'),
  },
  (t) => [index('messages_citizen').on(t.citizenId, t.id)],
)
