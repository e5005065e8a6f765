// Bridge through our own 以案释法 articles: a citizen's question is often worded like the example questions
// we wrote for a KB article, and that article cites the statute articles that answer it. Find the closest KB
// articles (BM25 over title + example questions + facts) and vote for the articles they cite, and a little
// for their neighbours (the same rule is often split over consecutive articles). Pure: plain data in.
import { buildBm25, type Bm25Index } from './bm25.js'
import { statuteKey } from './searcher.js'
import type { StatuteRecord } from './statute-parse.js'

/** The parts of a KB article the bridge reads (db/seed/kb KbSeedArticle fits). */
export interface KbBridgeArticle {
  title: string
  facts?: string
  exampleQuestions: readonly string[]
  /** full official law names, as in the statutes' titles */
  lawRefs: readonly { law: string; article: number; suffix?: string }[]
}

export interface KbBridge {
  /** record index → vote in [0, 1] */
  votes(queryTokens: readonly string[]): Map<number, number>
}

export interface KbBridgeOptions {
  /** KB articles that vote */
  topArticles?: number
  /** vote share of an article next to a cited one */
  neighbourShare?: number
}

export function buildKbBridge(
  records: readonly StatuteRecord[],
  kb: readonly KbBridgeArticle[],
  tokenize: (text: string) => string[],
  opts: KbBridgeOptions = {},
): KbBridge {
  const top = opts.topArticles ?? 3
  const share = opts.neighbourShare ?? 0.3
  // statute key by full law name → record index
  const byKey = new Map<string, number>()
  records.forEach((r, i) => byKey.set(statuteKey(r.law, r.article, r.suffix), i))
  const cited: number[][] = kb.map((a) =>
    a.lawRefs.map((ref) => byKey.get(statuteKey(ref.law, ref.article, ref.suffix ?? ''))).filter((i): i is number => i !== undefined),
  )
  const index: Bm25Index = buildBm25(kb.map((a) => tokenize([a.title, ...a.exampleQuestions, a.facts ?? ''].join(' '))))
  const sameLaw = (i: number, j: number) => records[j] !== undefined && records[j]!.source === records[i]!.source

  return {
    votes(queryTokens) {
      const out = new Map<number, number>()
      const hits = index.search(queryTokens, top)
      const best = hits[0]?.score || 1
      const vote = (i: number, v: number) => out.set(i, Math.max(out.get(i) ?? 0, v))
      for (const { doc, score } of hits) {
        const v = score / best
        for (const i of cited[doc] ?? []) {
          vote(i, v)
          for (const j of [i - 1, i + 1]) if (sameLaw(i, j)) vote(j, v * share)
        }
      }
      return out
    },
  }
}
