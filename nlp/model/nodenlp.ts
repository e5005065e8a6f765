// node-nlp (nlp.js v4) as one member of our ensemble. We train through the documented @nlpjs pipeline
// (containerBootstrap + Nlp + LangZh) with jieba registered as tokenizer-zh and an identity stemmer-zh, so
// the features are words rather than lang-zh's pinyin syllables. At run time we call the trained
// network synchronously on the same tokens: analyze() must not await, and nlp.process() caches per text.
import { containerBootstrap } from '@nlpjs/core'
import { Nlp } from '@nlpjs/nlp'
import { LangZh } from '@nlpjs/lang-zh'
import type { Ranked } from '../../core/labels.js'
import { tokenize } from '../tokenize.js'

export interface NodeNlpExample {
  /** normalised text */
  text: string
  label: string
}

interface NeuralNluLike {
  features: Record<string, number>
  neuralNetwork?: { run(input: Record<string, number>): Record<string, number> | undefined }
}
interface NlpLike {
  addLanguage(l: string): void
  addDocument(l: string, text: string, intent: string): void
  train(): Promise<unknown>
  export(minified?: boolean): string
  import(json: string): void
  process(l: string, text: string): Promise<{ classifications: { intent: string; score: number }[] }>
  nluManager: { domainManagers: Record<string, { domains: Record<string, NeuralNluLike> }> }
}

/** jieba: our tokenizer; default: lang-zh's own CEDICT segmenter + pinyin stemmer (the eval baseline). */
export type NodeNlpPipeline = 'jieba' | 'default'

async function createNlp(pipeline: NodeNlpPipeline): Promise<NlpLike> {
  const container = await containerBootstrap()
  container.use(Nlp)
  container.use(LangZh)
  const nlp = new Nlp({ container, autoSave: false, nlu: { log: false } }) as NlpLike
  nlp.addLanguage('zh')
  if (pipeline === 'jieba') {
    container.register('tokenizer-zh', { tokenize: (t: string) => tokenize(t) }, true)
    container.register('stemmer-zh', { stem: (ts: string[]) => ts }, true)
  }
  return nlp
}

/** node-nlp's zh dictionary announces itself on console.log; keep stdout clean for the classify CLI. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const log = console.log
  console.log = (...a: unknown[]) => console.error(...a)
  try {
    return await fn()
  } finally {
    console.log = log
  }
}

export async function trainNodeNlp(examples: NodeNlpExample[], pipeline: NodeNlpPipeline = 'jieba'): Promise<NlpLike> {
  return quietly(async () => {
    const nlp = await createNlp(pipeline)
    for (const e of examples) nlp.addDocument('zh', e.text, e.label)
    await nlp.train()
    return nlp
  })
}

export function exportNodeNlp(nlp: NlpLike): string {
  return nlp.export(true)
}

export interface NodeNlpRunner {
  rank(tokens: string[]): Ranked<string>[]
}

/** A synchronous scorer over an exported jieba-pipeline model. */
export async function nodeNlpRunner(exported: string, labels: string[]): Promise<NodeNlpRunner> {
  const nlp = await quietly(async () => {
    const n = await createNlp('jieba')
    n.import(exported)
    return n
  })
  const nlu = nlp.nluManager.domainManagers.zh?.domains.master_domain
  const net = nlu?.neuralNetwork
  if (!nlu || !net) throw new Error('node-nlp model has no trained network')
  const uniform = labels.map((label) => ({ label, score: 1 / labels.length }))
  return {
    rank(tokens) {
      const input: Record<string, number> = {}
      for (const t of tokens) if (nlu.features[t]) input[t] = 1
      if (Object.keys(input).length === 0) return uniform
      const out = net.run(input) ?? {}
      // Same squaring normalisation node-nlp applies in normalizeClassifications.
      let total = 0
      const sq = labels.map((label) => {
        const v = Math.max(0, out[label] ?? 0) ** 2
        total += v
        return { label, score: v }
      })
      if (total <= 0) return uniform
      return sq.map((r) => ({ label: r.label, score: r.score / total })).sort((a, b) => b.score - a.score)
    },
  }
}

/** The async node-nlp path as a stock user would call it (baseline in npm run eval). */
export async function processNodeNlp(nlp: NlpLike, text: string): Promise<Ranked<string>[]> {
  const r = await nlp.process('zh', text)
  return r.classifications.map((c) => ({ label: c.intent, score: c.score }))
}
