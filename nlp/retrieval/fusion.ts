// Weighing the ranking signals of features.ts: a weighted sum, and the coordinate-ascent search that picks the
// weights on a labelled set of questions (nlp/eval/lecoqa.ts runs it on one half of the public questions
// only, so the other half shows whether the weights generalise). Pure.
import { FEATURES, type Candidates, type FeatureName } from './features.js'

export type FusionWeights = Readonly<Record<FeatureName, number>>

const F = FEATURES.length

/** Indexes into candidates.docs, best first. Ties go to the lower record index (file order). */
export function rankCandidates(c: Candidates, w: FusionWeights): { at: number; score: number }[] {
  const wv = FEATURES.map((f) => w[f])
  const out: { at: number; score: number }[] = []
  for (let at = 0; at < c.docs.length; at++) {
    let s = 0
    for (let f = 0; f < F; f++) s += wv[f]! * c.values[at * F + f]!
    out.push({ at, score: s })
  }
  return out.sort((a, b) => b.score - a.score || c.docs[a.at]! - c.docs[b.at]!)
}

export interface LabelledCandidates {
  candidates: Candidates
  /** per candidate: is it one of the cited articles */
  relevant: boolean[]
  /** number of cited articles (recall denominator, including ones not among the candidates) */
  cited: number
}

/** Mean Recall@1 and Recall@5 of the weights over labelled questions. */
export function fusionRecall(set: readonly LabelledCandidates[], w: FusionWeights): { recallAt1: number; recallAt5: number } {
  let r1 = 0
  let r5 = 0
  for (const q of set) {
    const top = rankCandidates(q.candidates, w).slice(0, 5)
    const hits = top.map(({ at }) => (q.relevant[at] ? 1 : 0))
    r1 += (hits[0] ?? 0) / q.cited
    r5 += hits.reduce((a: number, x) => a + x, 0) / q.cited
  }
  const n = set.length || 1
  return { recallAt1: r1 / n, recallAt5: r5 / n }
}

const GRID = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2]

/**
 * Coordinate ascent on Recall@5 + ½·Recall@1, the word weight fixed at 1 (scores are scale-free).
 * Deterministic: same set and start, same weights.
 */
export function tuneFusion(set: readonly LabelledCandidates[], start: FusionWeights, passes = 3): FusionWeights {
  const objective = (w: FusionWeights) => {
    const m = fusionRecall(set, w)
    return m.recallAt5 + 0.5 * m.recallAt1
  }
  let best: Record<FeatureName, number> = { ...start }
  let bestValue = objective(best)
  for (let p = 0; p < passes; p++) {
    let improved = false
    for (const f of FEATURES) {
      if (f === 'word') continue
      for (const g of GRID) {
        const trial = { ...best, [f]: g }
        const v = objective(trial)
        if (v > bestValue + 1e-9) {
          best = trial
          bestValue = v
          improved = true
        }
      }
    }
    if (!improved) break
  }
  return best
}
