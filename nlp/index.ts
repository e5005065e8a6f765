// The one door into suyuan's Chinese understanding: loadClassifier() once at start-up, then analyze() per
// message (synchronous, well under 2 ms). The dialogue checks risk first.
import type { Config } from '../core/config.js'
import type { Domain, Intent, Understanding } from '../core/labels.js'
import { loadOrTrain, makeScorer } from './classifier.js'
import { adjustIntents, decide, type Decision } from './decide.js'
import { extractEntities, type Entities, type RegionName } from './entities.js'
import { assessRisk, mergeClauseRisk, riskClauses, stripHyperbole, type RiskKind } from './risk.js'
import type { Ranked } from '../core/labels.js'

export type { Decision } from './decide.js'
export type { Entities, RegionName, DateMention } from './entities.js'
export type { RiskKind, RiskResult } from './risk.js'
export { adjustIntents, decide, wordingIntent } from './decide.js'
export { extractEntities, maskSensitive, parseChineseAmount } from './entities.js'
export { normalize } from './normalize.js'
export { tokenize } from './tokenize.js'
export { assessRisk, riskLexicon } from './risk.js'

export interface Analysis extends Understanding {
  decision: Decision
  entities: Entities
  riskKinds: RiskKind[]
  normalized: string
}

export interface Classifier {
  analyze(text: string, opts?: { now?: Date; regions?: RegionName[] }): Analysis
}

export interface LoadOptions {
  modelDir: string
  thresholds: Config['nlp']
  log?: (m: string) => void
}

export async function loadClassifier(opts: LoadOptions): Promise<Classifier> {
  const model = await loadOrTrain(opts.modelDir, opts.log)
  const scorer = await makeScorer(model)
  return {
    analyze(text, o = {}) {
      const p = scorer.prepare(text)
      const domains = scorer.domains(p)
      const plain = stripHyperbole(p.norm)
      // The model reads the whole message and, in a long one, each clause: a cry for help buried in the middle
      // of a long story is diluted in the whole but plain in its own clause.
      const clauses = riskClauses(plain)
      const riskRanking = mergeClauseRisk(
        scorer.risk(plain === p.norm ? p : scorer.prepare(plain)),
        clauses.map((c) => scorer.risk(scorer.prepare(c))),
      )
      const risk = assessRisk(p.norm, riskRanking)
      // Risk never changes a service intent (执行, 立案 …); it only stops a threat or a cry for help from being
      // read as a general legal question (see adjustIntents).
      const intents = adjustIntents(tailWeighted(p.norm, scorer.intents, scorer.prepare, scorer.intents(p)), p.norm, risk.kinds)
      const top = intents[0]
      // Hello, thanks, or a matter for another office (社保卡, 户口, train tickets) is not any legal domain
      // (only when the intent is sure: a short legal story is sometimes taken for out_of_scope).
      if ((top?.label === 'greeting' || top?.label === 'out_of_scope') && (top?.score ?? 0) >= OTHER_OFFICE_CONFIDENCE && domains[0] && domains[0].label !== 'other') {
        const i = domains.findIndex((d) => d.label === 'other')
        if (i > 0) domains.unshift(...domains.splice(i, 1).map((d) => ({ label: d.label, score: (domains[0] as Ranked<Domain>).score })))
      }
      const topDomain = domains[0]
      const intent: Intent = top?.label ?? 'out_of_scope'
      // No domain model yet: say 'other' rather than guess.
      const domain: Domain = topDomain && topDomain.score > 0 ? topDomain.label : 'other'
      return {
        intent,
        domain,
        risk: risk.risk,
        confidence: top?.score ?? 0,
        intents,
        domains,
        decision: decide(intents, opts.thresholds),
        entities: extractEntities(p.norm, { now: o.now, regions: o.regions }),
        riskKinds: risk.kinds,
        normalized: p.norm,
      }
    },
  }
}

/** How sure the intent must be of greeting/out_of_scope before the domain becomes 'other'. */
export const OTHER_OFFICE_CONFIDENCE = 0.6

/** Share of the intent ranking given to the last clauses of a long message. */
export const TAIL_INTENT_WEIGHT = 0.35

/**
 * A long, mixed message (a story, then what the writer wants) is classified by the whole and, with
 * TAIL_INTENT_WEIGHT, by its last clauses: what the citizen asks for at the end. Short messages are unchanged.
 */
function tailWeighted<P>(norm: string, rank: (p: P) => Ranked<Intent>[], prepare: (t: string) => P, whole: Ranked<Intent>[]): Ranked<Intent>[] {
  if (norm.length < 50) return whole
  const parts = norm.split(/[,.!?;，。！？；\s]+/).filter((x) => x !== '')
  if (parts.length < 3) return whole
  let tail = ''
  for (let i = parts.length - 1; i >= 1 && (tail.match(/\p{Script=Han}/gu) ?? []).length < 12; i--) tail = tail ? `${parts[i]} ${tail}` : (parts[i] as string)
  const t = rank(prepare(tail))
  const score = new Map<string, number>()
  for (const r of whole) score.set(r.label, (1 - TAIL_INTENT_WEIGHT) * r.score)
  for (const r of t) score.set(r.label, (score.get(r.label) ?? 0) + TAIL_INTENT_WEIGHT * r.score)
  return whole.map((r) => ({ label: r.label, score: score.get(r.label) ?? 0 })).sort((a, b) => b.score - a.score)
}

/** Train and cache the model if the cache for the current training data is missing (vitest globalSetup). */
export async function ensureModel(modelDir: string): Promise<void> {
  await loadOrTrain(modelDir)
}
