// 以案释法 knowledge base: seeding, search (FTS5 + jieba) and formatting an article as a WeChat answer.
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { kbArticles, type LawRef } from '../schema/kb.js'
import type { KbSeedArticle } from '../seed/kb/types.js'
import { KB_STRINGS } from '../../bot/strings/kb.js'
import { articleLabel } from '../../nlp/retrieval/cn-numerals.js'
import { isStopword, queryTerms } from '../../nlp/retrieval/query.js'
import { cutForSearch, cutWords, toSearchText } from '../../nlp/retrieval/segment.js'
import { ftsMatchExpression, lawRefKey } from './statutes.js'

export type KbArticleRow = typeof kbArticles.$inferSelect

/** Inserts the articles not yet present (by slug) as published version 1. Returns how many were added. */
export function seedKbArticles(db: Db, courtId: number, articles: readonly KbSeedArticle[]): { inserted: number; skipped: number } {
  let inserted = 0
  db.transaction((tx) => {
    for (const a of articles) {
      const exists = tx
        .select({ id: kbArticles.id })
        .from(kbArticles)
        .where(and(eq(kbArticles.courtId, courtId), eq(kbArticles.slug, a.slug)))
        .get()
      if (exists) continue
      tx.insert(kbArticles)
        .values({
          courtId,
          slug: a.slug,
          version: 1,
          status: 'published',
          title: a.title,
          domain: a.domain,
          intent: a.intent ?? 'consult',
          facts: a.facts,
          ruling: a.ruling,
          lawRefs: a.lawRefs,
          tips: a.tips,
          exampleQuestions: a.exampleQuestions,
          searchText: kbSearchText(a),
          publishedAt: new Date(),
        })
        .run()
      inserted++
    }
  })
  return { inserted, skipped: articles.length - inserted }
}

/** What the FTS index sees: title and example questions (twice: they are how citizens ask) and the facts. */
export function kbSearchText(a: Pick<KbSeedArticle, 'title' | 'exampleQuestions' | 'facts'>): string {
  return toSearchText(a.title, a.title, ...a.exampleQuestions, ...a.exampleQuestions, a.facts)
}

export function getKbArticle(db: Db, id: number): KbArticleRow | undefined {
  return db.select().from(kbArticles).where(eq(kbArticles.id, id)).get()
}

export interface KbSearchOptions {
  domain?: string
  intent?: string
  limit?: number
}
export interface KbHit {
  article: KbArticleRow
  score: number
}

// 0.85 for a full fit without hints; the hint boosts bring it to at most 1
const DOMAIN_BOOST = 0.1
const INTENT_BOOST = 0.05
const PARTIAL_CREDIT = 0.6

/**
 * Published articles of the court that fit the question, best first. score is 0..1: mostly the idf-weighted
 * share of the question's words the article contains (so "nothing fits well" is a low number whatever the
 * KB size), scaled by bm25 relative to the best hit, plus a small boost when domain/intent equal the hints.
 */
export function searchKb(db: Db, courtId: number, query: string, opts: KbSearchOptions = {}): KbHit[] {
  const limit = opts.limit ?? 3
  const q = queryTerms(query)
  const match = ftsMatchExpression(q.weights.keys())
  if (match === '') return []
  const ranked = db.all<{ id: number; rank: number }>(
    sql`SELECT f.rowid AS id, bm25(kb_articles_fts) AS rank
        FROM kb_articles_fts f JOIN kb_articles a ON a.id = f.rowid
        WHERE kb_articles_fts MATCH ${match} AND a.court_id = ${courtId} AND a.status = 'published'
        ORDER BY rank LIMIT 50`,
  )
  if (ranked.length === 0) return []
  const rows = db.select().from(kbArticles).where(inArray(kbArticles.id, ranked.map((r) => r.id))).all()
  const byId = new Map(rows.map((r) => [r.id, r]))
  const groups = termGroups(query)
  const idf = idfOf(db, groups.map((g) => g.word))
  const best = -(ranked[0]?.rank ?? -1) || 1
  const hits: KbHit[] = []
  for (const r of ranked) {
    const article = byId.get(r.id)
    if (!article) continue
    const tokens = new Set(article.searchText.split(' '))
    const cov = coverage(groups, idf, tokens)
    // coverage caps the score: bm25 only orders articles that cover the question equally well
    let score = cov * (0.7 + 0.15 * (-r.rank / best))
    if (opts.domain && article.domain === opts.domain) score += DOMAIN_BOOST
    if (opts.intent && article.intent === opts.intent) score += INTENT_BOOST
    hits.push({ article, score: Math.min(1, score) })
  }
  return hits.sort((a, b) => b.score - a.score).slice(0, limit)
}

interface TermGroup {
  word: string
  /** sub-words and statutory synonyms: partial credit */
  alternatives: string[]
}

/** one group per written content word (precise cut), with its sub-words and synonyms */
function termGroups(query: string): TermGroup[] {
  const words = [...new Set(cutWords(query).filter((w) => !isStopword(w)))]
  return words.map((word) => {
    const alternatives = new Set([...cutForSearch(word), ...queryTerms(word).weights.keys()])
    alternatives.delete(word)
    return { word, alternatives: [...alternatives].filter((a) => !isStopword(a)) }
  })
}

function idfOf(db: Db, words: string[]): Map<string, number> {
  const n = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM kb_articles`)?.n ?? 0
  const out = new Map<string, number>()
  for (const w of words) {
    const df =
      db.get<{ n: number }>(sql`SELECT count(*) AS n FROM kb_articles_fts WHERE kb_articles_fts MATCH ${ftsMatchExpression([w])}`)?.n ?? 0
    out.set(w, Math.log(1 + (n - df + 0.5) / (df + 0.5)))
  }
  return out
}

function coverage(groups: TermGroup[], idf: Map<string, number>, tokens: Set<string>): number {
  let total = 0
  let got = 0
  for (const g of groups) {
    const w = idf.get(g.word) ?? 1
    total += w
    if (tokens.has(g.word)) got += w
    else if (g.alternatives.some((a) => tokens.has(a))) got += PARTIAL_CREDIT * w
  }
  return total > 0 ? got / total : 0
}

const MAX_CHARS = 900
const QUOTE_CHARS = 80

const trimTo = (s: string, n: number): string => {
  const chars = [...s.replace(/\s*\n\s*/g, ' ').trim()]
  return chars.length <= n ? chars.join('') : chars.slice(0, n).join('') + KB_STRINGS.ellipsis
}

/** 《中华人民共和国民法典》第一千零七十九条 */
export const citeLawRef = (r: LawRef): string => `《${r.law}》${articleLabel(r.article, r.suffix ?? '')}`

/**
 * The article as one WeChat text: title, 【案情】, 【结果】, 【法条】 (with the quoted article text when known,
 * keyed by lawRefKey), 【提示】 and the closing line. Kept under ~900 characters by shortening quotes first.
 */
export function formatKbAnswer(
  article: Pick<KbArticleRow, 'title' | 'facts' | 'ruling' | 'lawRefs' | 'tips'>,
  statuteTexts: Record<string, string> = {},
): string {
  const build = (quoteChars: number, bodyChars: number): string => {
    const laws = article.lawRefs.map((r) => {
      const text = statuteTexts[lawRefKey(r)]
      return text && quoteChars > 0 ? `${citeLawRef(r)}：“${trimTo(text, quoteChars)}”` : citeLawRef(r)
    })
    return [
      `${article.title}`,
      `${KB_STRINGS.facts}${trimTo(article.facts, bodyChars)}`,
      `${KB_STRINGS.ruling}${trimTo(article.ruling, bodyChars)}`,
      `${KB_STRINGS.law}${laws.join('；')}`,
      `${KB_STRINGS.tips}${trimTo(article.tips, bodyChars)}`,
      KB_STRINGS.disclaimer,
    ].join('\n')
  }
  for (const [quote, body] of [[QUOTE_CHARS, 300], [40, 300], [0, 300], [0, 200], [0, 120]] as const) {
    const text = build(quote, body)
    if ([...text].length <= MAX_CHARS) return text
  }
  return build(0, 80)
}

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8')

/**
 * Splits a reply into WeChat-sized texts (the limit is 2048 bytes of UTF-8), at paragraph ends if possible,
 * else at sentence ends, else between characters. Joining the chunks gives the text back unchanged.
 */
export function splitForWeChat(text: string, maxBytes = 2000): string[] {
  if (maxBytes < 4) throw new RangeError('maxBytes must fit one character')
  if (utf8Bytes(text) <= maxBytes) return text === '' ? [] : [text]
  // atoms end with their separator: paragraphs, then sentences inside over-long paragraphs
  const atoms: string[] = []
  for (const para of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    if (utf8Bytes(para) <= maxBytes) atoms.push(para)
    else for (const s of para.match(/[^。！？；!?;\n]*[。！？；!?;\n]+|[^。！？；!?;\n]+$/g) ?? []) atoms.push(s)
  }
  const chunks: string[] = []
  let cur = ''
  const push = () => {
    if (cur !== '') chunks.push(cur)
    cur = ''
  }
  for (const atom of atoms) {
    if (utf8Bytes(cur + atom) <= maxBytes) {
      cur += atom
      continue
    }
    push()
    if (utf8Bytes(atom) <= maxBytes) {
      cur = atom
      continue
    }
    for (const ch of atom) {
      if (utf8Bytes(cur + ch) > maxBytes) push()
      cur += ch
    }
  }
  push()
  return chunks
}
