// Loads what the models learn from: our txt corpora (nlp/corpus/train/<kind>/<label>.txt) and every KB seed
// article's example questions (db/seed/kb/*.ts). Dev sets are loaded by the eval only.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { isDomain, isIntent, type Domain, type Intent } from '../core/labels.js'

const HERE = dirname(fileURLToPath(import.meta.url))
export const CORPUS_DIR = join(HERE, 'corpus')
export const KB_SEED_DIR = resolve(HERE, '..', 'db', 'seed', 'kb')

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

/** Example questions of all KB seed articles. Tolerates no seed files and files still being written. */
export async function loadKbQuestions(dir = KB_SEED_DIR, log?: (m: string) => void): Promise<KbQuestion[]> {
  if (!existsSync(dir)) return []
  const out: KbQuestion[] = []
  // A file may export the same articles twice (named and default): count each article once.
  const seenSlugs = new Set<string>()
  for (const f of readdirSync(dir).sort()) {
    // .ts in the source tree, .js in the compiled build (npm run build)
    if (!/\.(ts|js)$/.test(f) || f.endsWith('.d.ts') || /^(types|index)\.(ts|js)$/.test(f)) continue
    let mod: Record<string, unknown>
    try {
      mod = (await import(pathToFileURL(join(dir, f)).href)) as Record<string, unknown>
    } catch (e) {
      log?.(`kb seed ${f} skipped: ${(e as Error).message}`)
      continue
    }
    for (const v of Object.values(mod)) {
      if (!Array.isArray(v)) continue
      for (const a of v as unknown[]) {
        if (typeof a !== 'object' || a === null) continue
        const art = a as { slug?: unknown; domain?: unknown; intent?: unknown; exampleQuestions?: unknown }
        if (!isDomain(art.domain) || !Array.isArray(art.exampleQuestions)) continue
        if (typeof art.slug === 'string') {
          if (seenSlugs.has(art.slug)) continue
          seenSlugs.add(art.slug)
        }
        const intent = isIntent(art.intent) ? art.intent : 'consult'
        for (const q of art.exampleQuestions) if (typeof q === 'string' && q.trim()) out.push({ text: q.trim(), intent, domain: art.domain })
      }
    }
  }
  return out
}

export const RISK_KINDS = ['self_harm', 'violence', 'domestic_violence', 'group_protest', 'escalation'] as const
export type RiskKind = (typeof RISK_KINDS)[number]
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
  for (const q of await loadKbQuestions(KB_SEED_DIR, log)) {
    intents.push({ text: q.text, label: q.intent })
    domains.push({ text: q.text, label: q.domain })
  }
  return { intents, domains, risk }
}
