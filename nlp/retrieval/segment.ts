// Chinese word segmentation for search. One jieba instance (default dict) per process; loading the dict
// takes ~100 ms, so it is created lazily on first use.
import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict.js'

let jieba: Jieba | undefined
const instance = (): Jieba => (jieba ??= Jieba.withDict(dict))

/** A token worth indexing: at least one CJK character, letter or digit (drops punctuation and spaces). */
const CONTENT = /[\p{Script=Han}\p{L}\p{N}]/u

const clean = (tokens: string[]): string[] => {
  const out: string[] = []
  for (const t of tokens) {
    const w = t.trim().toLowerCase()
    if (w !== '' && CONTENT.test(w)) out.push(w)
  }
  return out
}

/** Search-mode cut: long words plus their sub-words (劳动合同 → 劳动, 合同, 劳动合同). */
export function cutForSearch(text: string): string[] {
  return clean(instance().cutForSearch(text, true))
}

/** Precise-mode cut: each character belongs to one word. */
export function cutWords(text: string): string[] {
  return clean(instance().cut(text, true))
}

/** The `search_text` column: search-mode tokens joined by spaces, for an FTS5 unicode61 index. */
export function toSearchText(...parts: string[]): string {
  return parts.map((p) => cutForSearch(p).join(' ')).join(' ')
}

/** Overlapping character bigrams of the Han/alnum runs (the fallback when jieba splits differently). */
export function charBigrams(text: string): string[] {
  const out: string[] = []
  for (const run of text.toLowerCase().match(/[\p{Script=Han}\p{L}\p{N}]+/gu) ?? []) {
    const chars = [...run]
    if (chars.length === 1) out.push(chars[0]!)
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!)
  }
  return out
}
