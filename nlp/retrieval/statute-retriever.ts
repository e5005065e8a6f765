// Our statute retriever (beats plain BM25 on LeCoQA, see nlp/eval/lecoqa.ts). Candidates and their signals
// come from features.ts (word and bigram BM25, the article's 编/章/节, law cues, our 以案释法 articles'
// citations, neighbours, definitions, feedback); this file weighs them.
import { buildFeatureExtractor, type FeatureOptions } from './features.js'
import { rankCandidates, type FusionWeights } from './fusion.js'
import type { StatuteRecord } from './statute-parse.js'
import type { StatuteHit, StatuteSearcher } from './searcher.js'

/**
 * Chosen by `npx tsx nlp/eval/lecoqa.ts --tune` on the even-numbered half of the public LeCoQA questions
 * only (coordinate ascent, fusion.ts); the odd half is never used for tuning and is reported separately.
 */
export const DEFAULT_WEIGHTS: FusionWeights = {
  word: 1,
  bigram: 0.2,
  section: 0.75,
  heading: 0.1,
  lawVote: 0,
  named: 0.5,
  cue: 0.1,
  kb: 0.3,
  neighbour: 0,
  definition: 0.3,
  first: 0.2,
  feedback: 0.5,
}

export interface RetrieverOptions extends FeatureOptions {
  weights?: Partial<FusionWeights>
}

export function buildStatuteRetriever(records: readonly StatuteRecord[], opts: RetrieverOptions = {}): StatuteSearcher {
  const extractor = buildFeatureExtractor(records, opts)
  const weights: FusionWeights = { ...DEFAULT_WEIGHTS, ...opts.weights }
  return {
    search(query: string, limit = 10): StatuteHit[] {
      const c = extractor.candidates(query)
      return rankCandidates(c, weights)
        .slice(0, limit)
        .map(({ at, score }) => ({ record: records[c.docs[at]!]!, score }))
    },
  }
}
