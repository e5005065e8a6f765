// Statute articles: import from the markdown folder, look one up by citation, full-text search.
import { and, eq, inArray, or, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { statuteArticles, type LawRef } from '../schema/kb.js'
import { loadStatuteDir } from '../../nlp/retrieval/statute-files.js'
import { queryTerms } from '../../nlp/retrieval/query.js'
import { toSearchText } from '../../nlp/retrieval/segment.js'

export type StatuteRow = typeof statuteArticles.$inferSelect

/** Upserts every article of the folder (index.json + markdown). Re-running changes nothing. */
export function importStatutes(db: Db, dir: string): { laws: number; articles: number } {
  const { laws, records } = loadStatuteDir(dir)
  invalidateStatuteCache(db)
  db.transaction((tx) => {
    for (const r of records) {
      const values = {
        law: r.law,
        shortName: r.shortName,
        article: r.article,
        suffix: r.suffix,
        text: r.text,
        searchText: toSearchText(r.headings.join(' '), r.text),
        source: r.source,
      }
      tx.insert(statuteArticles)
        .values(values)
        .onConflictDoUpdate({
          target: [statuteArticles.law, statuteArticles.article, statuteArticles.suffix],
          set: { shortName: values.shortName, text: values.text, searchText: values.searchText, source: values.source },
        })
        .run()
    }
  })
  return { laws: laws.length, articles: records.length }
}

/** full name, short name (劳动合同法) or the name without 中华人民共和国 all match */
const lawMatches = (law: string) =>
  or(eq(statuteArticles.law, law), eq(statuteArticles.shortName, law), eq(statuteArticles.law, `中华人民共和国${law}`))

export function getStatuteArticle(db: Db, law: string, article: number, suffix = ''): StatuteRow | undefined {
  return db
    .select()
    .from(statuteArticles)
    .where(and(lawMatches(law), eq(statuteArticles.article, article), eq(statuteArticles.suffix, suffix)))
    .get()
}

export const lawRefKey = (r: LawRef): string => `${r.law}|${r.article}|${r.suffix ?? ''}`

// Every KB answer quotes its cited articles: remember each citation's text (or that we lack it) per connection,
// so a transaction handle and its database share it. statute_articles is written only by importStatutes,
// which drops this memory first.
const statuteTextCache = new WeakMap<object, Map<string, string | null>>()
const connectionOf = (db: Db): object => (db as unknown as { session: { client: object } }).session.client

/** Forgets the remembered statute texts of this database (importStatutes does this itself). */
export function invalidateStatuteCache(db: Db): void {
  statuteTextCache.delete(connectionOf(db))
}

/** The texts of the cited articles we have, keyed by lawRefKey (for formatKbAnswer). */
export function getStatuteTexts(db: Db, refs: readonly LawRef[]): Record<string, string> {
  const conn = connectionOf(db)
  let cache = statuteTextCache.get(conn)
  if (!cache) statuteTextCache.set(conn, (cache = new Map()))
  const out: Record<string, string> = {}
  for (const r of refs) {
    const key = lawRefKey(r)
    let text = cache.get(key)
    if (text === undefined) {
      text = getStatuteArticle(db, r.law, r.article, r.suffix ?? '')?.text ?? null
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
export function searchStatutes(db: Db, query: string, limit = 5): { row: StatuteRow; score: number }[] {
  const match = ftsMatchExpression(queryTerms(query).weights.keys())
  if (match === '') return []
  const ranked = db.all<{ id: number; rank: number }>(
    sql`SELECT rowid AS id, bm25(statute_articles_fts) AS rank FROM statute_articles_fts
        WHERE statute_articles_fts MATCH ${match} ORDER BY rank LIMIT ${limit}`,
  )
  if (ranked.length === 0) return []
  const rows = db.select().from(statuteArticles).where(inArray(statuteArticles.id, ranked.map((r) => r.id))).all()
  const byId = new Map(rows.map((r) => [r.id, r]))
  const best = -(ranked[0]?.rank ?? -1) || 1
  return ranked.flatMap((r) => {
    const row = byId.get(r.id)
    return row ? [{ row, score: -r.rank / best }] : []
  })
}
