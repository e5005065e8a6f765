// The label sets every part of suyuan shares (issue #2 "Labels").
// Keep these in one place: the model, the router, the KB and the API all speak them.

export const INTENTS = [
  'consult', // a legal question
  'dispute', // describes a dispute and wants it handled or mediated
  'filing', // how to sue: materials, fees, jurisdiction
  'case_query', // progress of an existing court case (may quote a 案号)
  'enforcement', // 执行: debtor won't pay after judgment, 失信, 执行款
  'petition', // 申诉, 再审, 信访, "judge was unfair", 越级 threats
  'complaint', // 投诉建议 about staff, fees, service
  'judicial_aid', // 司法救助, 法律援助, 缓减免诉讼费
  'appointment', // 院长接待日, video visit, booking a time
  'ticket_status', // status of a request made through this bot
  'human', // wants a person
  'greeting', // hello / thanks / bye
  'out_of_scope', // not a court matter
] as const
export type Intent = (typeof INTENTS)[number]

export const DOMAINS = [
  'marriage_family',
  'inheritance',
  'labor',
  'wage_arrears',
  'traffic',
  'lending',
  'property_mgmt',
  'housing',
  'contract',
  'consumer',
  'medical',
  'personal_injury',
  'neighbor',
  'land',
  'company',
  'ip',
  'criminal',
  'administrative',
  'other',
] as const
export type Domain = (typeof DOMAINS)[number]

export const isIntent = (s: unknown): s is Intent => typeof s === 'string' && (INTENTS as readonly string[]).includes(s)
export const isDomain = (s: unknown): s is Domain => typeof s === 'string' && (DOMAINS as readonly string[]).includes(s)

/** Chinese names shown to citizens and handlers. */
export const DOMAIN_NAMES: Record<Domain, string> = {
  marriage_family: '婚姻家庭',
  inheritance: '继承',
  labor: '劳动争议',
  wage_arrears: '拖欠工资',
  traffic: '交通事故',
  lending: '民间借贷',
  property_mgmt: '物业服务',
  housing: '房屋买卖租赁',
  contract: '合同',
  consumer: '消费维权',
  medical: '医疗纠纷',
  personal_injury: '人身损害',
  neighbor: '相邻邻里',
  land: '土地承包与征收',
  company: '公司企业',
  ip: '知识产权',
  criminal: '刑事',
  administrative: '行政',
  other: '其他',
}

export const INTENT_NAMES: Record<Intent, string> = {
  consult: '法律咨询',
  dispute: '纠纷调解',
  filing: '立案咨询',
  case_query: '案件查询',
  enforcement: '执行',
  petition: '申诉信访',
  complaint: '投诉建议',
  judicial_aid: '司法救助与法律援助',
  appointment: '预约接待',
  ticket_status: '工单查询',
  human: '转人工',
  greeting: '问候',
  out_of_scope: '非法院事项',
}

/** What the classifier hands to the rest of the system. Plain data. */
export interface Ranked<L extends string> {
  label: L
  score: number
}
export interface Understanding {
  intent: Intent
  domain: Domain
  risk: boolean
  /** confidence of the intent decision, 0..1 */
  confidence: number
  intents: Ranked<Intent>[]
  domains: Ranked<Domain>[]
}

/**
 * Kinds of risk the classifier reports, most severe first (analyze().riskKinds keeps this order):
 * self-harm (incl. despair), violence against others, domestic violence, a vulnerable person in distress (elderly
 * turned out, child hurt, disabled without care, no food or shelter), group action, going over levels (越级/进京).
 */
export const RISK_KINDS = ['self_harm', 'violence', 'domestic_violence', 'vulnerable', 'group_protest', 'escalation'] as const
export type RiskKind = (typeof RISK_KINDS)[number]
export const isRiskKind = (s: unknown): s is RiskKind => typeof s === 'string' && (RISK_KINDS as readonly string[]).includes(s)
