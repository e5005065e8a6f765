// Loads a statutes folder laid out like /work/shared/data/statutes (index.json + markdown files).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SuyuanError } from '../../core/errors.js'
import { parseStatuteMarkdown, type StatuteRecord } from './statute-parse.js'

interface IndexEntry {
  lecoqa_law?: string
  title: string
  part?: string | null
  path: string
}

export interface StatuteDir {
  /** distinct full law names */
  laws: string[]
  records: StatuteRecord[]
}

export function loadStatuteDir(dir: string): StatuteDir {
  let index: IndexEntry[]
  try {
    index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as IndexEntry[]
  } catch (e) {
    throw new SuyuanError('BAD_INPUT', `cannot read ${join(dir, 'index.json')}: ${(e as Error).message}`)
  }
  if (!Array.isArray(index)) throw new SuyuanError('BAD_INPUT', 'index.json must be an array')
  const records: StatuteRecord[] = []
  const laws = new Set<string>()
  for (const e of index) {
    if (typeof e.title !== 'string' || typeof e.path !== 'string')
      throw new SuyuanError('BAD_INPUT', 'index.json entries need title and path')
    const md = readFileSync(join(dir, e.path), 'utf8')
    laws.add(e.title)
    records.push(
      ...parseStatuteMarkdown(md, {
        law: e.title,
        shortName: e.lecoqa_law ?? e.title.replace(/^中华人民共和国/, ''),
        part: e.part ?? null,
        source: e.path,
      }),
    )
  }
  return { laws: [...laws], records }
}
