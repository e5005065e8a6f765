// Our statute retriever (beats plain BM25 on LeCoQA, see nlp/eval/lecoqa.ts):
//  - word BM25 over jieba tokens with legal stopwords removed, sub-words of a longer word down-weighted and
//    colloquial → statutory query expansion (老婆 → 配偶);
//  - the article's 编/章/节 headings folded into its words (a question about 留置权 finds the articles of
//    第十九章 留置权 even when an article itself says 留置);
//  - a character-bigram BM25 for words jieba splits differently in question and statute;
//  - the two rankings fused on max-normalised scores, then boosts for a law the question names (著作权法)
//    or whose cue words it uses (坐牢 → 刑法).
import { buildBm25, type Bm25Index } from './bm25.js'
import { isStopword, queryTerms } from './query.js'
import { charBigrams, cutForSearch } from './segment.js'
import type { StatuteRecord } from './statute-parse.js'
import type { StatuteHit, StatuteSearcher } from './searcher.js'

export interface RetrieverOptions {
  /** candidates taken from each ranking before fusion */
  depth?: number
  wordWeight?: number
  bigramWeight?: number
  /** multiplier for articles of a law the question names */
  lawBoost?: number
  /** multiplier for articles of a law whose cue words the question uses */
  cueBoost?: number
  /** times the heading words are added to the article's words (0: off) */
  headingRepeat?: number
  subwordWeight?: number
  synonymWeight?: number
  k1?: number
  b?: number
}

const headingText = (r: StatuteRecord): string =>
  r.headings
    .map((h) => h.replace(/^第[零一二三四五六七八九十百千]+[编章节]\s*/, '').replace(/^[一二三四五六七八九十]+、/, ''))
    .join(' ')

const contentTokens = (text: string): string[] => cutForSearch(text).filter((t) => !isStopword(t))

/** doc → score / best score of this ranking */
function normalised(index: Bm25Index, terms: string[], weights: Map<string, number>, depth: number): Map<number, number> {
  const hits = index.search(terms, depth, weights)
  const best = hits[0]?.score || 1
  return new Map(hits.map(({ doc, score }) => [doc, score / best]))
}

export function buildStatuteRetriever(records: readonly StatuteRecord[], opts: RetrieverOptions = {}): StatuteSearcher {
  const depth = opts.depth ?? 200
  const wordWeight = opts.wordWeight ?? 1
  const bigramWeight = opts.bigramWeight ?? 0.8
  const lawBoost = opts.lawBoost ?? 1.5
  const cueBoost = opts.cueBoost ?? 1.2
  const headingRepeat = opts.headingRepeat ?? 1
  const bm = { k1: opts.k1 ?? 1.2, b: opts.b ?? 0.75 }
  const qOpts = { subwordWeight: opts.subwordWeight ?? 0.4, synonymWeight: opts.synonymWeight ?? 0.5 }

  const words = buildBm25(
    records.map((r) => {
      const tokens = contentTokens(r.text)
      const heading = contentTokens(headingText(r))
      for (let i = 0; i < headingRepeat; i++) tokens.push(...heading)
      return tokens
    }),
    bm,
  )
  const bigrams = buildBm25(records.map((r) => charBigrams(r.text)), bm)

  return {
    search(query: string, limit = 10): StatuteHit[] {
      const q = queryTerms(query, qOpts)
      const fused = new Map<number, number>()
      const add = (m: Map<number, number>, w: number) => {
        for (const [doc, s] of m) fused.set(doc, (fused.get(doc) ?? 0) + w * s)
      }
      add(normalised(words, [...q.weights.keys()], q.weights, depth), wordWeight)
      add(normalised(bigrams, charBigrams(q.terms.join(' ')), new Map(), depth), bigramWeight)
      const named = new Set(q.laws)
      const cued = new Set(q.cuedLaws)
      const hits: StatuteHit[] = []
      for (const [doc, s] of fused) {
        const record = records[doc]!
        const boost = (named.has(record.shortName) ? lawBoost : 1) * (cued.has(record.shortName) ? cueBoost : 1)
        hits.push({ record, score: s * boost })
      }
      return hits.sort((a, b) => b.score - a.score).slice(0, limit)
    },
  }
}
