// Classification metrics for npm run eval. Pure.

export interface LabelStats {
  label: string
  precision: number
  recall: number
  f1: number
  support: number
}

export interface Report {
  n: number
  accuracy: number
  macroF1: number
  perLabel: LabelStats[]
  /** (gold → predicted, count), most frequent first */
  confusions: { gold: string; predicted: string; count: number }[]
}

export function report(pairs: readonly { gold: string; predicted: string }[], labels?: readonly string[]): Report {
  const all = labels ?? [...new Set(pairs.flatMap((p) => [p.gold, p.predicted]))].sort()
  const tp = new Map<string, number>()
  const fp = new Map<string, number>()
  const fn = new Map<string, number>()
  const conf = new Map<string, number>()
  let correct = 0
  for (const { gold, predicted } of pairs) {
    if (gold === predicted) {
      correct++
      tp.set(gold, (tp.get(gold) ?? 0) + 1)
    } else {
      fp.set(predicted, (fp.get(predicted) ?? 0) + 1)
      fn.set(gold, (fn.get(gold) ?? 0) + 1)
      const k = `${gold}\u0000${predicted}`
      conf.set(k, (conf.get(k) ?? 0) + 1)
    }
  }
  const perLabel = all.map((label) => {
    const t = tp.get(label) ?? 0
    const p = t + (fp.get(label) ?? 0)
    const r = t + (fn.get(label) ?? 0)
    const precision = p === 0 ? 0 : t / p
    const recall = r === 0 ? 0 : t / r
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
    return { label, precision, recall, f1, support: r }
  })
  // Macro-F1 over labels that occur in the gold data (labels never asked about would only add zeros).
  const present = perLabel.filter((s) => s.support > 0)
  const macroF1 = present.length === 0 ? 0 : present.reduce((a, s) => a + s.f1, 0) / present.length
  const confusions = [...conf.entries()]
    .map(([k, count]) => {
      const [gold = '', predicted = ''] = k.split('\u0000')
      return { gold, predicted, count }
    })
    .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold))
  return { n: pairs.length, accuracy: pairs.length === 0 ? 0 : correct / pairs.length, macroF1, perLabel, confusions }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i] as number
}

export const fmt = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : 'n/a')
