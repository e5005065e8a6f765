// LeCoQA statute-retrieval evaluation: does the retriever put the articles LeCoQA's annotators cited into
// the top 1 / top 5? Compares our retriever with plain BM25. The statutes folder is the only corpus; the
// question→article links are used for scoring only.
// Run alone: `npx tsx nlp/eval/lecoqa.ts`.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildBaselineRetriever } from '../retrieval/baseline.js'
import { statuteKey, type StatuteSearcher } from '../retrieval/searcher.js'
import { loadStatuteDir } from '../retrieval/statute-files.js'
import { buildStatuteRetriever } from '../retrieval/statute-retriever.js'

export const DATA_DIR = process.env.SUYUAN_SHARED_DATA ?? '/work/shared/data'

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

export interface LecoqaMetrics {
  citedArticles: number
  coveredArticles: number
  coverage: number
  ours: RetrievalMetrics
  bm25: RetrievalMetrics
  /** ours.recallAt5 / bm25.recallAt5 */
  ratioRecallAt5: number
}

export function loadLecoqaQuestions(file = join(DATA_DIR, 'lecoqa', 'questions.jsonl')): LecoqaQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LecoqaQuestion)
}

export function scoreRetriever(
  searcher: StatuteSearcher,
  questions: readonly LecoqaQuestion[],
  corpusKeys: ReadonlySet<string>,
): RetrievalMetrics {
  let r1 = 0, r5 = 0, h1 = 0, h5 = 0, cov5 = 0, covQ = 0
  const t0 = performance.now()
  for (const q of questions) {
    const gold = new Set(q.articles.map(goldKey))
    const top = searcher.search(q.question, 5).map((h) => statuteKey(h.record.shortName, h.record.article, h.record.suffix))
    const found = (k: number) => top.slice(0, k).filter((key) => gold.has(key)).length
    r1 += found(1) / gold.size
    r5 += found(5) / gold.size
    h1 += found(1) > 0 ? 1 : 0
    h5 += found(5) > 0 ? 1 : 0
    const covered = [...gold].filter((g) => corpusKeys.has(g))
    if (covered.length > 0) {
      covQ++
      cov5 += found(5) / covered.length
    }
  }
  const n = questions.length || 1
  return {
    questions: questions.length,
    recallAt1: r1 / n,
    recallAt5: r5 / n,
    hitAt1: h1 / n,
    hitAt5: h5 / n,
    coveredRecallAt5: covQ ? cov5 / covQ : 0,
    msPerQuery: (performance.now() - t0) / n,
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`
const row = (name: string, m: RetrievalMetrics) =>
  `${name.padEnd(10)} R@1 ${pct(m.recallAt1)}  R@5 ${pct(m.recallAt5)}  hit@1 ${pct(m.hitAt1)}  hit@5 ${pct(m.hitAt5)}  ` +
  `R@5(covered) ${pct(m.coveredRecallAt5)}  ${m.msPerQuery.toFixed(2)} ms/q`

export async function runLecoqaEval(): Promise<{ lines: string[]; metrics: LecoqaMetrics }> {
  const { records } = loadStatuteDir(join(DATA_DIR, 'statutes'))
  const questions = loadLecoqaQuestions()
  const corpusKeys = new Set(records.map((r) => statuteKey(r.shortName, r.article, r.suffix)))
  const cited = new Set(questions.flatMap((q) => q.articles.map(goldKey)))
  const covered = [...cited].filter((k) => corpusKeys.has(k)).length

  const ours = scoreRetriever(buildStatuteRetriever(records), questions, corpusKeys)
  const bm25 = scoreRetriever(buildBaselineRetriever(records), questions, corpusKeys)
  const metrics: LecoqaMetrics = {
    citedArticles: cited.size,
    coveredArticles: covered,
    coverage: cited.size ? covered / cited.size : 0,
    ours,
    bm25,
    ratioRecallAt5: bm25.recallAt5 > 0 ? ours.recallAt5 / bm25.recallAt5 : 0,
  }
  const lines = [
    `LeCoQA statute retrieval — ${questions.length} questions, ${records.length} statute articles`,
    `coverage: ${covered}/${cited.size} distinct cited articles in our corpus (${pct(metrics.coverage)})`,
    row('ours', ours),
    row('bm25', bm25),
    `ours/bm25 Recall@5 = ${metrics.ratioRecallAt5.toFixed(2)}×`,
  ]
  return { lines, metrics }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runLecoqaEval().then(
    ({ lines }) => lines.forEach((l) => console.log(l)),
    (e: unknown) => {
      console.error(e)
      process.exitCode = 1
    },
  )
}
