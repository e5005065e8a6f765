// 以案释法 knowledge base and imported statute articles.
import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { courts } from './directory.js'
import type { KbStatus, LawRef } from '../shared.js'

export type { KbStatus, LawRef } from '../shared.js'

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`

export const kbArticles = sqliteTable(
  'kb_articles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courtId: integer('court_id').notNull().references(() => courts.id),
    /** stable key across versions */
    slug: text('slug').notNull(),
    version: integer('version').notNull().default(1),
    status: text('status').$type<KbStatus>().notNull().default('draft'),
    title: text('title').notNull(),
    domain: text('domain').notNull(),
    /** the intent it answers (usually consult; filing/enforcement/… for procedure articles) */
    intent: text('intent').notNull().default('consult'),
    /** 案情 */
    facts: text('facts').notNull(),
    /** 裁判结果 */
    ruling: text('ruling').notNull(),
    /** 法条 cited */
    lawRefs: text('law_refs', { mode: 'json' }).$type<LawRef[]>().notNull(),
    /** 提示 */
    tips: text('tips').notNull(),
    exampleQuestions: text('example_questions', { mode: 'json' }).$type<string[]>().notNull(),
    /** jieba-segmented title + questions + facts, for the FTS index */
    searchText: text('search_text').notNull().default(''),
    author: text('author').notNull().default('suyuan'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('kb_slug_version').on(t.courtId, t.slug, t.version), index('kb_status').on(t.status)],
)

export const statuteArticles = sqliteTable(
  'statute_articles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    law: text('law').notNull(),
    /** short name as citizens and LeCoQA write it, e.g. 劳动合同法 */
    shortName: text('short_name').notNull(),
    article: integer('article').notNull(),
    suffix: text('suffix').notNull().default(''),
    text: text('text').notNull(),
    /** jieba-segmented text for FTS */
    searchText: text('search_text').notNull().default(''),
    source: text('source').notNull().default(''),
    importedAt: integer('imported_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [
    uniqueIndex('statute_law_article').on(t.law, t.article, t.suffix),
    // citations use the short name as often as the full one; the OR lookup needs both sides indexed
    index('statute_short_article').on(t.shortName, t.article, t.suffix),
  ],
)
