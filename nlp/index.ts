// The one door into suyuan's Chinese understanding: loadClassifier() once at start-up, then analyze() per
// message (synchronous, well under 2 ms). The dialogue checks risk first.
import type { Config } from '../core/config.js'
import type { Domain, Intent, Understanding } from '../core/labels.js'
import { loadOrTrain, makeScorer } from './classifier.js'
import { adjustIntents, decide, type Decision } from './decide.js'
import { extractEntities, type Entities, type RegionName } from './entities.js'
import { assessRisk, stripHyperbole, type RiskKind } from './risk.js'

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
      const risk = assessRisk(p.norm, scorer.risk(plain === p.norm ? p : scorer.prepare(plain)))
      // Risk never changes a service intent (执行, 立案 …); it only stops a threat or a cry for help from being
      // read as a general legal question (see adjustIntents).
      const intents = adjustIntents(scorer.intents(p), p.norm, risk.kinds)
      const top = intents[0]
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

/** Train and cache the model if the cache for the current training data is missing (vitest globalSetup). */
export async function ensureModel(modelDir: string): Promise<void> {
  await loadOrTrain(modelDir)
}
