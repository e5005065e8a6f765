// Reads the 以案释法 knowledge base from content/kb/<domain>/<slug>.md (format: db/seed/kb/format.ts).
// Imports nothing from the database, so nlp/ (training on the example questions) can use it too.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SuyuanError } from '../../../core/errors.js'
import { checkKbArticle } from './check.js'
import { KbFormatError, parseKbArticleWithLines, type KbFieldLines } from './format.js'
import type { KbSeedArticle } from './types.js'

const HERE = dirname(fileURLToPath(import.meta.url))
/** The repository's top-level content/ folder. */
export const CONTENT_DIR = resolve(HERE, '..', '..', '..', 'content')
export const KB_CONTENT_DIR = join(CONTENT_DIR, 'kb')

export interface KbFileProblem {
  /** the file, relative to the working directory when inside it */
  file: string
  /** 1-based; 0 when the problem is about the file as a whole */
  line: number
  message: string
}

export interface KbFileEntry {
  file: string
  article: KbSeedArticle
  lines: KbFieldLines
}

export interface KbFilesResult {
  /** every file that could be read, in path order (articles with problems included) */
  entries: KbFileEntry[]
  problems: KbFileProblem[]
}

/** A path for messages: relative to the working directory when below it, else absolute. */
export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p
}

export const formatKbProblem = (p: KbFileProblem): string => (p.line > 0 ? `${p.file}:${p.line}: ${p.message}` : `${p.file}: ${p.message}`)

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Reads every article file under `dir` and reports every problem (format, rules, file placement, duplicate
 * slugs) with its file and line. Never throws for bad content. Layout: `<dir>/<domain>/<slug>.md`; files
 * directly in `dir` (README.md) and names starting with "." are not articles.
 */
export function readKbFiles(dir: string = KB_CONTENT_DIR): KbFilesResult {
  const entries: KbFileEntry[] = []
  const problems: KbFileProblem[] = []
  if (!existsSync(dir)) return { entries, problems: [{ file: displayPath(dir), line: 0, message: 'KB folder not found' }] }
  const folders = readdirSync(dir)
    .filter((f) => !f.startsWith('.') && statSync(join(dir, f)).isDirectory())
    .sort(byCodePoint)
  for (const folder of folders) {
    const files = readdirSync(join(dir, folder))
      .filter((f) => !f.startsWith('.'))
      .sort(byCodePoint)
    for (const f of files) {
      const path = join(dir, folder, f)
      const file = displayPath(path)
      if (!f.endsWith('.md')) {
        if (statSync(path).isFile() && !f.endsWith('~')) problems.push({ file, line: 0, message: 'not an article: article files end in .md' })
        continue
      }
      let parsed: { article: KbSeedArticle; lines: KbFieldLines }
      try {
        parsed = parseKbArticleWithLines(readFileSync(path, 'utf8'), file)
      } catch (e) {
        if (e instanceof KbFormatError) {
          problems.push({ file, line: e.line, message: e.problem })
          continue
        }
        throw e
      }
      const { article, lines } = parsed
      entries.push({ file, article, lines })
      for (const p of checkKbArticle(article)) problems.push({ file, line: lines[p.field] ?? 1, message: p.message })
      const slug = f.slice(0, -'.md'.length)
      if (article.slug !== slug) problems.push({ file, line: lines.slug ?? 1, message: `slug "${article.slug}" must match the file name (${slug}.md)` })
      if (article.domain !== folder) problems.push({ file, line: lines.domain ?? 1, message: `domain "${article.domain}" must match the folder (${folder}/)` })
    }
  }
  const firstFile = new Map<string, string>()
  for (const e of entries) {
    const other = firstFile.get(e.article.slug)
    if (other !== undefined) problems.push({ file: e.file, line: e.lines.slug ?? 1, message: `duplicate slug "${e.article.slug}" (also in ${other})` })
    else firstFile.set(e.article.slug, e.file)
  }
  return { entries, problems }
}

/**
 * Every article under `dir` (default content/kb), in path order. Throws SuyuanError BAD_INPUT listing every
 * problem as "file:line: message" (details.problems holds them as objects).
 */
export function loadKbArticlesFromFiles(dir: string = KB_CONTENT_DIR): KbSeedArticle[] {
  const { entries, problems } = readKbFiles(dir)
  if (problems.length > 0) {
    throw new SuyuanError('BAD_INPUT', `KB content problems:\n${problems.map(formatKbProblem).join('\n')}`, { problems })
  }
  return entries.map((e) => e.article)
}
