// Ranking signals for statute retrieval. For one question: a candidate set of articles and, per candidate, a
// fixed vector of signals in [0, 1]. statute-retriever.ts weighs them; nlp/eval/lecoqa.ts tunes the weights
// on one half of the public questions only. Pure: build once over the statute records, query many times.
import { buildBm25, type Bm25Index } from './bm25.js'
import { buildKbBridge, type KbBridge, type KbBridgeArticle } from './kb-bridge.js'
import { lawGroup, lawGroupPrior } from './law-prior.js'
import { isStopword, queryTerms } from './query.js'
import { groupSections } from './sections.js'
import { charBigrams, cutForSearch } from './segment.js'
import type { StatuteRecord } from './statute-parse.js'

export const FEATURES = [
  'word', // BM25 over article words + heading words, query expanded with statutory synonyms
  'bigram', // BM25 over character bigrams (jieba splits question and statute differently)
  'section', // BM25 of the article's section (headings + all its articles' words)
  'heading', // BM25 of the section titles alone (留置权, 运输合同)
  'lawVote', // how much of the top of the ranking sits in the article's law group
  'named', // the question names the article's law
  'cue', // cue words of the article's law group (商标 → 商标法, 离婚 → 婚姻家庭编)
  'kb', // vote of our 以案释法 articles that cite it
  'neighbour', // best word+bigram score of the articles right before and after it
  'definition', // a defining article (X是指…, X合同是…的合同) for a what-is question, × its word score
  'first', // first article of its section × heading score (chapters open with the definition)
] as const
export type FeatureName = (typeof FEATURES)[number]

export interface Candidates {
  docs: number[]
  /** docs.length × FEATURES.length, row-major */
  values: Float64Array
}

export interface FeatureOptions {
  /** candidates taken from the word and bigram rankings each */
  depth?: number
  /** sections whose articles all become candidates */
  topSections?: number
  kb?: readonly KbBridgeArticle[]
  k1?: number
  b?: number
}

const contentTokens = (text: string): string[] => cutForSearch(text).filter((t) => !isStopword(t))
const WHAT_IS = /什么是|是什么|什么叫|叫什么|含义|定义|概念|区别|指的是|是指|哪些|有哪|如何认定|怎么认定/
const DEFINING = /是指|(本法|本规定|本解释|本条例)所称|^[^，。；：\n]{2,24}是[^。\n]{0,90}的(合同|行为|组织|人|权利|制度|财产|作品)。/

/** doc → score / best score */
function normalised(index: Bm25Index, terms: readonly string[], weights: ReadonlyMap<string, number> | undefined, depth: number) {
  const hits = index.search(terms, depth, weights)
  const best = hits[0]?.score || 1
  return new Map(hits.map(({ doc, score }) => [doc, score / best]))
}

export interface FeatureExtractor {
  candidates(question: string): Candidates
}

export function buildFeatureExtractor(records: readonly StatuteRecord[], opts: FeatureOptions = {}): FeatureExtractor {
  const depth = opts.depth ?? 100
  const topSections = opts.topSections ?? 2
  const bm = { k1: opts.k1 ?? 1.2, b: opts.b ?? 0.75 }
  const { sections, sectionOf } = groupSections(records)
  const lawName = (r: StatuteRecord) => r.shortName.replace(/^中华人民共和国/, '')
  const words = buildBm25(records.map((r) => [...contentTokens(r.text), ...contentTokens(r.headings.slice(-2).join(' '))]), bm)
  const bigrams = buildBm25(records.map((r) => charBigrams(r.text)), bm)
  const sectionIdx = buildBm25(
    sections.map((s) => {
      const head = contentTokens(s.titles.slice(-2).join(' '))
      return [...head, ...head, ...s.members.flatMap((i) => contentTokens(records[i]!.text))]
    }),
    bm,
  )
  const headingIdx = buildBm25(
    sections.map((s) => {
      const first = records[s.members[0]!]!
      const law = first.shortName === '中华人民共和国民法典' ? '' : lawName(first)
      return contentTokens(`${law} ${s.titles.slice(-2).join(' ')}`)
    }),
    bm,
  )
  const groups = records.map(lawGroup)
  const defining = records.map((r) => DEFINING.test(r.text))
  const firstOfSection = records.map((_, i) => sections[sectionOf[i]!]!.members[0] === i)
  const bridge: KbBridge | undefined = opts.kb?.length ? buildKbBridge(records, opts.kb, contentTokens) : undefined
  const sameFile = (i: number, j: number) => records[j] !== undefined && records[j]!.source === records[i]!.source
  const F = FEATURES.length

  return {
    candidates(question) {
      const q = queryTerms(question)
      const terms = [...q.weights.keys()]
      const word = normalised(words, terms, q.weights, depth)
      const bigram = normalised(bigrams, charBigrams(q.terms.join(' ')), undefined, depth)
      const section = normalised(sectionIdx, terms, q.weights, sections.length)
      const heading = normalised(headingIdx, terms, q.weights, sections.length)
      const kb = bridge?.votes(q.terms) ?? new Map<number, number>()
      const named = new Set(q.laws)
      const cue = lawGroupPrior(question)
      const whatIs = WHAT_IS.test(question)

      const cand = new Set<number>([...word.keys(), ...bigram.keys(), ...kb.keys()])
      for (const m of [section, heading]) {
        let n = 0
        for (const s of m.keys()) {
          if (n++ >= topSections) break
          for (const i of sections[s]!.members) cand.add(i)
        }
      }
      // law-group vote: share of the top-30 lexical mass that falls in each group
      const vote = new Map<string, number>()
      const lexical = (i: number) => ((word.get(i) ?? 0) + (bigram.get(i) ?? 0)) / 2
      ;[...word.keys()].slice(0, 30).forEach((i) => vote.set(groups[i]!, (vote.get(groups[i]!) ?? 0) + lexical(i)))
      const bestVote = Math.max(1e-9, ...vote.values())

      const docs = [...cand]
      const values = new Float64Array(docs.length * F)
      docs.forEach((i, row) => {
        const r = records[i]!
        const s = sectionOf[i]!
        const w = word.get(i) ?? 0
        const h = heading.get(s) ?? 0
        const nb = Math.max(sameFile(i, i - 1) ? lexical(i - 1) : 0, sameFile(i, i + 1) ? lexical(i + 1) : 0)
        const v = [
          w,
          bigram.get(i) ?? 0,
          section.get(s) ?? 0,
          h,
          (vote.get(groups[i]!) ?? 0) / bestVote,
          named.has(r.shortName) ? 1 : 0,
          cue.get(groups[i]!) ?? 0,
          kb.get(i) ?? 0,
          nb,
          whatIs && defining[i] ? Math.max(w, h) : 0,
          firstOfSection[i] ? h : 0,
        ]
        values.set(v, row * F)
      })
      return { docs, values }
    },
  }
}
