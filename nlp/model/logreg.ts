// Multinomial logistic regression over sparse string features, trained with AdaGrad SGD. Small, pure and
// deterministic (seeded shuffle) so the cached model is reproducible from the same data.
import type { Ranked } from '../../core/labels.js'

export interface LogRegModel {
  labels: string[]
  /** feature → index into weights rows */
  vocab: Record<string, number>
  /** index of the bias column (= number of features) */
  bias: number
  /** weights[label][feature]; the last column is the bias */
  weights: number[][]
}

export interface LogRegOptions {
  epochs?: number
  learningRate?: number
  l2?: number
  seed?: number
  /** weight examples by inverse label frequency, so a label with many sentences does not become a sink */
  balanced?: boolean
}

export interface Example {
  features: string[]
  label: string
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Feature indices with tf weights scaled to unit length (so long stories do not dominate). */
function encode(features: string[], vocab: Record<string, number>): { idx: number[]; val: number[] } {
  const counts = new Map<number, number>()
  for (const f of features) {
    const i = vocab[f]
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1)
  }
  const idx: number[] = []
  const val: number[] = []
  let norm = 0
  for (const [i, c] of counts) {
    const v = 1 + Math.log(c)
    idx.push(i)
    val.push(v)
    norm += v * v
  }
  norm = Math.sqrt(norm) || 1
  for (let k = 0; k < val.length; k++) val[k] = (val[k] as number) / norm
  return { idx, val }
}

function softmax(z: number[]): number[] {
  let max = -Infinity
  for (const v of z) if (v > max) max = v
  let sum = 0
  const e = z.map((v) => {
    const x = Math.exp(v - max)
    sum += x
    return x
  })
  return e.map((x) => x / sum)
}

function scores(model: LogRegModel, x: { idx: number[]; val: number[] }): number[] {
  const bias = model.bias
  return model.weights.map((row) => {
    let s = row[bias] ?? 0
    for (let k = 0; k < x.idx.length; k++) s += (row[x.idx[k] as number] ?? 0) * (x.val[k] as number)
    return s
  })
}

export function trainLogReg(examples: Example[], opts: LogRegOptions = {}): LogRegModel {
  const epochs = opts.epochs ?? 30
  const lr = opts.learningRate ?? 0.5
  const l2 = opts.l2 ?? 1e-5
  const rand = mulberry32(opts.seed ?? 42)
  const labels = [...new Set(examples.map((e) => e.label))].sort()
  const labelIdx = new Map(labels.map((l, i) => [l, i]))
  const vocab: Record<string, number> = {}
  let n = 0
  for (const e of examples) for (const f of e.features) if (vocab[f] === undefined) vocab[f] = n++
  const dim = n + 1 // + bias
  const weights = labels.map(() => new Array<number>(dim).fill(0))
  const g2 = labels.map(() => new Array<number>(dim).fill(1e-8))
  const model: LogRegModel = { labels, vocab, bias: n, weights }
  const perLabel = new Map<string, number>()
  for (const e of examples) perLabel.set(e.label, (perLabel.get(e.label) ?? 0) + 1)
  const weightOf = (label: string): number =>
    opts.balanced ? examples.length / (labels.length * (perLabel.get(label) ?? 1)) : 1
  const data = examples.map((e) => ({ x: encode(e.features, vocab), y: labelIdx.get(e.label) as number, w: weightOf(e.label) }))
  const order = data.map((_, i) => i)
  for (let ep = 0; ep < epochs; ep++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1))
      ;[order[i], order[j]] = [order[j] as number, order[i] as number]
    }
    for (const oi of order) {
      const d = data[oi]
      if (!d) continue
      const p = softmax(scores(model, d.x))
      for (let c = 0; c < labels.length; c++) {
        const grad = ((p[c] as number) - (c === d.y ? 1 : 0)) * d.w
        const row = weights[c] as number[]
        const acc = g2[c] as number[]
        for (let k = 0; k < d.x.idx.length; k++) {
          const fi = d.x.idx[k] as number
          const g = grad * (d.x.val[k] as number) + l2 * (row[fi] as number)
          acc[fi] = (acc[fi] as number) + g * g
          row[fi] = (row[fi] as number) - (lr * g) / Math.sqrt(acc[fi] as number)
        }
        acc[n] = (acc[n] as number) + grad * grad
        row[n] = (row[n] as number) - (lr * grad) / Math.sqrt(acc[n] as number)
      }
    }
  }
  // Round weights so the cached JSON stays small; 1e-4 is far below anything that changes a ranking.
  for (const row of weights) for (let k = 0; k < row.length; k++) row[k] = Math.round((row[k] as number) * 1e4) / 1e4
  return model
}

/** Probabilities for every label, best first. Text with no known feature gets the prior (bias) only. */
export function predictLogReg(model: LogRegModel, features: string[]): Ranked<string>[] {
  const p = softmax(scores(model, encode(features, model.vocab)))
  return model.labels.map((label, i) => ({ label, score: p[i] as number })).sort((a, b) => b.score - a.score)
}

/** How many of the features the model has seen; 0 means the text is entirely unknown to it. */
export function knownFeatureCount(model: LogRegModel, features: string[]): number {
  let k = 0
  for (const f of features) if (model.vocab[f] !== undefined) k++
  return k
}

export interface LogRegRunner {
  /** same result as predictLogReg(model, features) */
  rank(features: string[]): Ranked<string>[]
  /** same result as knownFeatureCount(model, features) */
  known(features: string[]): number
}

/**
 * A faster predictor over a trained model for the per-message path: weights laid out feature-major in one
 * typed array (a feature's weights for all labels sit together) and the vocabulary in a Map.
 */
export function logRegRunner(model: LogRegModel): LogRegRunner {
  const k = model.labels.length
  const vocab = new Map<string, number>(Object.entries(model.vocab))
  const w = new Float64Array((model.bias + 1) * k)
  model.weights.forEach((row, c) => {
    for (let f = 0; f <= model.bias; f++) w[f * k + c] = row[f] ?? 0
  })
  const biasAt = model.bias * k
  return {
    known(features) {
      let n = 0
      for (const f of features) if (vocab.has(f)) n++
      return n
    },
    rank(features) {
      const counts = new Map<number, number>()
      for (const f of features) {
        const i = vocab.get(f)
        if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1)
      }
      let norm = 0
      for (const c of counts.values()) norm += (1 + Math.log(c)) ** 2
      norm = Math.sqrt(norm) || 1
      const z = new Float64Array(k)
      for (let c = 0; c < k; c++) z[c] = w[biasAt + c] as number
      for (const [i, cnt] of counts) {
        const v = (1 + Math.log(cnt)) / norm
        const at = i * k
        for (let c = 0; c < k; c++) z[c] = (z[c] as number) + (w[at + c] as number) * v
      }
      let max = -Infinity
      for (let c = 0; c < k; c++) if ((z[c] as number) > max) max = z[c] as number
      let sum = 0
      for (let c = 0; c < k; c++) {
        const e = Math.exp((z[c] as number) - max)
        z[c] = e
        sum += e
      }
      return model.labels.map((label, c) => ({ label, score: (z[c] as number) / sum })).sort((a, b) => b.score - a.score)
    },
  }
}
