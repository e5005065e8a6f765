// What to do with an intent ranking: answer it, ask which of 2–3 it is, or admit we do not know.
// Pure over the ranking and the thresholds in config.nlp.
import type { Intent, Ranked } from '../core/labels.js'
import type { Config } from '../core/config.js'

export type Decision =
  | { kind: 'confident'; intent: Intent }
  | { kind: 'unsure'; options: Intent[] }
  | { kind: 'none' }

const EPS = 1e-9

export type Thresholds = Pick<Config['nlp'], 'confidentThreshold' | 'confidentMargin' | 'noneThreshold'>

/** Options offered when unsure: the top two, plus a third if it is itself above the none threshold. */
export function decide(ranking: readonly Ranked<Intent>[], t: Thresholds): Decision {
  const sorted = [...ranking].sort((a, b) => b.score - a.score)
  const top = sorted[0]
  if (!top || !(top.score >= t.noneThreshold - EPS)) return { kind: 'none' }
  const second = sorted[1]
  const gap = top.score - (second?.score ?? 0)
  // EPS: 0.6 − 0.45 is 0.1499… in floating point; a gap equal to the margin must count.
  if (top.score >= t.confidentThreshold - EPS && gap >= t.confidentMargin - EPS) return { kind: 'confident', intent: top.label }
  const options: Intent[] = sorted.slice(0, 2).map((r) => r.label)
  const third = sorted[2]
  if (third && third.score >= t.noneThreshold - EPS) options.push(third.label)
  if (options.length < 2) return { kind: 'none' }
  return { kind: 'unsure', options }
}
