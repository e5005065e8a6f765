// The shape of a 以案释法 article as staff write it in content/kb/<domain>/<slug>.md (db/seed/kb/format.ts). The seed loader turns these into
// kb_articles rows (status published, version 1). Content is ours: fictional parties (张某、李某), our own words.
import type { Domain, Intent } from '../../../core/labels.js'

export interface KbSeedArticle {
  /** stable kebab-case key, unique across all files, e.g. 'labor-no-written-contract-double-wage' */
  slug: string
  /** short headline a citizen understands, ≤ 24 characters */
  title: string
  domain: Domain
  /** the intent it answers; default 'consult' (use filing / enforcement / judicial_aid / petition / … for procedure articles) */
  intent?: Intent
  /** 案情: 80–200 characters, a short fictional case in plain words */
  facts: string
  /** 裁判结果: 60–150 characters, how the court (or mediation) decided and why */
  ruling: string
  /** 法条: full official law names, e.g. { law: '中华人民共和国民法典', article: 1079 } */
  lawRefs: { law: string; article: number; suffix?: string }[]
  /** 提示: 60–150 characters of practical tips (evidence to keep, deadlines, where to go) */
  tips: string
  /** ≥ 4 questions as citizens really write them (short, colloquial, some long), all different */
  exampleQuestions: string[]
}
