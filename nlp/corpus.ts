// Loads what the models learn from: our txt corpora (nlp/corpus/train/<kind>/<label>.txt) and every KB
// article's example questions (content/kb/<domain>/<slug>.md). Dev sets are loaded by the eval only.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDomain, isIntent, RISK_KINDS, type Domain, type Intent, type RiskKind } from '../core/labels.js'
// the KB file reader is pure (node:fs and core/ only), so the model trains on the same files the seed reads
import { formatKbProblem, KB_CONTENT_DIR, readKbFiles } from '../db/seed/kb/files.js'

const HERE = dirname(fileURLToPath(import.meta.url))
export const CORPUS_DIR = join(HERE, 'corpus')
export { KB_CONTENT_DIR }
/** @deprecated the KB moved to content/kb; kept as an alias of KB_CONTENT_DIR */
export const KB_SEED_DIR = KB_CONTENT_DIR

export interface LabeledText<L extends string = string> {
  text: string
  label: L
}

/** One sentence per line; blank lines and `#` comments ignored. */
export function readLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
}

/** Every `<label>.txt` in a folder whose name passes `accept`. Missing folder → []. */
export function readLabelFolder<L extends string>(dir: string, accept: (s: string) => s is L): LabeledText<L>[] {
  if (!existsSync(dir)) return []
  const out: LabeledText<L>[] = []
  for (const f of readdirSync(dir).sort()) {
    const label = f.replace(/\.txt$/, '')
    if (!f.endsWith('.txt') || !accept(label)) continue
    for (const text of readLines(join(dir, f))) out.push({ text, label })
  }
  return out
}

export function readJsonl<T>(file: string): T[] {
  if (!existsSync(file)) return []
  return readLines(file).map((l) => JSON.parse(l) as T)
}

export interface KbQuestion {
  text: string
  intent: Intent
  domain: Domain
}

/**
 * Example questions of all KB articles (content/kb/<domain>/<slug>.md), in file-path order. Tolerates a missing
 * folder and files with problems (being written): a file that cannot be read is skipped and logged; an article
 * with an unknown domain is skipped.
 */
export async function loadKbQuestions(dir = KB_CONTENT_DIR, log?: (m: string) => void): Promise<KbQuestion[]> {
  if (!existsSync(dir)) return []
  const { entries, problems } = readKbFiles(dir)
  for (const p of problems) log?.(`kb content: ${formatKbProblem(p)}`)
  const out: KbQuestion[] = []
  const seenSlugs = new Set<string>()
  for (const { article: a } of entries) {
    if (!isDomain(a.domain) || seenSlugs.has(a.slug)) continue
    seenSlugs.add(a.slug)
    const intent = isIntent(a.intent) ? a.intent : 'consult'
    for (const q of a.exampleQuestions) if (q.trim()) out.push({ text: q.trim(), intent, domain: a.domain })
  }
  return out
}

// The risk kinds live with the other label sets (core/labels.ts); re-exported here for existing importers.
export { RISK_KINDS, type RiskKind } from '../core/labels.js'
export const isRiskKindOrNone = (s: string): s is RiskKind | 'none' => s === 'none' || (RISK_KINDS as readonly string[]).includes(s)

export interface TrainingData {
  intents: LabeledText<Intent>[]
  domains: LabeledText<Domain>[]
  risk: LabeledText<RiskKind | 'none'>[]
}

export const DOMAIN_TERMS_FILE = join(HERE, 'dict', 'domain-terms.txt')

/** Our per-domain vocabulary (nlp/dict/domain-terms.txt), one training example per term. */
export function readDomainTerms(file = DOMAIN_TERMS_FILE): LabeledText<Domain>[] {
  if (!existsSync(file)) return []
  const out: LabeledText<Domain>[] = []
  for (const line of readLines(file)) {
    const m = /^([a-z_]+):\s*(.*)$/.exec(line)
    if (!m || !isDomain(m[1])) continue
    for (const term of (m[2] ?? '').split(/\s+/)) if (term) out.push({ text: term, label: m[1] })
  }
  return out
}

export async function loadTrainingData(log?: (m: string) => void): Promise<TrainingData> {
  const intents = readLabelFolder(join(CORPUS_DIR, 'train', 'intent'), isIntent)
  const domains = [
    ...readLabelFolder(join(CORPUS_DIR, 'train', 'domain'), isDomain),
    // our own longer, story-like domain sentences (the domain engineer owns train/domain)
    ...readLabelFolder(join(CORPUS_DIR, 'train', 'domain-extra'), isDomain),
    ...readDomainTerms(),
  ]
  const risk = readLabelFolder(join(CORPUS_DIR, 'train', 'risk'), isRiskKindOrNone)
  for (const q of await loadKbQuestions(KB_CONTENT_DIR, log)) {
    intents.push({ text: q.text, label: q.intent })
    domains.push({ text: q.text, label: q.domain })
  }
  return { intents, domains, risk }
}
