// The baseline we measure against: BM25 over jieba search-mode tokens of the article text, query cut the
// same way, nothing else.
import { buildBm25 } from './bm25.js'
import { cutForSearch } from './segment.js'
import type { StatuteRecord } from './statute-parse.js'
import type { StatuteSearcher } from './searcher.js'

export function buildBaselineRetriever(records: readonly StatuteRecord[]): StatuteSearcher {
  const index = buildBm25(records.map((r) => cutForSearch(r.text)))
  return {
    search(query, limit = 10) {
      return index.search(cutForSearch(query), limit).map(({ doc, score }) => ({ record: records[doc]!, score }))
    },
  }
}
