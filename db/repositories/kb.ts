// 以案释法 knowledge base: seeding, search (FTS5 + jieba) and formatting an article as a WeChat answer.
import { KB_ANSWER_MAX_BYTES } from '../../core/wechat-limits.js'
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { connectionKey } from '../connection.js'
import { countStar, first } from '../query.js'
import { kbArticles, type LawRef } from '../schema/index.js'
import type { KbSeedArticle } from '../seed/kb/types.js'
import { KB_STRINGS } from '../../strings/kb.js'
import { articleLabel } from '../../nlp/retrieval/cn-numerals.js'
import { isStopword, queryTerms } from '../../nlp/retrieval/query.js'
import { cutForSearch, cutWords, toSearchText } from '../../nlp/retrieval/segment.js'
import { lawRefKey } from './statutes.js'

export type KbArticleRow = typeof kbArticles.$inferSelect

/** Inserts the articles not yet present (by slug) as published version 1. Returns how many were added. */
export async function seedKbArticles(db: Db, courtId: number, articles: readonly KbSeedArticle[]): Promise<{ inserted: number; skipped: number }> {
  let inserted = 0
  {
    const tx = db
    for (const a of articles) {
      const exists = await first(
        tx
          .select({ id: kbArticles.id })
          .from(kbArticles)
          .where(and(eq(kbArticles.courtId, courtId), eq(kbArticles.slug, a.slug))),
      )
      if (exists) continue
      await tx
        .insert(kbArticles)
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
      inserted++
    }
  }
  return { inserted, skipped: articles.length - inserted }
}

/** What the FTS index sees: title and example questions (twice: they are how citizens ask) and the facts. */
export function kbSearchText(a: Pick<KbSeedArticle, 'title' | 'exampleQuestions' | 'facts'>): string {
  return toSearchText(a.title, a.title, ...a.exampleQuestions, ...a.exampleQuestions, a.facts)
}

export function getKbArticle(db: Db, id: number): Promise<KbArticleRow | undefined> {
  return first(db.select().from(kbArticles).where(eq(kbArticles.id, id)))
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
 * Ranks with an in-memory copy of the FTS5 index (same tokens, same bm25 and idf as kb_articles_fts), so a
 * search costs no SQL beyond a freshness check and loading the returned rows.
 */
export async function searchKb(db: Db, courtId: number, query: string, opts: KbSearchOptions = {}): Promise<KbHit[]> {
  const limit = opts.limit ?? 3
  const q = queryTerms(query)
  const phrases = [...new Set(q.weights.keys())].map(ftsTokens).filter((p) => p.length > 0)
  if (phrases.length === 0) return []
  const index = await kbIndex(db)
  const ranked = rankBm25(index, phrases, courtId).slice(0, 50)
  if (ranked.length === 0) return []
  const groups = termGroups(query)
  const idf = new Map(groups.map((g) => [g.word, fullIdf(index, g.word)]))
  const best = ranked[0]!.score || 1
  const scored: { doc: IndexedArticle; score: number }[] = []
  for (const r of ranked) {
    const cov = coverage(groups, idf, r.doc.words)
    // coverage caps the score: bm25 only orders articles that cover the question equally well
    let score = cov * (0.7 + 0.15 * (r.score / best))
    if (opts.domain && r.doc.domain === opts.domain) score += DOMAIN_BOOST
    if (opts.intent && r.doc.intent === opts.intent) score += INTENT_BOOST
    scored.push({ doc: r.doc, score: Math.min(1, score) })
  }
  const top = scored.sort((a, b) => b.score - a.score).slice(0, limit)
  // the rows themselves come fresh from the table: the copy only ranks
  const rows = await db.select().from(kbArticles).where(inArray(kbArticles.id, top.map((t) => t.doc.id)))
  const byId = new Map(rows.map((r) => [r.id, r]))
  return top.flatMap((t) => {
    const article = byId.get(t.doc.id)
    return article ? [{ article, score: t.score }] : []
  })
}

interface TermGroup {
  word: string
  /** sub-words and statutory synonyms: partial credit */
  alternatives: string[]
}

/** one group per written content word (precise cut), with its sub-words and synonyms */
function termGroups(query: string): TermGroup[] {
  const words = [...new Set(cutWords(query).filter((w) => !isStopword(w)))]
  return words.map((word) => ({ word, alternatives: alternativesOf(word) }))
}

// citizens use the same few thousand words: their alternatives are worth remembering (pure, so never stale)
const ALTERNATIVES_CACHE_SIZE = 20_000
const alternativesCache = new Map<string, string[]>()

function alternativesOf(word: string): string[] {
  const known = alternativesCache.get(word)
  if (known) return known
  const alternatives = new Set([...cutForSearch(word), ...queryTerms(word).weights.keys()])
  alternatives.delete(word)
  const out = [...alternatives].filter((a) => !isStopword(a))
  if (alternativesCache.size >= ALTERNATIVES_CACHE_SIZE) alternativesCache.clear()
  alternativesCache.set(word, out)
  return out
}

// ---- the in-memory copy of kb_articles_fts ----

interface IndexedArticle {
  id: number
  courtId: number
  published: boolean
  domain: string
  intent: string
  /** search_text split on spaces (what coverage compares with) */
  words: Set<string>
  /** unicode61 tokens in order (what FTS5 indexes) and their positions */
  positions: Map<string, number[]>
  length: number
}

interface KbIndex {
  stamp: string
  docs: IndexedArticle[]
  /** token → the docs holding it */
  postings: Map<string, IndexedArticle[]>
  avgdl: number
}

// FTS5's unicode61 tokenizer: runs of letters, numbers and marks, lower-cased
const TOKEN = /[\p{L}\p{N}\p{M}]+/gu
const ftsTokens = (text: string): string[] => text.toLowerCase().match(TOKEN) ?? []

const K1 = 1.2
const B = 0.75

function buildIndex(rows: readonly { id: number; courtId: number; status: string; domain: string; intent: string; searchText: string }[], stamp: string): KbIndex {
  const postings = new Map<string, IndexedArticle[]>()
  let total = 0
  const docs = rows.map((r) => {
    const tokens = ftsTokens(r.searchText)
    const positions = new Map<string, number[]>()
    tokens.forEach((t, i) => {
      const p = positions.get(t)
      if (p) p.push(i)
      else positions.set(t, [i])
    })
    total += tokens.length
    const doc: IndexedArticle = {
      id: r.id,
      courtId: r.courtId,
      published: r.status === 'published',
      domain: r.domain,
      intent: r.intent,
      words: new Set(r.searchText.split(' ')),
      positions,
      length: tokens.length,
    }
    for (const t of positions.keys()) {
      const list = postings.get(t)
      if (list) list.push(doc)
      else postings.set(t, [doc])
    }
    return doc
  })
  return { stamp, docs, postings, avgdl: docs.length > 0 ? total / docs.length : 0 }
}

/** how often the phrase (consecutive tokens) occurs in the doc */
function phraseCount(doc: IndexedArticle, phrase: readonly string[]): number {
  const first = doc.positions.get(phrase[0]!)
  if (!first) return 0
  if (phrase.length === 1) return first.length
  let n = 0
  for (const start of first) {
    if (phrase.every((t, k) => k === 0 || (doc.positions.get(t)?.includes(start + k) ?? false))) n++
  }
  return n
}

/** the docs holding the phrase, with their counts */
function phraseHits(index: KbIndex, phrase: readonly string[]): Map<IndexedArticle, number> {
  const out = new Map<IndexedArticle, number>()
  for (const doc of index.postings.get(phrase[0]!) ?? []) {
    const c = phraseCount(doc, phrase)
    if (c > 0) out.set(doc, c)
  }
  return out
}

/** FTS5's bm25(): idf floored at 1e-6, over every row of the table; positive, higher is better */
function rankBm25(index: KbIndex, phrases: readonly string[][], courtId: number): { doc: IndexedArticle; score: number }[] {
  const n = index.docs.length
  const scores = new Map<IndexedArticle, number>()
  for (const phrase of phrases) {
    const hits = phraseHits(index, phrase)
    if (hits.size === 0) continue
    const idf = Math.max(1e-6, Math.log((n - hits.size + 0.5) / (hits.size + 0.5)))
    for (const [doc, tf] of hits) {
      if (!doc.published || doc.courtId !== courtId) continue
      const s = (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / (index.avgdl || 1)))
      scores.set(doc, (scores.get(doc) ?? 0) + s)
    }
  }
  return [...scores].map(([doc, score]) => ({ doc, score })).sort((a, b) => b.score - a.score || a.doc.id - b.doc.id)
}

/** the coverage idf of a written word: document frequency over every row, as the FTS count gave it */
function fullIdf(index: KbIndex, word: string): number {
  const n = index.docs.length
  const phrase = ftsTokens(word)
  const df = phrase.length === 0 ? 0 : phraseHits(index, phrase).size
  return Math.log(1 + (n - df + 0.5) / (df + 0.5))
}

const indexes = new WeakMap<object, KbIndex>()

/**
 * What changes whenever any article is added, removed, published, moved to another court, re-labelled or
 * re-worded: the in-memory index is rebuilt when it moves (also after another process edited the KB).
 */
async function kbStamp(db: Db): Promise<string> {
  const [r] = await db
    .select({
      n: countStar(),
      ids: sql<string>`coalesce(sum(${kbArticles.id}), 0)`.mapWith(String),
      published: sql<string>`coalesce(sum(case when ${kbArticles.status} = 'published' then ${kbArticles.id} else 0 end), 0)`.mapWith(String),
      courts: sql<string>`coalesce(sum(coalesce(${kbArticles.courtId}, 0) * ${kbArticles.id}), 0)`.mapWith(String),
      labels: sql<string>`coalesce(sum(length(${kbArticles.domain}) * ${kbArticles.id} + length(${kbArticles.intent}) * 7), 0)`.mapWith(String),
      words: sql<string>`coalesce(sum(length(${kbArticles.searchText}) * ${kbArticles.id}), 0)`.mapWith(String),
    })
    .from(kbArticles)
  return r ? `${r.n}:${r.ids}:${r.published}:${r.courts}:${r.labels}:${r.words}` : ''
}

/** The in-memory index, rebuilt when the table changed since it was built. Keyed by connection, not transaction. */
async function kbIndex(db: Db): Promise<KbIndex> {
  const stamp = await kbStamp(db)
  const key = connectionKey(db)
  const cached = indexes.get(key)
  if (cached && cached.stamp === stamp) return cached
  const rows = await db
    .select({
      id: kbArticles.id,
      courtId: kbArticles.courtId,
      status: kbArticles.status,
      domain: kbArticles.domain,
      intent: kbArticles.intent,
      searchText: kbArticles.searchText,
    })
    .from(kbArticles)
  const fresh = buildIndex(rows, stamp)
  indexes.set(key, fresh)
  return fresh
}

/** Drops the in-memory KB index of this database (the next search rebuilds it). Changes are also noticed unasked. */
export function invalidateKbIndex(db: Db): void {
  indexes.delete(connectionKey(db))
}

function coverage(groups: TermGroup[], idf: Map<string, number>, tokens: ReadonlySet<string>): number {
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

const QUOTE_CHARS = 80

const trimTo = (s: string, n: number): string => {
  const chars = [...s.replace(/\s*\n\s*/g, ' ').trim()]
  return chars.length <= n ? chars.join('') : chars.slice(0, n).join('') + KB_STRINGS.ellipsis
}

/** 《中华人民共和国民法典》第一千零七十九条 */
export const citeLawRef = (r: LawRef): string => `《${r.law}》${articleLabel(r.article, r.suffix ?? '')}`

/**
 * The article as one WeChat text: title, 【案情】, 【结果】, 【法条】 (with the quoted article text when known,
 * keyed by lawRefKey), 【提示】 and the closing line. Kept within KB_ANSWER_MAX_BYTES by shortening quotes, then the case text,
 * dropping the quotes only as a last resort.
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
  const ladder = [[QUOTE_CHARS, 300], [40, 300], [40, 200], [40, 150], [40, 120], [0, 120]] as const
  for (const [quote, body] of ladder) {
    const text = build(quote, body)
    if (Buffer.byteLength(text, 'utf8') <= KB_ANSWER_MAX_BYTES) return text
  }
  return build(0, 80)
}


