// WeChat Official Account bookkeeping beyond inbound_deliveries: answers that missed the 5-second passive reply
// (delivered later through the 客服 API) and a ledger of 客服 sends, which is how we track WeChat's quota
// (5 messages within 48 h after a citizen's message).
import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { citizens } from './citizens.js'
import type { DeferredAnswerStatus, WeChatSendStatus } from '../shared.js'

export type { DeferredAnswerStatus, WeChatSendStatus } from '../shared.js'

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`

/** One row per inbound delivery whose answer goes out through the 客服 API (slow turn, or overflow text). */
export const wechatDeferredAnswers = sqliteTable('wechat_deferred_answers', {
  /** inbound_deliveries.key */
  deliveryKey: text('delivery_key').primaryKey(),
  citizenId: integer('citizen_id')
    .notNull()
    .references(() => citizens.id),
  text: text('text').notNull(),
  status: text('status').$type<DeferredAnswerStatus>().notNull().default('pending'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
})

/** Every 客服 message we sent or gave up on (one row per API call / split part). */
export const wechatSends = sqliteTable(
  'wechat_sends',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    citizenId: integer('citizen_id')
      .notNull()
      .references(() => citizens.id),
    /** answer:<delivery key hash> | message:<messages.id> | push */
    ref: text('ref').notNull(),
    status: text('status').$type<WeChatSendStatus>().notNull(),
    /** WeChat errcode when undeliverable (45015 out of window, 45047 over quota), 0 when sent */
    errcode: integer('errcode').notNull().default(0),
    at: integer('at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('wechat_sends_citizen_at').on(t.citizenId, t.at)],
)
