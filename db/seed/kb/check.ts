// The rules every 以案释法 seed article must pass, whatever it was read from. Pure.
import { isDomain, isIntent } from '../../../core/labels.js'
import type { KbSeedArticle } from './types.js'

export interface KbArticleProblem {
  /** the field at fault (for pointing at its line in a file) */
  field: keyof KbSeedArticle
  message: string
}

/** Problems of one article on its own (duplicates across articles are checked by checkKbSeedArticles). */
export function checkKbArticle(a: KbSeedArticle): KbArticleProblem[] {
  const problems: KbArticleProblem[] = []
  if (typeof a.slug !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(a.slug)) problems.push({ field: 'slug', message: 'slug must be kebab-case' })
  if (!isDomain(a.domain)) problems.push({ field: 'domain', message: `unknown domain ${a.domain}` })
  if (a.intent !== undefined && !isIntent(a.intent)) problems.push({ field: 'intent', message: `unknown intent ${a.intent}` })
  for (const f of ['title', 'facts', 'ruling', 'tips'] as const)
    if (typeof a[f] !== 'string' || a[f].trim() === '') problems.push({ field: f, message: `empty ${f}` })
  if (!Array.isArray(a.lawRefs)) problems.push({ field: 'lawRefs', message: 'lawRefs missing' })
  if (!Array.isArray(a.exampleQuestions) || a.exampleQuestions.length === 0) problems.push({ field: 'exampleQuestions', message: 'no example questions' })
  else {
    const seen = new Set<string>()
    for (const q of a.exampleQuestions) {
      if (seen.has(q)) problems.push({ field: 'exampleQuestions', message: `example question given twice: ${q}` })
      seen.add(q)
    }
  }
  return problems
}

/** Problems with a set of seed articles (empty when all is well), each as "<slug>: <problem>". Pure. */
export function checkKbSeedArticles(articles: readonly KbSeedArticle[]): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const a of articles) {
    const own = checkKbArticle(a)
    for (const p of own.filter((p) => p.field === 'slug')) problems.push(`${a.slug}: ${p.message}`)
    if (seen.has(a.slug)) problems.push(`${a.slug}: duplicate slug`)
    seen.add(a.slug)
    for (const p of own.filter((p) => p.field !== 'slug')) problems.push(`${a.slug}: ${p.message}`)
  }
  return problems
}
