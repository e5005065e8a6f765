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
  'feedback', // word BM25 again, the query widened with the telling words of the first top articles
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
const QUESTION_NOISE = /请问|怎么办|怎么样|怎么|如何|什么|是否|能否|可否|可以吗|吗|呢|吧|哪些|哪个|有没有|是不是|能不能|应当|应该|我们|我|你|他|她|的|了|和|与|或者|及|是/g
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
  const docTokens = records.map((r) => [...contentTokens(r.text), ...contentTokens(r.headings.slice(-2).join(' '))])
  const words = buildBm25(docTokens, bm)
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
      const bigram = normalised(bigrams, charBigrams(question.replace(QUESTION_NOISE, ' ')), undefined, depth)
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

      // pseudo-relevance feedback: the rarest words shared by the top articles of the first two rankings
      const firstPass = [...new Set([...[...word.keys()].slice(0, 3), ...[...bigram.keys()].slice(0, 2)])]
      const fbCount = new Map<string, number>()
      for (const i of firstPass) for (const t of new Set(docTokens[i])) fbCount.set(t, (fbCount.get(t) ?? 0) + 1)
      const fbWeights = new Map(q.weights)
      ;[...fbCount]
        .filter(([t, c]) => c >= 2 && !fbWeights.has(t))
        .map(([t, c]) => [t, c * words.idf(t)] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .forEach(([t]) => fbWeights.set(t, 0.3))
      const feedback = normalised(words, [...fbWeights.keys()], fbWeights, depth)
      for (const i of feedback.keys()) cand.add(i)

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
          feedback.get(i) ?? 0,
        ]
        values.set(v, row * F)
      })
      return { docs, values }
    },
  }
}
