// The intake's pure rules: what a clerk needs before a ticket can be made, and how replies are read.
export type IntakeField = 'facts' | 'place' | 'phone' | 'consent'

export interface IntakeProgress {
  facts: string
  place: string | null
  phone: string | null
  consent: boolean
}

export const MIN_FACTS_CHARS = 8

/** The next thing to ask, or 'confirm' when everything is there. */
export function nextIntakeStep(d: IntakeProgress): IntakeField | 'confirm' {
  if (d.facts.trim().length < MIN_FACTS_CHARS) return 'facts'
  if (d.place === null) return 'place'
  if (d.phone === null) return 'phone'
  if (!d.consent) return 'consent'
  return 'confirm'
}

const norm = (s: string) => s.replace(/[\s，。,.!！?？~～、]/g, '')

export const isCancel = (s: string) => /^(取消|不办了|算了|退出|不用了)$/.test(norm(s))
export const isConfirm = (s: string) => /^(确认|确定|确认提交|提交|对|没问题|是的|是)$/.test(norm(s))
export const isEdit = (s: string) => /^(修改|重新填写|重填|改一下)$/.test(norm(s))
export const isAgree = (s: string) => /^(同意|我同意|好的同意|可以|好|好的|行)$/.test(norm(s))
export const isDisagree = (s: string) => /^(不同意|拒绝|不可以|不行)$/.test(norm(s))
export const isDeclinePhone = (s: string) => /^(不留|不想留|不方便|不用|不给|没有)$/.test(norm(s))
export const isUnknownPlace = (s: string) => /^(不清楚|不知道|不确定|外地|其他)$/.test(norm(s))
export const isProceed = (s: string) => /^(办理|登记|需要|要|好的|好|是|是的|帮我登记|帮我办理|我要办理)$/.test(norm(s))
export const isHumanCommand = (s: string) => /^(转人工|人工|人工服务|人工客服|找人工|真人)$/.test(norm(s))
export const isMyTickets = (s: string) => /^(我的工单|工单|查工单|查询工单|我的事项|进度)$/.test(norm(s))
export const isStatuteCommand = (s: string) => /^(相关法条|法条|查法条|看法条|有关法条|法律条文)$/.test(norm(s))
export const isMediationCommand = (s: string) => /^(我要调解|调解|申请调解|我要登记|登记纠纷)$/.test(norm(s))

const MOBILE = /(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/
const LANDLINE = /(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)/

/** The first phone number in a reply, digits (and one dash for landlines) only. */
export function readPhone(s: string): string | null {
  const t = s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  const m = t.match(MOBILE) ?? t.match(LANDLINE)
  return m ? m[0].replace(/[\s]/g, '') : null
}

/** A 1–5 rating, optionally followed by a comment: "5 很满意" → {5, '很满意'}. */
export function readRating(s: string): { rating: number; comment: string } | null {
  const t = s.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  const m = t.match(/^([1-5])\s*(?:分|星)?[\s，,。.:：]*(.*)$/s)
  if (!m) return null
  return { rating: Number(m[1]), comment: (m[2] ?? '').trim().slice(0, 500) }
}

/** A menu choice "1" / "第2个" → index (0-based) or null. */
export function readChoice(s: string, n: number): number | null {
  const t = s.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  const m = t.match(/^(?:第)?([1-9])(?:个|项|条)?[。.]?$/)
  if (!m) return null
  const i = Number(m[1]) - 1
  return i < n ? i : null
}
