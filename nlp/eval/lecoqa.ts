// LeCoQA statute-retrieval evaluation: does the retriever put the articles LeCoQA's annotators cited into
// the top 1 / top 5? Compares our retriever with plain BM25. The statutes folder (and our own 以案释法 seed
// articles) are the only corpus; the question→article links are used for scoring, and for choosing the
// fusion weights on the even-numbered half of the questions only — the odd half is reported apart as the
// untuned check.
// Run alone: `npx tsx nlp/eval/lecoqa.ts`; re-tune the weights: `npx tsx nlp/eval/lecoqa.ts --tune`.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildBaselineRetriever } from '../retrieval/baseline.js'
import { statuteKey, type StatuteSearcher } from '../retrieval/searcher.js'
import { loadStatuteDir } from '../retrieval/statute-files.js'
import { buildStatuteRetriever, DEFAULT_WEIGHTS } from '../retrieval/statute-retriever.js'
import { buildFeatureExtractor } from '../retrieval/features.js'
import { fusionRecall, tuneFusion, type FusionWeights, type LabelledCandidates } from '../retrieval/fusion.js'
import type { KbBridgeArticle } from '../retrieval/kb-bridge.js'
import type { StatuteRecord } from '../retrieval/statute-parse.js'
import { loadKbArticlesFromFiles } from '../../db/seed/kb/files.js'
import { sharedDataDir } from '../../core/shared-dir.js'

export const DATA_DIR = sharedDataDir()

interface LecoqaCitation {
  law: string
  article: number
  suffix?: string
}
interface LecoqaQuestion {
  id: string
  question: string
  articles: LecoqaCitation[]
}

/** LeCoQA cites 民事诉讼法 by its 2021 numbers; our file is the 2023 text (README of lecoqa). */
const CPL_2021_TO_2023: Record<number, number> = { 203: 207, 204: 208, 234: 238, 260: 264, 278: 288 }

const goldKey = (c: LecoqaCitation): string =>
  statuteKey(c.law, c.law === '民事诉讼法' ? (CPL_2021_TO_2023[c.article] ?? c.article) : c.article, c.suffix ?? '')

export interface RetrievalMetrics {
  questions: number
  /** mean over questions of |cited ∩ top-k| / |cited| */
  recallAt1: number
  recallAt5: number
  /** share of questions with at least one cited article in the top k */
  hitAt1: number
  hitAt5: number
  /** same recall, counting only cited articles that exist in our corpus */
  coveredRecallAt5: number
  msPerQuery: number
}

export interface HalfMetrics {
  ours: RetrievalMetrics
  bm25: RetrievalMetrics
  ratioRecallAt5: number
}

export interface LecoqaMetrics {
  citedArticles: number
  coveredArticles: number
  coverage: number
  ours: RetrievalMetrics
  bm25: RetrievalMetrics
  /** ours.recallAt5 / bm25.recallAt5 */
  ratioRecallAt5: number
  /** even-numbered ids: the fusion weights were chosen on these */
  tuned: HalfMetrics
  /** odd-numbered ids: never used for choosing anything */
  untuned: HalfMetrics
}

/** The tuning half: LeCoQA ids with an even number (lecoqa-1236). Fixed, so the split never moves. */
export const isTuningQuestion = (id: string): boolean => Number(id.replace(/^\D+/, '')) % 2 === 0

export function loadLecoqaQuestions(file = join(DATA_DIR, 'lecoqa', 'questions.jsonl')): LecoqaQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LecoqaQuestion)
}

interface QuestionResult {
  r1: number
  r5: number
  h1: number
  h5: number
  /** recall over the cited articles present in our corpus; null when none is */
  cov5: number | null
}

function judge(searcher: StatuteSearcher, q: LecoqaQuestion, corpusKeys: ReadonlySet<string>): QuestionResult {
  const gold = new Set(q.articles.map(goldKey))
  const top = searcher.search(q.question, 5).map((h) => statuteKey(h.record.shortName, h.record.article, h.record.suffix))
  const found = (k: number) => top.slice(0, k).filter((key) => gold.has(key)).length
  const covered = [...gold].filter((g) => corpusKeys.has(g)).length
  return {
    r1: found(1) / gold.size,
    r5: found(5) / gold.size,
    h1: found(1) > 0 ? 1 : 0,
    h5: found(5) > 0 ? 1 : 0,
    cov5: covered > 0 ? found(5) / covered : null,
  }
}

function aggregate(results: readonly QuestionResult[], msPerQuery: number): RetrievalMetrics {
  const n = results.length || 1
  const sum = (f: (r: QuestionResult) => number) => results.reduce((a, r) => a + f(r), 0) / n
  const cov = results.filter((r) => r.cov5 !== null)
  return {
    questions: results.length,
    recallAt1: sum((r) => r.r1),
    recallAt5: sum((r) => r.r5),
    hitAt1: sum((r) => r.h1),
    hitAt5: sum((r) => r.h5),
    coveredRecallAt5: cov.length ? cov.reduce((a, r) => a + (r.cov5 ?? 0), 0) / cov.length : 0,
    msPerQuery,
  }
}

function judgeAll(searcher: StatuteSearcher, questions: readonly LecoqaQuestion[], corpusKeys: ReadonlySet<string>) {
  const t0 = performance.now()
  const results = questions.map((q) => judge(searcher, q, corpusKeys))
  return { results, msPerQuery: (performance.now() - t0) / (questions.length || 1) }
}

export function scoreRetriever(
  searcher: StatuteSearcher,
  questions: readonly LecoqaQuestion[],
  corpusKeys: ReadonlySet<string>,
): RetrievalMetrics {
  const { results, msPerQuery } = judgeAll(searcher, questions, corpusKeys)
  return aggregate(results, msPerQuery)
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`
const row = (name: string, m: RetrievalMetrics) =>
  `${name.padEnd(10)} R@1 ${pct(m.recallAt1)}  R@5 ${pct(m.recallAt5)}  hit@1 ${pct(m.hitAt1)}  hit@5 ${pct(m.hitAt5)}  ` +
  `R@5(covered) ${pct(m.coveredRecallAt5)}  ${m.msPerQuery.toFixed(2)} ms/q`
const ratio = (a: RetrievalMetrics, b: RetrievalMetrics) => (b.recallAt5 > 0 ? a.recallAt5 / b.recallAt5 : 0)
const halfRow = (name: string, h: HalfMetrics) =>
  `${name.padEnd(22)} n=${h.ours.questions}  ours R@1 ${pct(h.ours.recallAt1)} R@5 ${pct(h.ours.recallAt5)}  ` +
  `bm25 R@1 ${pct(h.bm25.recallAt1)} R@5 ${pct(h.bm25.recallAt5)}  R@5 ratio ${h.ratioRecallAt5.toFixed(2)}×`

/** Our 以案释法 articles (content/kb), as the retriever's KB bridge reads them. */
export async function loadKbBridgeArticles(): Promise<KbBridgeArticle[]> {
  return loadKbArticlesFromFiles()
}

export async function runLecoqaEval(): Promise<{ lines: string[]; metrics: LecoqaMetrics }> {
  const { records } = loadStatuteDir(join(DATA_DIR, 'statutes'))
  const questions = loadLecoqaQuestions()
  const kb = await loadKbBridgeArticles()
  const corpusKeys = new Set(records.map((r) => statuteKey(r.shortName, r.article, r.suffix)))
  const cited = new Set(questions.flatMap((q) => q.articles.map(goldKey)))
  const covered = [...cited].filter((k) => corpusKeys.has(k)).length

  const ours = judgeAll(buildStatuteRetriever(records, { kb }), questions, corpusKeys)
  const bm25 = judgeAll(buildBaselineRetriever(records), questions, corpusKeys)
  const half = (keep: boolean): HalfMetrics => {
    const pick = (rs: QuestionResult[]) => rs.filter((_, i) => isTuningQuestion(questions[i]!.id) === keep)
    const o = aggregate(pick(ours.results), ours.msPerQuery)
    const b = aggregate(pick(bm25.results), bm25.msPerQuery)
    return { ours: o, bm25: b, ratioRecallAt5: ratio(o, b) }
  }
  const oursAll = aggregate(ours.results, ours.msPerQuery)
  const bm25All = aggregate(bm25.results, bm25.msPerQuery)
  const metrics: LecoqaMetrics = {
    citedArticles: cited.size,
    coveredArticles: covered,
    coverage: cited.size ? covered / cited.size : 0,
    ours: oursAll,
    bm25: bm25All,
    ratioRecallAt5: ratio(oursAll, bm25All),
    tuned: half(true),
    untuned: half(false),
  }
  const lines = [
    `LeCoQA statute retrieval — ${questions.length} questions, ${records.length} statute articles, ${kb.length} KB articles bridged`,
    `coverage: ${covered}/${cited.size} distinct cited articles in our corpus (${pct(metrics.coverage)})`,
    row('ours', oursAll),
    row('bm25', bm25All),
    halfRow('tuned half (even ids)', metrics.tuned),
    halfRow('untuned half (odd ids)', metrics.untuned),
    `ours/bm25 Recall@5 = ${metrics.ratioRecallAt5.toFixed(2)}× (all ${questions.length}), ` +
      `${metrics.untuned.ratioRecallAt5.toFixed(2)}× (untuned half, ${metrics.untuned.ours.questions})`,
  ]
  return { lines, metrics }
}

/** Re-chooses the fusion weights on the tuning half only; prints them and both halves' recall. */
export async function tuneLecoqaWeights(): Promise<{ lines: string[]; weights: FusionWeights }> {
  const { records } = loadStatuteDir(join(DATA_DIR, 'statutes'))
  const questions = loadLecoqaQuestions()
  const extractor = buildFeatureExtractor(records, { kb: await loadKbBridgeArticles() })
  const label = (rs: readonly StatuteRecord[], q: LecoqaQuestion): LabelledCandidates => {
    const gold = new Set(q.articles.map(goldKey))
    const candidates = extractor.candidates(q.question)
    const relevant = candidates.docs.map((d) => gold.has(statuteKey(rs[d]!.shortName, rs[d]!.article, rs[d]!.suffix)))
    return { candidates, relevant, cited: gold.size }
  }
  const tuning = questions.filter((q) => isTuningQuestion(q.id)).map((q) => label(records, q))
  const heldOut = questions.filter((q) => !isTuningQuestion(q.id)).map((q) => label(records, q))
  const weights = tuneFusion(tuning, DEFAULT_WEIGHTS)
  const show = (name: string, w: FusionWeights) => {
    const t = fusionRecall(tuning, w)
    const h = fusionRecall(heldOut, w)
    return `${name.padEnd(8)} tuned R@1 ${pct(t.recallAt1)} R@5 ${pct(t.recallAt5)}  untuned R@1 ${pct(h.recallAt1)} R@5 ${pct(h.recallAt5)}`
  }
  return { lines: [show('current', DEFAULT_WEIGHTS), show('tuned', weights), JSON.stringify(weights)], weights }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ;(process.argv.includes('--tune') ? tuneLecoqaWeights() : runLecoqaEval()).then(
    ({ lines }) => lines.forEach((l) => console.log(l)),
    (e: unknown) => {
      console.error(e)
      process.exitCode = 1
    },
  )
}
