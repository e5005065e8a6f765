// Citizens, their conversations (persisted dialogue state) and every message in and out.
// PIPL: we keep the channel id only; no names or ID numbers. Phone numbers live on tickets, not here.
import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

import { courts } from './directory.js'

export type { Channel } from '../shared.js'

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`

export const citizens = sqliteTable(
  'citizens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** the court the citizen first wrote to; their turns and tickets stay with it */
    courtId: integer('court_id').references(() => courts.id),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    /** last time the citizen wrote to us (WeChat's 48-hour customer-service window starts here) */
    lastInboundAt: integer('last_inbound_at', { mode: 'timestamp_ms' }),
    /** set when the citizen unfollows the account */
    unsubscribedAt: integer('unsubscribed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('citizens_channel_external').on(t.channel, t.externalId)],
)

export const conversations = sqliteTable('conversations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  citizenId: integer('citizen_id')
    .notNull()
    .unique()
    .references(() => citizens.id),
  /** dialogue state as JSON (see bot/dialogue/state.ts); survives restarts */
  state: text('state', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  /** optimistic-concurrency counter: two turns of one citizen never interleave their writes */
  version: integer('version').notNull().default(0),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
})

export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    /** pushes: when the channel confirmed delivery (null: still to deliver) */
    deliveredAt: integer('delivered_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('messages_citizen').on(t.citizenId, t.id)],
)
