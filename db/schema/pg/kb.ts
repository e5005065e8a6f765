// PostgreSQL mirror of db/schema/kb.ts: same SQL names, same TypeScript properties and row types.
// Full-text search: a hand-written migration (db/migrations/pg/0002_*) adds a generated tsvector column over
// search_text ('simple' config) and a GIN index; it is deliberately not declared here so the row types stay
// identical to SQLite's. Query it through db/pg/fts.ts.
import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { ts } from './columns.js'
import { courts } from './directory.js'
import type { KbStatus, LawRef } from '../shared.js'

export type { KbStatus, LawRef } from '../shared.js'

export const kbArticles = pgTable(
  'kb_articles',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    courtId: integer('court_id')
      .notNull()
      .references(() => courts.id),
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
    lawRefs: jsonb('law_refs').$type<LawRef[]>().notNull(),
    /** 提示 */
    tips: text('tips').notNull(),
    exampleQuestions: jsonb('example_questions').$type<string[]>().notNull(),
    /** jieba-segmented title + questions + facts, for the FTS index (the same text SQLite's FTS5 indexes) */
    searchText: text('search_text').notNull().default(''),
    author: text('author').notNull().default('suyuan'),
    createdAt: ts('created_at').notNull().defaultNow(),
    publishedAt: ts('published_at'),
  },
  (t) => [uniqueIndex('kb_slug_version').on(t.courtId, t.slug, t.version), index('kb_status').on(t.status)],
)

export const statuteArticles = pgTable(
  'statute_articles',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    law: text('law').notNull(),
    /** short name as citizens and LeCoQA write it, e.g. 劳动合同法 */
    shortName: text('short_name').notNull(),
    article: integer('article').notNull(),
    suffix: text('suffix').notNull().default(''),
    text: text('text').notNull(),
    /** jieba-segmented text for FTS */
    searchText: text('search_text').notNull().default(''),
    source: text('source').notNull().default(''),
    importedAt: ts('imported_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('statute_law_article').on(t.law, t.article, t.suffix),
    // citations use the short name as often as the full one; the OR lookup needs both sides indexed
    index('statute_short_article').on(t.shortName, t.article, t.suffix),
  ],
)
