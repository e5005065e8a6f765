// Full-text search on PostgreSQL: the search_vector columns of kb_articles and statute_articles (a stored
// generated to_tsvector('simple', search_text) with a GIN index, db/migrations/pg/0002_fts.sql). search_text holds
// jieba tokens joined by spaces, so a query term must be a jieba token too (queryTerms / cutForSearch).
import { sql, type SQL } from 'drizzle-orm'
import { kbArticles, statuteArticles } from '../schema/pg/kb.js'

/** The text search configuration of the index; a query must use the same one. */
export const FTS_CONFIG = 'simple'

/** The indexed tsvector of a row (not a drizzle column: declaring it would change the row types). */
export function searchVector(table: typeof kbArticles | typeof statuteArticles): SQL {
  return sql`${table}.${sql.identifier('search_vector')}`
}

/**
 * A tsquery matching any of the terms, each term a phrase of its tokens — what SQLite's FTS5 MATCH
 * `"t1" OR "t2"` (db/repositories/statutes.ts ftsMatchExpression) means. null when there is no term.
 */
export function anyTermQuery(terms: Iterable<string>): SQL | null {
  const parts = [...new Set(terms)].filter((t) => t.trim() !== '').map((t) => sql`phraseto_tsquery('simple'::regconfig, ${t})`)
  return parts.length === 0 ? null : sql`(${sql.join(parts, sql` || `)})`
}

/** `search_vector @@ query` for a WHERE clause (uses the GIN index). null when there is no term. */
export function matchesAnyTerm(table: typeof kbArticles | typeof statuteArticles, terms: Iterable<string>): SQL | null {
  const q = anyTermQuery(terms)
  return q === null ? null : sql`${searchVector(table)} @@ ${q}`
}
