// Loads every 以案释法 seed file in this folder (each `export const articles: KbSeedArticle[]`, or a default
// export array), checks them, and seeds them for a court.
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { isDomain, isIntent } from '../../../core/labels.js'
import { SuyuanError } from '../../../core/errors.js'
import type { Db } from '../../client.js'
import { seedKbArticles } from '../../repositories/kb.js'
import type { KbSeedArticle } from './types.js'

const HERE = dirname(fileURLToPath(import.meta.url))
const SKIP = new Set(['index', 'types'])

/** Problems with a set of seed articles (empty when all is well). Pure. */
export function checkKbSeedArticles(articles: readonly KbSeedArticle[]): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const a of articles) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(a.slug)) problems.push(`${a.slug}: slug must be kebab-case`)
    if (seen.has(a.slug)) problems.push(`${a.slug}: duplicate slug`)
    seen.add(a.slug)
    if (!isDomain(a.domain)) problems.push(`${a.slug}: unknown domain ${a.domain}`)
    if (a.intent !== undefined && !isIntent(a.intent)) problems.push(`${a.slug}: unknown intent ${a.intent}`)
    for (const f of ['title', 'facts', 'ruling', 'tips'] as const)
      if (typeof a[f] !== 'string' || a[f].trim() === '') problems.push(`${a.slug}: empty ${f}`)
    if (!Array.isArray(a.lawRefs)) problems.push(`${a.slug}: lawRefs missing`)
    if (!Array.isArray(a.exampleQuestions) || a.exampleQuestions.length === 0) problems.push(`${a.slug}: no example questions`)
  }
  return problems
}

/** Every article of every seed file in this folder, in file-name order. Throws BAD_INPUT on problems. */
export async function loadKbSeedArticles(dir = HERE): Promise<KbSeedArticle[]> {
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !SKIP.has(f.replace(/\.(ts|js)$/, '')))
    .sort()
  const out: KbSeedArticle[] = []
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { articles?: unknown; default?: unknown }
    const list = mod.articles ?? mod.default
    if (!Array.isArray(list)) throw new SuyuanError('BAD_INPUT', `${f}: export const articles: KbSeedArticle[] expected`)
    out.push(...(list as KbSeedArticle[]))
  }
  const problems = checkKbSeedArticles(out)
  if (problems.length > 0) throw new SuyuanError('BAD_INPUT', `KB seed problems:\n${problems.join('\n')}`, { problems })
  return out
}

/** Loads the seed files and seeds them for the court (idempotent by slug). */
export async function seedKb(db: Db, courtId: number): Promise<{ inserted: number; skipped: number }> {
  return seedKbArticles(db, courtId, await loadKbSeedArticles())
}
