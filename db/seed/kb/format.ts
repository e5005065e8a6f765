// The text format of one 以案释法 article (content/kb/<domain>/<slug>.md): a header between two `---` lines,
// then four sections with Chinese headings. Pure: no file system here (db/seed/kb/files.ts reads the folder).
//
//   ---
//   title: 协议离婚不成，还能起诉离婚吗
//   domain: marriage_family
//   intent: filing                 ← optional; absent means consult
//   slug: marriage-divorce-agreement-or-lawsuit
//   questions:
//     - 离婚对方不同意咋办
//     - 俺跟老公分居快三年了他就是不离 法院能判离不
//   ---
//
//   ## 案情
//   (text)
//   ## 裁判结果
//   (text)
//   ## 法条
//   - 《中华人民共和国民法典》第1079条
//   - 《中华人民共和国刑法》第133条之一
//   ## 提示
//   (text)
//
// Header values are plain text to the end of the line (no quoting). Law references are written once, in the
// 法条 section, one 《法名》第N条 per line (N in Arabic digits; Chinese numerals such as 第一千零七十九条 are
// read too). serializeKbArticle writes the canonical form; parseKbArticle(serializeKbArticle(a)) deep-equals a.
import { SuyuanError } from '../../../core/errors.js'
import type { Domain, Intent } from '../../../core/labels.js'
import type { KbSeedArticle } from './types.js'

export const KB_SECTIONS = { facts: '案情', ruling: '裁判结果', lawRefs: '法条', tips: '提示' } as const
export type KbSectionField = keyof typeof KB_SECTIONS

const SECTION_NAMES = new Set<string>(Object.values(KB_SECTIONS))
const HEADER_KEYS = ['title', 'domain', 'intent', 'slug', 'questions'] as const
type HeaderKey = (typeof HEADER_KEYS)[number]

/** The line (1-based) where each field was written; for error messages that point into the file. */
export type KbFieldLines = Partial<Record<keyof KbSeedArticle, number>>

export interface ParsedKbArticle {
  article: KbSeedArticle
  /** line of each field's key or section heading */
  lines: KbFieldLines
}

/** A problem in an article file: which file, which line (1-based), what. */
export class KbFormatError extends SuyuanError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super('BAD_INPUT', `${file}:${line}: ${problem}`, { file, line, problem })
    this.name = 'KbFormatError'
  }
}

type LawRef = KbSeedArticle['lawRefs'][number]

/**
 * The heading text when `line` is a section heading: one to six # then a space, as in Markdown, or a known
 * section name right after the # ("##提示" is a heading too, so a forgotten space cannot hide a section).
 */
function headingOf(line: string): string | null {
  const m = /^\s*#{1,6}(\s+)?(.*)$/.exec(line)
  if (!m) return null
  const name = m[2]!.trim()
  if (m[1] !== undefined || SECTION_NAMES.has(name)) return name
  return null
}
const SUFFIX = /^之[一二三四五六七八九十]+$/

/** 《中华人民共和国民法典》第1079条, 《中华人民共和国刑法》第133条之一 */
export function formatLawRef(r: LawRef): string {
  return `《${r.law}》第${r.article}条${r.suffix ?? ''}`
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }

/** 一千零七十九 → 1079, 十 → 10, 二十三 → 23; null when it is not a Chinese numeral below 10000. */
export function parseChineseNumeral(s: string): number | null {
  if (s === '') return null
  let total = 0
  let digit: number | null = null
  for (const ch of s) {
    if (ch === '零' || ch === '〇') {
      if (digit !== null) return null
    } else if (ch in CN_DIGITS) {
      if (digit !== null) return null // two digits in a row (一二) is not a number here
      digit = CN_DIGITS[ch]!
    } else if (ch in CN_UNITS) {
      total += (digit ?? (total === 0 ? 1 : NaN)) * CN_UNITS[ch]!
      if (Number.isNaN(total)) return null
      digit = null
    } else return null
  }
  return total + (digit ?? 0)
}

/** Reads one 法条 line (a leading "- " is allowed). Returns an error message instead of throwing. */
export function parseLawRef(line: string): LawRef | string {
  const text = line.replace(/^[-*]\s*/, '').trim()
  const m = /^《(.+)》第(\d+|[零〇一二两三四五六七八九十百千]+)条(之[一二三四五六七八九十]+)?$/.exec(text)
  if (!m) return `law reference must look like 《中华人民共和国民法典》第1079条 (got "${text}")`
  const article = /^\d+$/.test(m[2]!) ? Number(m[2]) : parseChineseNumeral(m[2]!)
  if (article === null || !Number.isInteger(article) || article <= 0) return `bad article number "${m[2]}" in "${text}"`
  const ref: LawRef = { law: m[1]!, article }
  if (m[3]) ref.suffix = m[3]
  return ref
}

/** Why `a` cannot be written in this format without changing it on the way back (null: it can). */
export function unserializableReason(a: KbSeedArticle): string | null {
  const oneLine = (what: string, v: string): string | null =>
    /[\r\n]/.test(v) ? `${what} must be one line` : v !== v.trim() ? `${what} has spaces at its start or end` : v === '' ? `${what} is empty` : null
  for (const [what, v] of [
    ['title', a.title],
    ['domain', a.domain],
    ['slug', a.slug],
  ] as const) {
    const r = oneLine(what, v)
    if (r) return r
  }
  if (a.intent !== undefined) {
    const r = oneLine('intent', a.intent)
    if (r) return r
  }
  for (const q of a.exampleQuestions) {
    const r = oneLine(`question "${q}"`, q)
    if (r) return r
  }
  for (const f of ['facts', 'ruling', 'tips'] as const) {
    const v = a[f]
    if (v.includes('\r')) return `${f} contains a carriage return`
    if (v !== v.trim()) return `${f} has blank space at its start or end`
    if (v === '') return `${f} is empty`
    for (const l of v.split('\n')) {
      if (l !== l.trimEnd()) return `${f} has a line ending in spaces`
      if (headingOf(l) !== null) return `${f} has a line that reads as a section heading ("${l}")`
    }
  }
  for (const r of a.lawRefs) {
    const back = parseLawRef(formatLawRef(r))
    if (typeof back === 'string') return back
    if (back.law !== r.law || back.article !== r.article || back.suffix !== r.suffix) return `law reference ${formatLawRef(r)} does not read back as written`
    if (r.suffix !== undefined && !SUFFIX.test(r.suffix)) return `law reference suffix must be 之一, 之二, … (got "${r.suffix}")`
  }
  return null
}

/** The canonical text of an article. Throws BAD_INPUT when the article cannot be written faithfully. */
export function serializeKbArticle(a: KbSeedArticle): string {
  const why = unserializableReason(a)
  if (why) throw new SuyuanError('BAD_INPUT', `${a.slug}: ${why}`)
  const out = ['---', `title: ${a.title}`, `domain: ${a.domain}`]
  if (a.intent !== undefined) out.push(`intent: ${a.intent}`)
  out.push(`slug: ${a.slug}`, 'questions:')
  for (const q of a.exampleQuestions) out.push(`  - ${q}`)
  out.push('---', '')
  out.push(`## ${KB_SECTIONS.facts}`, '', a.facts, '')
  out.push(`## ${KB_SECTIONS.ruling}`, '', a.ruling, '')
  out.push(`## ${KB_SECTIONS.lawRefs}`, '')
  for (const r of a.lawRefs) out.push(`- ${formatLawRef(r)}`)
  out.push('')
  out.push(`## ${KB_SECTIONS.tips}`, '', a.tips, '')
  return out.join('\n')
}

/** Reads one article. Throws KbFormatError (file and line) on the first structural problem. */
export function parseKbArticle(text: string, file = '<article>'): KbSeedArticle {
  return parseKbArticleWithLines(text, file).article
}

/**
 * Reads one article and where each field was written. Only the structure is checked here; whether the domain,
 * intent and slug are valid is checked by checkKbArticle (db/seed/kb/check.ts), which the loader runs.
 */
export function parseKbArticleWithLines(text: string, file = '<article>'): ParsedKbArticle {
  const fail = (line: number, problem: string): never => {
    throw new KbFormatError(file, line, problem)
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const at: KbFieldLines = {}

  // ---- header ----
  let i = 0
  while (i < lines.length && lines[i]!.trim() === '') i++
  if (i >= lines.length || lines[i]!.trim() !== '---') fail(i + 1, 'the file must start with a "---" line, then the header (title, domain, intent, slug, questions), then "---"')
  const headerStart = i + 1
  i++
  const header: Partial<Record<Exclude<HeaderKey, 'questions'>, string>> = {}
  let questions: string[] | null = null
  let inQuestions = false
  let closed = false
  for (; i < lines.length; i++) {
    const raw = lines[i]!
    const line = raw.trim()
    const n = i + 1
    if (line === '---') {
      closed = true
      i++
      break
    }
    if (headingOf(line) !== null && SECTION_NAMES.has(headingOf(line)!)) fail(headerStart, `the header is not closed by a "---" line before "${line}"`)
    if (line === '' || line.startsWith('#')) continue
    if (/^[-*](\s|$)/.test(line)) {
      if (!inQuestions) fail(n, 'a list item ("- …") in the header must follow "questions:"')
      const q = line.replace(/^[-*]\s*/, '').trim()
      if (q === '') fail(n, 'empty question')
      questions!.push(q)
      continue
    }
    const m = /^([A-Za-z_]+)\s*[:：]\s*(.*)$/.exec(line)
    if (!m) fail(n, `header lines are "key: value" (title, domain, intent, slug, questions) — got "${line}"`)
    const key = m![1]!.toLowerCase()
    const value = m![2]!.trim()
    if (!(HEADER_KEYS as readonly string[]).includes(key)) fail(n, `unknown header key "${m![1]}" (expected title, domain, intent, slug or questions)`)
    if (key === 'questions' ? questions !== null : header[key as Exclude<HeaderKey, 'questions'>] !== undefined) fail(n, `"${key}" is given twice`)
    inQuestions = key === 'questions'
    if (key === 'questions') {
      if (value !== '') fail(n, 'write each question on its own line under "questions:", starting with "- "')
      questions = []
      at.exampleQuestions = n
    } else {
      if (value === '') fail(n, `"${key}" is empty`)
      header[key as Exclude<HeaderKey, 'questions'>] = value
      at[key === 'intent' ? 'intent' : (key as 'title' | 'domain' | 'slug')] = n
    }
  }
  if (!closed) fail(headerStart, 'the header is not closed by a "---" line')
  for (const k of ['title', 'domain', 'slug'] as const) if (header[k] === undefined) fail(headerStart, `the header has no "${k}:" line`)
  if (questions === null) fail(headerStart, 'the header has no "questions:" list')

  // ---- sections ----
  const byHeading = new Map<string, KbSectionField>(Object.entries(KB_SECTIONS).map(([f, h]) => [h, f as KbSectionField]))
  const body: Partial<Record<KbSectionField, string[]>> = {}
  let current: KbSectionField | null = null
  for (; i < lines.length; i++) {
    const line = lines[i]!.trimEnd()
    const n = i + 1
    const name = headingOf(line)
    if (name !== null) {
      const field = byHeading.get(name)
      if (!field) fail(n, `unknown section "${line.trim()}" (expected ## 案情, ## 裁判结果, ## 法条 or ## 提示)`)
      if (body[field!]) fail(n, `section "## ${name}" is given twice`)
      current = field!
      body[current] = []
      at[current] = n
      continue
    }
    if (current === null) {
      if (line.trim() !== '') fail(n, 'text after the header must be under a section heading (## 案情, ## 裁判结果, ## 法条, ## 提示)')
      continue
    }
    body[current]!.push(line)
  }
  const sectionText = (f: Exclude<KbSectionField, 'lawRefs'>): string => {
    const ls = body[f]
    if (!ls) return fail(lines.length, `section "## ${KB_SECTIONS[f]}" is missing`)
    const t = ls.join('\n').trim()
    if (t === '') fail(at[f]!, `section "## ${KB_SECTIONS[f]}" is empty`)
    return t
  }
  const facts = sectionText('facts')
  const ruling = sectionText('ruling')
  const tips = sectionText('tips')
  const lawLines = body.lawRefs
  if (!lawLines) fail(lines.length, `section "## ${KB_SECTIONS.lawRefs}" is missing`)
  const lawRefs: LawRef[] = []
  lawLines!.forEach((l, k) => {
    if (l.trim() === '') return
    const r = parseLawRef(l)
    if (typeof r === 'string') fail(at.lawRefs! + 1 + k, r)
    lawRefs.push(r as LawRef)
  })

  const article: KbSeedArticle = {
    slug: header.slug!,
    title: header.title!,
    domain: header.domain as Domain,
    ...(header.intent !== undefined ? { intent: header.intent as Intent } : {}),
    facts,
    ruling,
    lawRefs,
    tips,
    exampleQuestions: questions!,
  }
  return { article, lines: at }
}
