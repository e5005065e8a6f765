// Plain in-memory Okapi BM25 over pre-tokenised documents. Pure: build once, query many times.

export interface Bm25Options {
  k1?: number
  b?: number
}

export interface Bm25Index {
  readonly size: number
  /** document frequency of a term */
  df(term: string): number
  idf(term: string): number
  /** scores of every document containing at least one query term, best first */
  search(queryTerms: readonly string[], limit?: number, termWeights?: ReadonlyMap<string, number>): { doc: number; score: number }[]
}

export function buildBm25(docs: readonly (readonly string[])[], opts: Bm25Options = {}): Bm25Index {
  const k1 = opts.k1 ?? 1.2
  const b = opts.b ?? 0.75
  const n = docs.length
  const lengths = docs.map((d) => d.length)
  const avgdl = n === 0 ? 0 : lengths.reduce((a, x) => a + x, 0) / n
  // term → postings (doc, tf)
  const postings = new Map<string, { doc: number; tf: number }[]>()
  docs.forEach((d, doc) => {
    const tf = new Map<string, number>()
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1)
    for (const [t, c] of tf) {
      let p = postings.get(t)
      if (!p) postings.set(t, (p = []))
      p.push({ doc, tf: c })
    }
  })
  const df = (t: string) => postings.get(t)?.length ?? 0
  // Lucene's non-negative idf
  const idf = (t: string) => Math.log(1 + (n - df(t) + 0.5) / (df(t) + 0.5))

  return {
    size: n,
    df,
    idf,
    search(queryTerms, limit = 10, termWeights) {
      const scores = new Map<number, number>()
      // repeated query terms count once each time they are given (query tf), weighted if asked
      const qtf = new Map<string, number>()
      for (const t of queryTerms) qtf.set(t, (qtf.get(t) ?? 0) + (termWeights?.get(t) ?? 1))
      for (const [t, w] of qtf) {
        const p = postings.get(t)
        if (!p) continue
        const i = idf(t)
        for (const { doc, tf } of p) {
          const len = lengths[doc] ?? 0
          const s = (i * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * len) / (avgdl || 1)))
          scores.set(doc, (scores.get(doc) ?? 0) + w * s)
        }
      }
      return [...scores]
        .map(([doc, score]) => ({ doc, score }))
        .sort((x, y) => y.score - x.score || x.doc - y.doc)
        .slice(0, limit)
    },
  }
}
