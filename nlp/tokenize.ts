// Word segmentation with jieba plus our court dictionary (nlp/dict/legal.txt). The dictionary loads once
// per process (≈0.3 s); cutting a message then costs a few microseconds.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict.js'

export const LEGAL_DICT_FILE = join(dirname(fileURLToPath(import.meta.url)), 'dict', 'legal.txt')

let jieba: Jieba | undefined

function instance(): Jieba {
  if (!jieba) {
    const j = Jieba.withDict(dict)
    j.loadDict(readFileSync(LEGAL_DICT_FILE))
    jieba = j
  }
  return jieba
}

// A token is kept if it has at least one letter or digit (drops punctuation, symbols, spaces).
const MEANINGFUL = /[\p{L}\p{N}]/u

/** Tokens of already-normalised text, punctuation removed. Latin letters are lower-cased. */
export function tokenize(text: string): string[] {
  const out: string[] = []
  for (const w of instance().cut(text, false)) {
    if (MEANINGFUL.test(w)) out.push(w.toLowerCase())
  }
  return out
}
