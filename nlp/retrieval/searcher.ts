// The shape every statute retriever has, so the eval and the bot can swap them.
import type { StatuteRecord } from './statute-parse.js'

export interface StatuteHit {
  record: StatuteRecord
  score: number
}

export interface StatuteSearcher {
  search(query: string, limit?: number): StatuteHit[]
}

/** (law, article, suffix) key, law by its short name */
export const statuteKey = (shortName: string, article: number, suffix = ''): string => `${shortName}|${article}|${suffix}`
