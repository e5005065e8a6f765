// Turning a question into weighted search terms: jieba search-mode tokens minus stopwords, plus the
// statutory words for colloquial ones (at a lower weight). Pure.
import { COLLOQUIAL_TO_LEGAL, LAW_CUES, LAW_MENTIONS, LEGAL_STOPWORDS } from './legal-lexicon.js'
import { cutForSearch, cutWords } from './segment.js'

export interface QueryTerms {
  /** distinct content terms the citizen wrote */
  terms: string[]
  /** every term to search with → weight (written terms 1, added statutory terms lower) */
  weights: Map<string, number>
  /** short names of laws the question names (著作权法 → 著作权法) */
  laws: string[]
  /** short names of laws whose cue words the question uses (坐牢 → 刑法) */
  cuedLaws: string[]
}

export interface QueryOptions {
  /** weight of a sub-word of a longer written word (著作 inside 著作权法) */
  subwordWeight?: number
  /** weight of a statutory word added for a colloquial one */
  synonymWeight?: number
}

export function isStopword(t: string): boolean {
  return LEGAL_STOPWORDS.has(t) || /^\d{1,2}$/.test(t)
}

/** Law names mentioned, longest first, without counting a name inside a longer one (著作权法实施条例 ⊃ 著作权法). */
export function lawsMentioned(text: string): string[] {
  const names = Object.keys(LAW_MENTIONS).sort((a, b) => b.length - a.length)
  let rest = text
  const out = new Set<string>()
  for (const n of names) {
    if (rest.includes(n)) {
      out.add(LAW_MENTIONS[n]!)
      rest = rest.split(n).join('　')
    }
  }
  return [...out]
}

export function queryTerms(text: string, opts: QueryOptions = {}): QueryTerms {
  const subword = opts.subwordWeight ?? 0.4
  const synonym = opts.synonymWeight ?? 0.5
  const terms = [...new Set(cutForSearch(text).filter((t) => !isStopword(t)))]
  // sub-words of a longer word (著作, 著作权 inside 著作权法) count less, so one concept is not counted thrice
  const whole = new Set(cutWords(text))
  const weights = new Map<string, number>()
  for (const t of terms) weights.set(t, whole.has(t) ? 1 : subword)
  for (const t of terms) {
    for (const s of COLLOQUIAL_TO_LEGAL[t] ?? []) {
      if (!weights.has(s)) weights.set(s, synonym)
    }
  }
  const cuedLaws = Object.entries(LAW_CUES)
    .filter(([, cues]) => cues.some((c) => terms.includes(c)))
    .map(([law]) => law)
  return { terms, weights, laws: lawsMentioned(text), cuedLaws }
}
