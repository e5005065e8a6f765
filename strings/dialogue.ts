// Citizen- and unit-facing texts of the dialogue. Plain, polite Chinese: 不打官腔、不绕弯子、不踢皮球.
// Staff review these here; code never builds citizen text anywhere else.
import { DOMAIN_NAMES, INTENT_NAMES, type Domain, type Intent } from '../core/labels.js'

export const GENERAL_INFO_LINE = '以上是一般性的法律知识介绍，不是针对您个案的法律意见。需要人工帮助请回复“转人工”。'

export const CAPABILITIES = [
  '我可以帮您：',
  '1. 解答常见法律问题（回复您的问题，比如“欠钱不还怎么办”）',
  '2. 登记纠纷，转给调解组织或法院相关部门处理（回复“我要调解”）',
  '3. 查询您在这里登记的事项（回复“我的工单”）',
  '4. 联系工作人员（回复“转人工”）',
].join('\n')

export const S = {
  greeting: (court: string) => `您好，这里是${court}诉讼服务助手。\n${CAPABILITIES}`,
  thanks: '不客气，有需要随时找我。',
  bye: '好的，祝您一切顺利。有事随时留言。',
  none: `抱歉，我没太看明白您的意思。能不能用一两句话说说发生了什么、您想要什么帮助？\n${CAPABILITIES}`,
  emptyInput: '您好像没有输入内容。请用文字描述一下您的问题。',
  tooLong: '您的留言太长了，请分几条发送，每条不超过 1000 字。',
  menuIntro: '我想确认一下，您是想：',
  menuOption: (i: number, intent: Intent) => `${i}. ${INTENT_OPTION[intent]}`,
  menuOutro: '请回复序号，或者直接说说您的情况。',
  menuRetry: '请回复上面的序号（比如 1），或者换个说法告诉我您的情况。',

  kbNotFound:
    '这个问题我暂时没有找到合适的案例解答，不想给您不准确的信息。您可以回复“转人工”联系工作人员，或回复“我要调解”登记您的事情；也可以回复“相关法条”，看看可能有关的法律条文。',
  kbFollowUp: '想看与您问题有关的更多法律条文，请回复“相关法条”；想把这件事交给调解组织或法院相关部门处理，请回复“我要调解”。',
  statutesIntro: '与您的问题可能有关的法律条文（供参考，具体适用请咨询工作人员或律师）：',
  statutesNone: '没有找到和您的问题明显相关的法律条文。您可以换个说法再问，或回复“转人工”。',
  statutesNeedQuestion: '请先把您的问题发给我，再回复“相关法条”，我帮您找相关的法律条文。',
  procedureFollowUp: '如果需要工作人员跟进，请回复“办理”，我帮您登记转交。',

  // intake
  intakeStart: (what: string) => `好的，我帮您登记${what}，转给负责的部门处理。需要问您几个问题，随时回复“取消”可以退出。`,
  askFacts: '请简单说说发生了什么：什么时间、和谁、因为什么事、您希望怎么解决。',
  factsTooShort: '内容有点少，请再多说几句：发生了什么、涉及多少钱或什么事、您希望怎么解决。',
  askPlace: (examples: string) => `这件事发生在哪个镇（苏木）或村（嘎查）？例如：${examples}。不清楚可以回复“不清楚”。`,
  placeNotFound: (examples: string) =>
    `没找到这个地方。请回复本县的镇（苏木）或村（嘎查）名称，例如：${examples}。不清楚可以回复“不清楚”。`,
  askPhone: '方便留一个联系电话吗？工作人员会用它联系您。不想留请回复“不留”，之后可以在这里查询进度。',
  phoneInvalid: '这个号码好像不完整。请回复 11 位手机号或带区号的座机号，不想留请回复“不留”。',
  askConsent: [
    '个人信息说明：我们只收集处理这件事需要的信息（您的留言、发生地点、联系电话），',
    '只用于法院和调解组织处理您的事情，按规定期限保存，不会用于其他用途。',
    '同意工作人员按以上方式联系您并处理这些信息，请回复“同意”；不同意请回复“不同意”。',
  ].join(''),
  consentRetry: '请回复“同意”或“不同意”。',
  consentDeclined:
    '好的，尊重您的选择，这次没有登记。您仍然可以在这里咨询法律问题，或拨打 12368 诉讼服务热线，也可以到诉讼服务中心窗口办理。',
  summary: (p: { what: string; facts: string; place: string; phone: string }) =>
    [
      '请核对您要登记的内容：',
      `事项：${p.what}`,
      `情况：${p.facts}`,
      `地点：${p.place}`,
      `电话：${p.phone}`,
      '没问题请回复“确认”；要重新填写请回复“修改”；不办了请回复“取消”。',
    ].join('\n'),
  confirmRetry: '请回复“确认”提交，“修改”重新填写，或“取消”退出。',
  cancelled: '好的，已经取消，没有登记任何内容。有需要随时找我。',
  nothingToCancel: '当前没有正在办理的登记。有什么可以帮您？',
  restart: '好的，我们重新来。',
  ticketCreated: (p: { number: string; body: string; reason: string; accept: string }) =>
    [
      `已为您登记，工单号：${p.number}`,
      `承办单位：${p.body}`,
      `转办理由：${p.reason}`,
      `${p.accept}`,
      '您可以随时回复“我的工单”或“查询 ' + p.number + '”了解进度。',
    ].join('\n'),
  acceptPromise: (hours: number) => `对方会在 ${hours} 个工作小时内接单，办理过程中有进展我会通知您。`,
  referral: (p: { reason: string; target: string; contact: string }) =>
    `${p.reason}\n建议您联系：${p.target}${p.contact ? `（${p.contact}）` : ''}。这类事情不在法院受理范围，在这里登记反而会耽误您。`,

  // human
  humanIntro: '好的，我帮您转给诉讼服务中心的工作人员。',
  humanHours: (contact: string) =>
    `工作时间（工作日 8:30–12:00，14:30–18:00）也可以直接拨打 ${contact} 或 12368 诉讼服务热线。`,

  // status
  noTickets: '您在这里还没有登记过事项。需要登记请回复“我要调解”。',
  ticketNotYours: '没有查到这个工单号，请核对一下。只能查询您本人在这里登记的事项。',
  ticketLine: (p: { number: string; status: string; body: string; next: string }) =>
    `${p.number}：${p.status}，承办单位 ${p.body}。${p.next}`,
  ticketListIntro: '您登记的事项：',

  // risk
  risk: [
    '看到您的留言，我们很担心您的安全。',
    '如果正在发生危险，请马上拨打 110 报警；有人受伤请拨打 120。',
    '遇到家庭暴力，可以报警，也可以向法院申请人身安全保护令；心里难受想找人说说，可以拨打心理援助热线 12356。',
    '我已经把您的情况紧急转给法院值班人员，他们会尽快联系您。',
  ].join('\n'),
  riskTicket: (number: string) => `紧急工单号：${number}。`,

  // rating
  ratingAsk: (number: string) =>
    `您的事项 ${number} 已经办结。请给这次办理打个分：回复 1–5 的数字（5 分最满意），也可以在数字后面写几句意见。`,
  ratingThanks: '谢谢您的评价！',
  ratingLow: '谢谢您的评价，很抱歉让您不满意。单位负责人会再联系您回访。',
  ratingRetry: '请回复 1 到 5 的数字打分（5 分最满意）。',
  internalError: '抱歉，系统刚才出了点问题，您的留言没有丢失。请稍后再发一次，或拨打 12368 诉讼服务热线。',
}

/** What each intent means in a numbered menu. */
export const INTENT_OPTION: Record<Intent, string> = {
  consult: '咨询一个法律问题',
  dispute: '登记一个纠纷，请调解组织或法院帮忙处理',
  filing: '了解怎么起诉、立案要什么材料和费用',
  case_query: '查询已经在法院的案件进度',
  enforcement: '判决生效后对方不履行，申请执行或询问执行进度',
  petition: '对判决或法院的处理有意见（申诉、再审、信访）',
  complaint: '投诉或建议（工作人员、收费、服务）',
  judicial_aid: '申请法律援助、司法救助或缓减免诉讼费',
  appointment: '预约院长接待日或视频接访',
  ticket_status: '查询在这里登记过的事项',
  human: '联系工作人员',
  greeting: '打个招呼',
  out_of_scope: '其他事情',
}

/** How the intake names what it registers. */
export const INTAKE_WHAT: Partial<Record<Intent, string>> & { default: string } = {
  dispute: '纠纷调解申请',
  case_query: '案件查询请求',
  enforcement: '执行相关事项',
  petition: '申诉信访事项',
  complaint: '投诉建议',
  appointment: '接待预约',
  judicial_aid: '救助援助申请',
  filing: '立案咨询',
  human: '人工服务请求',
  default: '您的事项',
}

export const domainName = (d: Domain | string) => DOMAIN_NAMES[d as Domain] ?? '其他'
export const intentName = (i: Intent | string) => INTENT_NAMES[i as Intent] ?? i

/** What the citizen can expect next, by status. */
export const NEXT_STEP: Record<string, string> = {
  待派单: '正在为您安排承办单位。',
  已派单: '已转给承办单位，等待对方接单。',
  已接单: '承办单位已接单，会尽快联系您。',
  办理中: '正在办理，有进展会通知您。',
  已转办: '已按职责转给更合适的单位办理。',
  已办结: '已经办结，欢迎您评价。',
  重新办理: '正在重新办理，单位负责人会联系您。',
  已归档: '已经办结归档。',
}

/** Notices to units (the notify-unit job). */
export const UNIT_NOTICES = {
  new_ticket: (p: { number: string; summary: string; risk: boolean }) =>
    `${p.risk ? '【紧急】' : ''}新工单 ${p.number}：${p.summary}。请及时接单。`,
  reminder: (p: { number: string }) => `工单 ${p.number} 的办理期限已过去四分之三，请抓紧办理。`,
  escalation: (p: { number: string; stage: number }) =>
    `督办：工单 ${p.number} 已超期${p.stage >= 3 ? '，已报院值班领导' : '，请单位负责人督促办理'}。`,
  early_warning: (p: { number: string; summary: string }) => `预警：工单 ${p.number} 可能涉及群体性或重复来访事项：${p.summary}`,
  rating_low: (p: { number: string }) => `工单 ${p.number} 群众评价不满意，请单位负责人回访。`,
  transferred: (p: { number: string; summary: string }) => `转办工单 ${p.number}：${p.summary}。请及时接单。`,
  reopened: (p: { number: string }) => `工单 ${p.number} 已重新办理，请跟进。`,
  risk_followup: (p: { number: string }) => `【紧急】工单 ${p.number} 的群众又发来消息，请尽快联系。`,
} satisfies Record<string, (p: { number: string; summary: string; risk: boolean; stage: number }) => string>
