// The router (issue #5, 按责转办): which body takes a matter, and why, in the court's words. Pure over plain
// data loaded from the directory tables. Rules are data (routing_rules: priority, match, action, reason); this
// file only knows the generic mechanics: priority order, region scoping (a village resolves to its town's
// bodies), referral bodies (not the court's: no ticket), the duty unit and the catch-all.
import { SuyuanError } from './errors.js'
import { DOMAIN_NAMES, INTENT_NAMES, isDomain, isIntent, type Domain, type Intent } from './labels.js'

export type DirBodyKind = 'mediation' | 'court_queue' | 'referral'

export interface DirRegion {
  id: number
  code: string
  name: string
  kind: string
  parentId: number | null
  aliases: string[]
}

export interface DirBody {
  id: number
  code: string
  name: string
  kind: DirBodyKind
  /** dispute domains taken (empty: any) */
  domains: string[]
  /** intents taken (empty: any) */
  intents: string[]
  /** regions served (empty: the whole court's area) */
  regionIds: number[]
  contact: string
  isCatchAll: boolean
  isDutyUnit: boolean
  active: boolean
}

export interface RuleMatch {
  intents?: Intent[]
  domains?: Domain[]
  risk?: boolean
  /** any of these words in the citizen's text */
  textAny?: string[]
  /** the amount is known and at most this (元) */
  amountMax?: number
}

export type RuleAction =
  /** a named body (a referral body gives a referral, not a ticket) */
  | { type: 'body'; body: string }
  /**
   * the best active body (of `kind`) taking this intent + domain. scope 'region': only bodies serving the
   * citizen's region or an enclosing one; 'prefer': those first, else court-wide bodies.
   */
  | { type: 'select'; kind?: DirBodyKind; scope: 'region' | 'prefer' }
  | { type: 'duty' }
  | { type: 'catch_all' }
  /** sets a hint on the decision without deciding it */
  | { type: 'flag'; fastTrack: true }

export interface DirRule {
  id: number
  priority: number
  name: string
  match: RuleMatch
  action: RuleAction
  reason: string
  enabled: boolean
}

export interface Directory {
  regions: DirRegion[]
  bodies: DirBody[]
  rules: DirRule[]
}

export interface RouteRequest {
  intent: Intent
  domain: Domain
  regionId: number | null
  risk: boolean
  amount?: number | null
  text?: string
}

export type RouteDecision =
  | { kind: 'ticket'; bodyId: number; bodyCode: string; bodyName: string; reason: string; fastTrack: boolean; ruleName: string }
  | { kind: 'referral'; target: string; contact: string; reason: string }

/** The name of the catch-all step when no rule decided. */
export const CATCH_ALL_RULE = '兜底：诉讼服务中心分流'

// Glue words of the reason line; like DOMAIN_NAMES they are labels, the sentences live in the rules' data.
const WORDS = { dispute: '纠纷', happenedIn: '发生在', noPlace: '地点未说明', arrow: ' → ', noRuleReason: '暂无对应规则，先由诉讼服务中心分流' }

// ---- rule rows (JSON from the database) → typed rules ----

const strList = (v: unknown, what: string): string[] => {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new SuyuanError('BAD_INPUT', `规则的 ${what} 必须是字符串数组`)
  return v
}

export function parseRuleMatch(raw: unknown): RuleMatch {
  if (typeof raw !== 'object' || raw === null) throw new SuyuanError('BAD_INPUT', '规则的 match 必须是对象')
  const r = raw as Record<string, unknown>
  const m: RuleMatch = {}
  if (r.intents !== undefined) {
    const l = strList(r.intents, 'intents')
    if (!l.every(isIntent)) throw new SuyuanError('BAD_INPUT', `未知的意图：${l.filter((x) => !isIntent(x)).join('、')}`)
    m.intents = l
  }
  if (r.domains !== undefined) {
    const l = strList(r.domains, 'domains')
    if (!l.every(isDomain)) throw new SuyuanError('BAD_INPUT', `未知的纠纷类型：${l.filter((x) => !isDomain(x)).join('、')}`)
    m.domains = l
  }
  if (r.risk !== undefined) {
    if (typeof r.risk !== 'boolean') throw new SuyuanError('BAD_INPUT', '规则的 risk 必须是布尔值')
    m.risk = r.risk
  }
  if (r.textAny !== undefined) m.textAny = strList(r.textAny, 'textAny')
  if (r.amountMax !== undefined) {
    if (typeof r.amountMax !== 'number' || !(r.amountMax >= 0)) throw new SuyuanError('BAD_INPUT', '规则的 amountMax 必须是非负数')
    m.amountMax = r.amountMax
  }
  return m
}

export function parseRuleAction(raw: unknown): RuleAction {
  if (typeof raw !== 'object' || raw === null) throw new SuyuanError('BAD_INPUT', '规则的 action 必须是对象')
  const r = raw as Record<string, unknown>
  switch (r.type) {
    case 'body':
      if (typeof r.body !== 'string' || r.body === '') throw new SuyuanError('BAD_INPUT', '规则缺少目标单位代码')
      return { type: 'body', body: r.body }
    case 'select': {
      if (r.scope !== 'region' && r.scope !== 'prefer') throw new SuyuanError('BAD_INPUT', '规则的 scope 只能是 region 或 prefer')
      if (r.kind !== undefined && r.kind !== 'mediation' && r.kind !== 'court_queue' && r.kind !== 'referral') {
        throw new SuyuanError('BAD_INPUT', '规则的 kind 无效')
      }
      return r.kind === undefined ? { type: 'select', scope: r.scope } : { type: 'select', kind: r.kind, scope: r.scope }
    }
    case 'duty':
      return { type: 'duty' }
    case 'catch_all':
      return { type: 'catch_all' }
    case 'flag':
      if (r.fastTrack !== true) throw new SuyuanError('BAD_INPUT', '标记规则只支持 fastTrack')
      return { type: 'flag', fastTrack: true }
    default:
      throw new SuyuanError('BAD_INPUT', `未知的规则动作：${String(r.type)}`)
  }
}

// ---- prepared directory (memoised per Directory object; the router stays a pure function) ----

interface Prepared {
  /** deciding rules, highest priority first */
  rules: DirRule[]
  flags: DirRule[]
  regionById: Map<number, DirRegion>
  bodyByCode: Map<string, DirBody>
  active: DirBody[]
  duty: DirBody | undefined
  catchAll: DirBody | undefined
}

const prepared = new WeakMap<Directory, Prepared>()

function prepare(dir: Directory): Prepared {
  const hit = prepared.get(dir)
  if (hit) return hit
  const active = dir.bodies.filter((b) => b.active)
  const enabled = dir.rules.filter((r) => r.enabled).sort((a, b) => b.priority - a.priority || a.id - b.id)
  const p: Prepared = {
    rules: enabled.filter((r) => r.action.type !== 'flag'),
    flags: enabled.filter((r) => r.action.type === 'flag'),
    regionById: new Map(dir.regions.map((r) => [r.id, r])),
    bodyByCode: new Map(active.map((b) => [b.code, b])),
    active,
    duty: active.find((b) => b.isDutyUnit),
    catchAll: active.find((b) => b.isCatchAll),
  }
  prepared.set(dir, p)
  return p
}

/** The region and the regions enclosing it, innermost first (村 → 镇). */
function regionChain(regionId: number | null, p: Prepared): DirRegion[] {
  const chain: DirRegion[] = []
  let r = regionId === null ? undefined : p.regionById.get(regionId)
  while (r && chain.length < 8 && !chain.includes(r)) {
    chain.push(r)
    r = r.parentId === null ? undefined : p.regionById.get(r.parentId)
  }
  return chain
}

function matches(m: RuleMatch, req: RouteRequest): boolean {
  if (m.intents && !m.intents.includes(req.intent)) return false
  if (m.domains && !m.domains.includes(req.domain)) return false
  if (m.risk !== undefined && m.risk !== req.risk) return false
  if (m.textAny) {
    const text = req.text ?? ''
    if (!m.textAny.some((w) => text.includes(w))) return false
  }
  if (m.amountMax !== undefined && (req.amount == null || !(req.amount <= m.amountMax))) return false
  return true
}

const takes = (b: DirBody, req: RouteRequest): boolean =>
  (b.domains.length === 0 || b.domains.includes(req.domain)) && (b.intents.length === 0 || b.intents.includes(req.intent))

/** 属地: the body serving the innermost region of the chain wins; court-wide bodies only when allowed. */
function select(action: Extract<RuleAction, { type: 'select' }>, req: RouteRequest, chain: DirRegion[], p: Prepared): DirBody | undefined {
  let best: DirBody | undefined
  let bestDepth = Infinity
  let courtWide: DirBody | undefined
  for (const b of p.active) {
    if (action.kind && b.kind !== action.kind) continue
    if (b.isCatchAll || !takes(b, req)) continue
    if (b.regionIds.length === 0) {
      courtWide ??= b
      continue
    }
    const depth = chain.findIndex((r) => b.regionIds.includes(r.id))
    if (depth >= 0 && depth < bestDepth) {
      best = b
      bestDepth = depth
    }
  }
  return best ?? (action.scope === 'prefer' ? courtWide : undefined)
}

function target(action: RuleAction, req: RouteRequest, chain: DirRegion[], p: Prepared): DirBody | undefined {
  switch (action.type) {
    case 'body':
      return p.bodyByCode.get(action.body)
    case 'select':
      return select(action, req, chain, p)
    case 'duty':
      return p.duty
    case 'catch_all':
      return p.catchAll
    case 'flag':
      return undefined
  }
}

/** "物业服务纠纷" for disputes, "执行（民间借贷）" for other intents. */
export function matterLabel(intent: Intent, domain: Domain): string {
  const d = DOMAIN_NAMES[domain]
  if (intent === 'dispute') return /纠纷|争议$/.test(d) ? d : d + WORDS.dispute
  return domain === 'other' ? INTENT_NAMES[intent] : `${INTENT_NAMES[intent]}（${d}）`
}

/** "东风镇红旗村", or "" when unknown. */
export const placeLabel = (chain: DirRegion[]): string =>
  chain
    .slice()
    .reverse()
    .map((r) => r.name)
    .join('')

function reasonLine(req: RouteRequest, chain: DirRegion[], to: string, why: string): string {
  const place = placeLabel(chain)
  const where = place ? WORDS.happenedIn + place : WORDS.noPlace
  return `${matterLabel(req.intent, req.domain)}，${where}${WORDS.arrow}${to}：${why}`
}

export function route(req: RouteRequest, dir: Directory): RouteDecision {
  const p = prepare(dir)
  const chain = regionChain(req.regionId, p)
  // flags are hints, whatever their priority: they never decide where the matter goes
  const fastTrack = p.flags.some((r) => matches(r.match, req))
  for (const rule of p.rules) {
    if (!matches(rule.match, req)) continue
    const body = target(rule.action, req, chain, p)
    // a rule whose target is missing here (no local body, disabled unit) lets the next rule decide
    if (!body) continue
    const reason = reasonLine(req, chain, body.name, rule.reason)
    if (body.kind === 'referral') return { kind: 'referral', target: body.name, contact: body.contact, reason }
    return ticket(body, rule.name, reason, fastTrack)
  }
  if (!p.catchAll) throw new SuyuanError('NOT_FOUND', '没有配置兜底的诉讼服务中心，无法分流')
  return ticket(p.catchAll, CATCH_ALL_RULE, reasonLine(req, chain, p.catchAll.name, WORDS.noRuleReason), fastTrack)
}

const ticket = (b: DirBody, ruleName: string, reason: string, fastTrack: boolean): RouteDecision => ({
  kind: 'ticket',
  bodyId: b.id,
  bodyCode: b.code,
  bodyName: b.name,
  reason,
  fastTrack,
  ruleName,
})

/**
 * The region a citizen's words name (name or alias), the most specific when several match (乌兰嘎查 over
 * 白音苏木), the longest name otherwise. For intake: "我在白音乌兰嘎查" → 乌兰嘎查.
 */
export function findRegion(text: string, regions: DirRegion[]): DirRegion | null {
  let best: DirRegion | null = null
  let bestScore = -1
  const byId = new Map(regions.map((r) => [r.id, r]))
  for (const r of regions) {
    const len = Math.max(0, ...[r.name, ...r.aliases].filter((n) => n && text.includes(n)).map((n) => n.length))
    if (len === 0) continue
    let depth = 0
    for (let q = r.parentId === null ? undefined : byId.get(r.parentId); q && depth < 8; q = q.parentId === null ? undefined : byId.get(q.parentId)) depth++
    const score = depth * 1000 + len
    if (score > bestScore) {
      best = r
      bestScore = score
    }
  }
  return best
}
