// What citizens and handlers read about a ticket's progress. Plain, polite Chinese; never legal advice.
import type { CitizenNotice } from '../core/ticket-state.js'

export interface NoticeParams {
  number: string
  bodyName: string
  /** the handler's note (办结说明 / 不予受理理由), may be empty */
  note: string
  /** 司法确认 / 立案 ticket number, when one was created */
  linkedNumber: string
}

const withNote = (note: string, label: string): string => (note ? `\n${label}：${note}` : '')
const RATE_ASK = '\n请回复 1 到 5 的数字为这次办理打分（5分最满意）。3天内没有回复的，工单会自动归档。'
const NOT_ADVICE = '\n（以上为办理情况告知，不构成法律意见。）'

export const TICKET_NOTICES: Record<CitizenNotice, (p: NoticeParams) => string> = {
  accepted: (p) => `您的工单 ${p.number} 已由${p.bodyName}接单，承办人会尽快与您联系。`,
  transferred: (p) =>
    `您的工单 ${p.number} 已转交${p.bodyName}办理，他们会尽快与您联系。您不用重新提交材料。`,
  resolved_mediated: (p) =>
    `您的工单 ${p.number} 已调解成功，由${p.bodyName}办结。${withNote(p.note, '办理情况')}` +
    `\n如需让调解协议具有强制执行效力，可以申请法院司法确认，回复“司法确认”或联系承办单位即可。` +
    RATE_ASK,
  resolved_mediation_failed: (p) =>
    `您的工单 ${p.number} 经${p.bodyName}调解，双方没能达成一致。${withNote(p.note, '办理情况')}` +
    `\n我们已把您的材料转到立案庭${p.linkedNumber ? `（新工单 ${p.linkedNumber}）` : ''}，您不用从头再说一遍，立案庭会联系您。` +
    RATE_ASK,
  resolved_answered: (p) =>
    `您的工单 ${p.number} 已由${p.bodyName}答复办结。${withNote(p.note, '答复内容')}` + NOT_ADVICE + RATE_ASK,
  resolved_rejected: (p) =>
    `您的工单 ${p.number} 经${p.bodyName}审查，不属于我们受理的范围。${withNote(p.note, '原因')}` +
    `\n如有疑问，可以回复“转人工”或拨打承办单位电话咨询。` +
    RATE_ASK,
  reopened: (p) => `您的工单 ${p.number} 已重新交给${p.bodyName}办理，有进展会再告诉您。`,
  rating_thanks: (p) => `谢谢您的评价，工单 ${p.number} 已归档。以后有需要，随时可以再找我们。`,
  rating_low: (p) =>
    `很抱歉这次办理没让您满意。工单 ${p.number} 已重新交给${p.bodyName}办理，他们会再与您联系。`,
  judicial_confirmation: (p) =>
    `您的司法确认申请已转到立案庭${p.linkedNumber ? `（工单 ${p.linkedNumber}）` : ''}，立案庭会联系您约定时间、核对调解协议。`,
}

/** Handler's words relayed to the citizen: marked as from the unit, so the citizen knows who is speaking. */
export const relayReply = (number: string, bodyName: string, text: string): string =>
  `【${bodyName}】关于工单 ${number}：\n${text}`

/** Texts on linked tickets and in the 台账 / export. */
export const TICKET_TEXTS = {
  linkedFilingSummary: (parentNumber: string, summary: string) => `【调解不成转立案】原工单 ${parentNumber}：${summary}`,
  linkedConfirmationSummary: (parentNumber: string, summary: string) =>
    `【司法确认申请】原工单 ${parentNumber}（调解成功）：${summary}`,
  linkedFilingReason: '诉前调解不成，依法转立案庭登记立案，材料随案移送',
  linkedConfirmationReason: '调解成功，当事人申请司法确认，由立案庭办理',
  unrated: '未评价',
  noFilingBody: '没有找到立案庭，请先在单位名录中设置立案庭。',
  bodyNotFound: '没有找到要转办的单位。',
  ticketNotFound: '没有找到该工单。',
} as const

/** Channel codes as the 台账 shows them. */
export const CHANNEL_NAMES: Record<string, string> = {
  web: '网页',
  terminal: '终端',
  wechat_oa: '微信公众号',
  wechaty: '微信',
  staff: '窗口录入',
}

/** Column headers of the 台账 export. */
export const LEDGER_HEADERS = {
  number: '工单编号',
  createdAt: '登记时间',
  channel: '来源渠道',
  intent: '诉求类型',
  domain: '纠纷类型',
  region: '所属区域',
  summary: '事项摘要',
  status: '状态',
  body: '承办单位',
  routingReason: '分派理由',
  acceptDueAt: '接单时限',
  resolveDueAt: '办结时限',
  acceptedAt: '接单时间',
  resolvedAt: '办结时间',
  outcome: '办理结果',
  rating: '评价',
  phone: '联系电话',
  transferCount: '转办次数',
} as const

export const EVENT_HEADERS = {
  number: '工单编号',
  at: '时间',
  actor: '操作人',
  action: '操作',
  fromStatus: '原状态',
  toStatus: '新状态',
  reason: '理由',
  note: '说明',
} as const

export const EVENT_ACTION_NAMES: Record<string, string> = {
  created: '登记',
  routed: '分派',
  dispatched: '派单',
  accepted: '接单',
  replied: '答复群众',
  transferred: '转办',
  revisit_requested: '回访',
  resolved: '办结',
  feedback: '办结反馈',
  rated: '评价',
  reopened: '重新办理',
  archived: '归档',
  judicial_confirmation_requested: '申请司法确认',
  linked_created: '关联工单',
  reminded: '提醒',
  escalated: '督办',
}
