// Parses the LawRefBook markdown layout of /work/shared/data/statutes (see its README): one record per
// article, with the 编/章/节 headings it sits under (useful as a title field for retrieval).
import { chineseToInt } from './cn-numerals.js'

export interface StatuteRecord {
  /** full official name, e.g. 中华人民共和国民法典 */
  law: string
  /** the name LeCoQA and citizens use, e.g. 劳动合同法 */
  shortName: string
  article: number
  /** '' or 之一 / 之二 … */
  suffix: string
  /** paragraphs joined by '\n' */
  text: string
  /** headings above the article, outermost first, e.g. ['婚姻家庭编', '第四章 离婚'] */
  headings: string[]
  /** file path relative to the statutes folder */
  source: string
}

export interface StatuteFileMeta {
  law: string
  shortName: string
  /** 民法典 part-files: the part name (婚姻家庭编), prepended to headings */
  part?: string | null
  source: string
}

const ARTICLE = /^第([零一二三四五六七八九十百千]+)条(之[一二三四五六七八九十]+)?[ \u3000]+(.*)$/
const HEADING = /^(#+)\s*(.*)$/

export function parseStatuteMarkdown(md: string, meta: StatuteFileMeta): StatuteRecord[] {
  const lines = md.split(/\r?\n/)
  const infoEnd = lines.findIndex((l) => l.trim() === '<!-- INFO END -->')
  const body = infoEnd >= 0 ? lines.slice(infoEnd + 1) : lines
  const out: StatuteRecord[] = []
  // heading stack indexed by markdown depth (## = 2 …)
  const stack: string[] = []
  let cur: StatuteRecord | null = null
  const flush = () => {
    if (cur) out.push({ ...cur, text: cur.text.trim() })
    cur = null
  }
  for (const raw of body) {
    const line = raw.trim()
    if (line === '') continue
    const h = HEADING.exec(line)
    if (h) {
      flush()
      const depth = h[1]!.length
      stack.length = Math.max(0, depth - 2)
      stack[depth - 2] = h[2]!.replace(/[\s\u3000]+/g, ' ').trim()
      continue
    }
    const a = ARTICLE.exec(line)
    if (a) {
      flush()
      const headings = stack.filter((s): s is string => typeof s === 'string' && s !== '')
      cur = {
        law: meta.law,
        shortName: meta.shortName,
        article: chineseToInt(a[1]!),
        suffix: a[2] ?? '',
        text: a[3]!.trim(),
        headings: meta.part ? [meta.part, ...headings] : headings,
        source: meta.source,
      }
      continue
    }
    // a later paragraph or item of the current article; text before the first article is preamble
    if (cur) (cur as StatuteRecord).text += '\n' + line
  }
  flush()
  return out
}
