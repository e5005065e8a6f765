// Statute articles: import from the markdown folder, look one up by citation, full-text search.
import { and, eq, inArray, or, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { Store } from '../store.js'
import { connectionKey, dialectOf } from '../connection.js'
import { first } from '../query.js'
import { anyTermQuery } from '../pg/fts.js'
import { statuteArticles, type LawRef } from '../schema/index.js'
import { loadStatuteDir } from '../../nlp/retrieval/statute-files.js'
import { queryTerms } from '../../nlp/retrieval/query.js'
import { toSearchText } from '../../nlp/retrieval/segment.js'

export type StatuteRow = typeof statuteArticles.$inferSelect

/** Upserts every article of the folder (index.json + markdown). Re-running changes nothing. */
export async function importStatutes(store: Pick<Store, 'db' | 'uow'>, dir: string): Promise<{ laws: number; articles: number }> {
  const { laws, records } = loadStatuteDir(dir)
  invalidateStatuteCache(store.db)
  // a few hundred articles per transaction: one fsync each, and no transaction holds the writer for long
  for (let i = 0; i < records.length; i += 500) {
    const chunk = records.slice(i, i + 500)
    await store.uow.run(async (tx) => {
    for (const r of chunk) {
      const values = {
        law: r.law,
        shortName: r.shortName,
        article: r.article,
        suffix: r.suffix,
        text: r.text,
        searchText: toSearchText(r.headings.join(' '), r.text),
        source: r.source,
      }
      await tx
        .insert(statuteArticles)
        .values(values)
        .onConflictDoUpdate({
          target: [statuteArticles.law, statuteArticles.article, statuteArticles.suffix],
          set: { shortName: values.shortName, text: values.text, searchText: values.searchText, source: values.source },
        })
    }
    })
  }
  return { laws: laws.length, articles: records.length }
}

/** full name, short name (劳动合同法) or the name without 中华人民共和国 all match */
const lawMatches = (law: string) =>
  or(eq(statuteArticles.law, law), eq(statuteArticles.shortName, law), eq(statuteArticles.law, `中华人民共和国${law}`))

export function getStatuteArticle(db: Db, law: string, article: number, suffix = ''): Promise<StatuteRow | undefined> {
  return first(
    db
      .select()
      .from(statuteArticles)
      .where(and(lawMatches(law), eq(statuteArticles.article, article), eq(statuteArticles.suffix, suffix)))
      .limit(1),
  )
}

export const lawRefKey = (r: LawRef): string => `${r.law}|${r.article}|${r.suffix ?? ''}`

// Every KB answer quotes its cited articles: remember each citation's text (or that we lack it) per connection,
// so a transaction handle and its database share it. statute_articles is written only by importStatutes,
// which drops this memory first.
const statuteTextCache = new WeakMap<object, Map<string, string | null>>()

/** Forgets the remembered statute texts of this database (importStatutes does this itself). */
export function invalidateStatuteCache(db: Db): void {
  statuteTextCache.delete(connectionKey(db))
}

/** The texts of the cited articles we have, keyed by lawRefKey (for formatKbAnswer). */
export async function getStatuteTexts(db: Db, refs: readonly LawRef[]): Promise<Record<string, string>> {
  const conn = connectionKey(db)
  let cache = statuteTextCache.get(conn)
  if (!cache) statuteTextCache.set(conn, (cache = new Map()))
  const out: Record<string, string> = {}
  for (const r of refs) {
    const key = lawRefKey(r)
    let text = cache.get(key)
    if (text === undefined) {
      text = (await getStatuteArticle(db, r.law, r.article, r.suffix ?? ''))?.text ?? null
      cache.set(key, text)
    }
    if (text !== null) out[key] = text
  }
  return out
}

/** FTS5 MATCH expression: each term quoted (quotes doubled), ORed. '' when nothing is left to search. */
export function ftsMatchExpression(terms: Iterable<string>): string {
  return [...new Set(terms)].map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ')
}

/** Full-text search over the imported statutes; score is bm25 relative to the best hit (1 = best). */
export async function searchStatutes(db: Db, query: string, limit = 5): Promise<{ row: StatuteRow; score: number }[]> {
  const terms = [...new Set(queryTerms(query).weights.keys())]
  if (terms.length === 0) return []
  const ranked = await rankStatutes(db, terms, limit)
  if (ranked.length === 0) return []
  const rows = await db.select().from(statuteArticles).where(inArray(statuteArticles.id, ranked.map((r) => r.id)))
  const byId = new Map(rows.map((r) => [r.id, r]))
  const best = -(ranked[0]?.rank ?? -1) || 1
  return ranked.flatMap((r) => {
    const row = byId.get(r.id)
    return row ? [{ row, score: -r.rank / best }] : []
  })
}

/**
 * Ranked statute ids, lower rank = better. SQLite ranks with FTS5's bm25 over the jieba tokens; PostgreSQL with
 * ts_rank_cd over the same tokens in a 'simple' tsvector (GIN index in the PG migrations).
 */
async function rankStatutes(db: Db, terms: string[], limit: number): Promise<{ id: number; rank: number }[]> {
  if (dialectOf(db) === 'sqlite') {
    const match = ftsMatchExpression(terms)
    return (db as unknown as { all<T>(q: unknown): T[] }).all<{ id: number; rank: number }>(
      sql`SELECT rowid AS id, bm25(statute_articles_fts) AS rank FROM statute_articles_fts
          WHERE statute_articles_fts MATCH ${match} ORDER BY rank LIMIT ${limit}`,
    )
  }
  const q = anyTermQuery(terms)
  if (q === null) return []
  const r = await (db as unknown as { execute(q: unknown): Promise<{ rows: { id: number; rank: number }[] }> }).execute(
    sql`SELECT id, -ts_rank_cd(search_vector, ${q}) AS rank FROM statute_articles
        WHERE search_vector @@ ${q} ORDER BY rank LIMIT ${limit}`,
  )
  return r.rows.map((x) => ({ id: Number(x.id), rank: Number(x.rank) }))
}
