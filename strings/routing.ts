// What the citizen is told about where their matter goes (issue #5). Plain, polite, no 官腔; never legal advice.
// The one-line routing reason itself comes from the court's routing rules (data) and core/router.ts.

export const ROUTING_STRINGS = {
  /** a ticket was created and sent to a unit */
  routed: (bodyName: string, ticketNumber: string) =>
    `已为您登记，编号 ${ticketNumber}，交由${bodyName}办理。工作人员会在工作时间内尽快联系您，请保持电话畅通。`,
  /** shown with `routed` so the citizen sees why this unit */
  why: (reason: string) => `为什么交给这个单位：${reason}`,
  /** the matter is not the court's: say who can help, no ticket */
  referral: (target: string, contact: string) =>
    `这件事由${target}负责办理，法院这边没法直接处理，不是推脱。${contact ? `您可以联系：${contact}。` : ''}如果对方处理后还有需要法院解决的问题，欢迎再来找我们。`,
  /** risk tickets (人身安全、极端情绪) */
  urgent: '您说的情况我们很重视，已经转给今天的值班同志优先处理。如果此刻有人身危险，请立即拨打110。',
  /** labour disputes: arbitration comes first by law */
  arbitrationFirst:
    '劳动争议要先申请劳动人事争议仲裁，对仲裁结果不服的，再到法院起诉。我们先帮您对接仲裁委，时间不会白耽误。',
  /** mediation first (诉前调解) */
  mediationFirst: '这类纠纷先由调解组织免费调解，调解成功可以申请司法确认，调解不成我们会及时帮您转立案，不用从头再来。',
  /** 速裁 hint, for handlers */
  fastTrackHint: '案情简单、标的额不大，可考虑速裁快审（繁简分流）。',
  /** the catch-all triage queue */
  triage: '您的事项已交给诉讼服务中心，由工作人员先看一看该由哪个部门办理，再告诉您结果。',
  disclaimer: '以上是办事指引，不是法律意见；具体问题以承办单位的答复为准。',
} as const
