// The 编/章/节 structure of the statutes as a retrieval unit. A citizen's question often names a topic that is
// a chapter title (留置权, 融资租赁合同, 劳动合同的解除) while the articles under it only say 留置 or 解除;
// scoring the section first and letting its articles inherit the score finds them. Pure.
import type { StatuteRecord } from './statute-parse.js'

export interface StatuteSection {
  /** law short name + the heading path, e.g. 中华人民共和国民法典|物权编/第十九章 留置权 */
  key: string
  /** the headings without their ordinal (第十九章 留置权 → 留置权), outermost first */
  titles: string[]
  /** indexes into the records array, in article order */
  members: number[]
}

const ORDINAL = /^第[零一二三四五六七八九十百千]+[编章节]\s*|^第[零一二三四五六七八九十]+分编\s*|^[一二三四五六七八九十]+、/

/** 第十九章 留置权 → 留置权; 肖 像 权 → 肖像权 (some files space out short titles). */
export function headingTitle(h: string): string {
  const t = h.replace(ORDINAL, '').trim()
  return /^(\S\s)+\S$/.test(t) ? t.replace(/\s/g, '') : t
}

/** Groups records by (law, full heading path). Records without headings form one section per law. */
export function groupSections(records: readonly StatuteRecord[]): { sections: StatuteSection[]; sectionOf: number[] } {
  const byKey = new Map<string, number>()
  const sectionOf: number[] = []
  const sections: StatuteSection[] = []
  records.forEach((r, i) => {
    const key = `${r.shortName}|${r.headings.join('/')}`
    let at = byKey.get(key)
    if (at === undefined) {
      at = sections.push({ key, titles: r.headings.map(headingTitle), members: [] }) - 1
      byKey.set(key, at)
    }
    sections[at]!.members.push(i)
    sectionOf.push(at)
  })
  return { sections, sectionOf }
}
