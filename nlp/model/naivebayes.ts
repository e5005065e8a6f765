// Multinomial naive Bayes over the same sparse string features as our logistic regression, with a uniform
// prior (every domain equally likely before reading) and Laplace smoothing. It reads long, rambling citizen
// messages differently from the regression — every known word adds its own evidence instead of sharing one
// unit-length vector — so the two disagree usefully in the domain ensemble. Stored as sparse counts (small
// cache file); log-likelihoods are rebuilt once when the scorer is made.
import type { Ranked } from '../../core/labels.js'

export interface NaiveBayesModel {
  labels: string[]
  alpha: number
  /** scores are divided by this before the softmax, so the probabilities blend with the other members */
  temperature: number
  /** total feature count per label */
  totals: number[]
  /** feature → flattened [labelIndex, count, labelIndex, count, …] for the labels that saw it */
  counts: Record<string, number[]>
}

export interface NaiveBayesOptions {
  alpha?: number
  temperature?: number
}

export function trainNaiveBayes(examples: { features: string[]; label: string }[], opts: NaiveBayesOptions = {}): NaiveBayesModel {
  const labels = [...new Set(examples.map((e) => e.label))].sort()
  const labelIdx = new Map(labels.map((l, i) => [l, i]))
  const totals = labels.map(() => 0)
  const perFeature = new Map<string, Map<number, number>>()
  for (const e of examples) {
    const li = labelIdx.get(e.label) as number
    for (const f of e.features) {
      const m = perFeature.get(f) ?? new Map<number, number>()
      m.set(li, (m.get(li) ?? 0) + 1)
      perFeature.set(f, m)
      totals[li] = (totals[li] as number) + 1
    }
  }
  const counts: Record<string, number[]> = {}
  for (const [f, m] of perFeature) counts[f] = [...m].sort((a, b) => a[0] - b[0]).flat()
  return { labels, alpha: opts.alpha ?? 0.3, temperature: opts.temperature ?? 5, totals, counts }
}

export interface NaiveBayesRunner {
  rank(features: string[]): Ranked<string>[]
}

/**
 * Precomputes each feature's log-likelihood boost over an unseen feature, feature-major in one typed array,
 * so ranking costs k additions per known feature.
 */
export function naiveBayesRunner(m: NaiveBayesModel): NaiveBayesRunner {
  const features = Object.keys(m.counts)
  const vocabSize = features.length
  const k = m.labels.length
  // log P(unseen feature | label)
  const base = m.totals.map((t) => Math.log(m.alpha) - Math.log(t + m.alpha * vocabSize))
  const at = new Map<string, number>()
  const boost = new Float64Array(vocabSize * k)
  features.forEach((f, i) => {
    at.set(f, i * k)
    const flat = m.counts[f] as number[]
    for (let j = 0; j + 1 < flat.length; j += 2) {
      boost[i * k + (flat[j] as number)] = Math.log((flat[j + 1] as number) + m.alpha) - Math.log(m.alpha)
    }
  })
  return {
    rank(features) {
      const s = new Float64Array(k)
      let known = 0
      for (const f of new Set(features)) {
        const o = at.get(f)
        if (o === undefined) continue
        known++
        for (let c = 0; c < k; c++) s[c] = (s[c] as number) + (boost[o + c] as number)
      }
      if (known === 0) return m.labels.map((label) => ({ label, score: 1 / k }))
      let max = -Infinity
      for (let c = 0; c < k; c++) {
        const v = ((s[c] as number) + known * (base[c] as number)) / m.temperature
        s[c] = v
        if (v > max) max = v
      }
      let z = 0
      for (let c = 0; c < k; c++) {
        const e = Math.exp((s[c] as number) - max)
        s[c] = e
        z += e
      }
      return m.labels.map((label, c) => ({ label, score: (s[c] as number) / z })).sort((a, b) => b.score - a.score)
    },
  }
}
