// Features for our own linear models: jieba words plus character bigrams. Bigrams let the model generalise
// over typos and words jieba splits oddly (欠了工资 / 工资欠了 share 工资), which matters for citizens' writing.
// The domain model also gets one feature per hit of our domain vocabulary (nlp/dict/domain-terms.txt).
import { readFileSync } from 'node:fs'
import { riskEntities } from './risk.js'
import { tokenize } from './tokenize.js'

const HAN = /\p{Script=Han}/u

// Markers that separate a citizen's own dispute from a general question, and filing from both. Each hit is one
// `m:` feature; the model learns how much each is worth.
const MARKERS: [string, RegExp][] = [
  // the writer's own story: my family, our village, past events, how long it has gone on
  ['story', /(我家|我们家|我们村|我们小区|我们厂|我们公司|我们这|我爸|我妈|我老公|我媳妇|我老婆|我丈夫|我儿子|我闺女|我女儿|我哥|我弟|我姐|我妹|隔壁|邻居|楼上|楼下|去年|前年|上个月|上个礼拜|前几天|好几年|好几次|好几回|好几个月|一直|到现在|至今|说好的|不认账|不肯|不给|不还|不退|不赔|不管|推来推去)/g],
  // asks for action: look into it, judge between us, mediate, help me, send someone
  ['act', /(管管|管一管|评评理|评理|帮我|帮帮|帮忙|帮着|调解|协调|出面|说和|做主|讨(个)?(说法|公道)|要回来|找(个)?人(处理|来|帮)|派(个)?人|处理一下|处理这|想想办法|催一下|给个说法|主持公道|来看看|帮我们)/g],
  // a general question about the law
  ['general', /(合法吗|违法吗|犯法吗|合理吗|算不算|有没有效|有效吗|还有效|一般(怎么|能|是|按|会)|怎么算|怎么分|怎么判|能要|能拿|能赔|要不要|该不该|有没有(责任|份)|负什么责任|要负|法律上|有什么规定|法律规定|能不能要|几倍|属于|请问|想问(问|一下)?|问一下)/g],
  // filing: how and where to sue
  ['file', /(起诉|告(他|她|他们|我|对方|公司|老板|开发商|医院|物业|一个|人|我们)|去哪(个|里|儿)?.{0,3}告|哪个法院|哪里告|立案|诉状|诉讼费|打官司|递材料|交材料|要带|带什么|要准备|准备什么|什么材料|哪些材料|第一步)/g],
]

const QUESTION = /(吗|么|呢|\?|？|怎么|咋|如何|能不能|可不可以|可以|是否|有没有|什么|多少|几|哪|谁|要不要|该不该|会不会|算不算)/

/** `m:<name>` once per marker hit. */
export function markerFeatures(normalized: string): string[] {
  const out: string[] = []
  // Too little text to say anything about (noise, a lone "？"): no markers, so the model's "nothing known"
  // fallback still applies.
  if ((normalized.match(/\p{Script=Han}/gu) ?? []).length < 4) return out
  for (const [name, re] of MARKERS) for (const _ of normalized.matchAll(re)) out.push(`m:${name}`)
  const has = (n: string): boolean => out.includes(`m:${n}`)
  // A general question asks something; a story told to be handled often asks nothing at all.
  if (!QUESTION.test(normalized)) out.push('m:noq')
  if (has('story') && !has('general')) out.push('m:story-only')
  if (has('story') && has('act')) out.push('m:story+act')
  if (has('act') && !has('story')) out.push('m:act-only')
  // risk entities: a group, a destination above the local level, a weapon
  const e = riskEntities(normalized)
  if (e.groups.length) out.push('m:group')
  if (e.destinations.length) out.push('m:dest')
  if (e.highDestinations.length) out.push('m:high')
  if (e.weapons.length) out.push('m:weapon')
  return out
}

/** Feature list of normalised text (duplicates kept: counts matter a little). */
export function featuresOf(normalized: string, tokens: string[] = tokenize(normalized)): string[] {
  const out: string[] = markerFeatures(normalized)
  for (const t of tokens) {
    // Long digit runs are ids/amounts: keep their shape only.
    out.push(/^\d{3,}$/.test(t) ? 'w:#num' : `w:${t}`)
  }
  let prev = ''
  for (const ch of normalized) {
    if (HAN.test(ch)) {
      if (prev) out.push(`b:${prev}${ch}`)
      prev = ch
    } else {
      prev = ''
    }
  }
  return out
}

const TERMS_FILE = new URL('./dict/domain-terms.txt', import.meta.url)
/** term → domains it belongs to (nlp/dict/domain-terms.txt). */
const TERM_DOMAINS = new Map<string, string[]>()
for (const line of readFileSync(TERMS_FILE, 'utf8').split(/\r?\n/)) {
  const m = /^([a-z_]+):\s*(.*)$/.exec(line.trim())
  if (!m) continue
  for (const term of (m[2] ?? '').split(/\s+/)) {
    if (!term) continue
    const ds = TERM_DOMAINS.get(term) ?? []
    if (!ds.includes(m[1] as string)) ds.push(m[1] as string)
    TERM_DOMAINS.set(term, ds)
  }
}
const termRe = new RegExp(
  [...TERM_DOMAINS.keys()].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'g',
)

/**
 * One `lex:<domain>` feature per vocabulary term found. The model learns one weight per domain for these,
 * so a term no training sentence happens to contain still counts for its domain.
 */
export function lexiconFeatures(normalized: string): string[] {
  const out: string[] = []
  for (const m of normalized.matchAll(termRe)) for (const d of TERM_DOMAINS.get(m[0]) ?? []) out.push(`lex:${d}`)
  return out
}

/** Features for the domain model: words, bigrams and vocabulary-lexicon hits. */
export function domainFeaturesOf(normalized: string, tokens: string[] = tokenize(normalized)): string[] {
  return [...featuresOf(normalized, tokens), ...lexiconFeatures(normalized)]
}
