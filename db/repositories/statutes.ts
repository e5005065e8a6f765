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

/** The texts of the cited articles we have, keyed by lawRefKey (for formatKbAnswer). */
export function getStatuteTexts(db: Db, refs: readonly LawRef[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const r of refs) {
    const row = getStatuteArticle(db, r.law, r.article, r.suffix ?? '')
    if (row) out[lawRefKey(r)] = row.text
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
