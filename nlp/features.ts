// Features for our own linear model: jieba words plus character bigrams. Bigrams let the model generalise
// over typos and words jieba splits oddly (欠了工资 / 工资欠了 share 工资), which matters for citizens' writing.
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
