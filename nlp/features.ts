// Features for our own linear models: jieba words plus character bigrams. Bigrams let the model generalise
// over typos and words jieba splits oddly (欠了工资 / 工资欠了 share 工资), which matters for citizens' writing.
// The domain model also gets one feature per hit of our domain vocabulary (nlp/dict/domain-terms.txt).
import { readFileSync } from 'node:fs'
import { tokenize } from './tokenize.js'

const HAN = /\p{Script=Han}/u

/** Feature list of normalised text (duplicates kept: counts matter a little). */
export function featuresOf(normalized: string, tokens: string[] = tokenize(normalized)): string[] {
  const out: string[] = []
  for (const t of tokens) {
    // Long digit runs are ids/amounts: keep their shape only.
    out.push(/^\d{3,}$/.test(t) ? 'w:#num' : `w:${t}`)
  }
  let prev = ''
  for (const ch of normalized) {
    if (HAN.test(ch)) {
      if (prev) out.push(`b:${prev}${ch}`)
      prev = ch
    } else {
      prev = ''
    }
  }
  return out
}

const TERMS_FILE = new URL('./dict/domain-terms.txt', import.meta.url)
/** term → domains it belongs to (nlp/dict/domain-terms.txt). */
const TERM_DOMAINS = new Map<string, string[]>()
for (const line of readFileSync(TERMS_FILE, 'utf8').split(/\r?\n/)) {
  const m = /^([a-z_]+):\s*(.*)$/.exec(line.trim())
  if (!m) continue
  for (const term of (m[2] ?? '').split(/\s+/)) {
    if (!term) continue
    const ds = TERM_DOMAINS.get(term) ?? []
    if (!ds.includes(m[1] as string)) ds.push(m[1] as string)
    TERM_DOMAINS.set(term, ds)
  }
}
const termRe = new RegExp(
  [...TERM_DOMAINS.keys()].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'g',
)

/**
 * One `lex:<domain>` feature per vocabulary term found. The model learns one weight per domain for these,
 * so a term no training sentence happens to contain still counts for its domain.
 */
export function lexiconFeatures(normalized: string): string[] {
  const out: string[] = []
  for (const m of normalized.matchAll(termRe)) for (const d of TERM_DOMAINS.get(m[0]) ?? []) out.push(`lex:${d}`)
  return out
}

/** Features for the domain model: words, bigrams and vocabulary-lexicon hits. */
export function domainFeaturesOf(normalized: string, tokens: string[] = tokenize(normalized)): string[] {
  return [...featuresOf(normalized, tokens), ...lexiconFeatures(normalized)]
}
