// PostgreSQL mirror of db/schema/wechat.ts: same SQL names, same TypeScript properties and row types.
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { citizens } from './citizens.js'
import { ts } from './columns.js'
import type { DeferredAnswerStatus, WeChatSendStatus } from '../shared.js'

export type { DeferredAnswerStatus, WeChatSendStatus } from '../shared.js'

/** One row per inbound delivery whose answer goes out through the 客服 API (slow turn, or overflow text). */
export const wechatDeferredAnswers = pgTable('wechat_deferred_answers', {
  /** inbound_deliveries.key */
  deliveryKey: text('delivery_key').primaryKey(),
  citizenId: integer('citizen_id')
    .notNull()
    .references(() => citizens.id),
  text: text('text').notNull(),
  status: text('status').$type<DeferredAnswerStatus>().notNull().default('pending'),
  createdAt: ts('created_at').notNull().defaultNow(),
  sentAt: ts('sent_at'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
})

/** Every 客服 message we sent or gave up on (one row per API call / split part). */
export const wechatSends = pgTable(
  'wechat_sends',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    citizenId: integer('citizen_id')
      .notNull()
      .references(() => citizens.id),
    /** answer:<delivery key hash> | message:<messages.id> | push */
    ref: text('ref').notNull(),
    status: text('status').$type<WeChatSendStatus>().notNull(),
    /** WeChat errcode when undeliverable (45015 out of window, 45047 over quota), 0 when sent */
    errcode: integer('errcode').notNull().default(0),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('wechat_sends_citizen_at').on(t.citizenId, t.at)],
)
