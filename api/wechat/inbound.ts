// What to do with one inbound push: a pure decision over the parsed XML fields.
import { SuyuanError } from '../../core/errors.js'
import { WECHAT_STRINGS } from '../../strings/wechat.js'
import type { InboundXml } from './xml.js'

export type InboundAction =
  /** run a dialogue turn with this text; its replies become the answer */
  | { kind: 'dialogue'; text: string }
  /** answer directly with this text, no dialogue turn */
  | { kind: 'reply'; text: string }
  /** nothing to say: plain `success` */
  | { kind: 'success' }

export interface InboundPlan {
  /** the citizen's OpenID */
  openid: string
  /** our account's gh_ id, used as FromUserName of the reply */
  account: string
  /** the dedup key, written to inbound_deliveries before any work */
  key: string
  action: InboundAction
  /** follow / unfollow bookkeeping on the citizen */
  effect: 'subscribe' | 'unsubscribe' | 'none'
  /** a citizen-sent message (not an event): opens WeChat's 48-hour 客服 window */
  opensWindow: boolean
}

const MAX_TEXT = 2000

const required = (m: InboundXml, field: string): string => {
  const v = m[field]
  if (v === undefined || v === '') throw new SuyuanError('BAD_INPUT', `missing ${field}`)
  return v
}

/**
 * WeChat's advice is MsgId for messages and FromUserName + CreateTime for events; MsgIds have collided across
 * users, so messages use all three; events use FromUserName + CreateTime + Event.
 */
export function deliveryKey(m: InboundXml): string {
  const from = required(m, 'FromUserName')
  const time = required(m, 'CreateTime')
  const type = required(m, 'MsgType')
  const tail = type === 'event' ? required(m, 'Event') : (m.MsgId ?? m.MsgID ?? type)
  return `wx|${from}|${time}|${tail}`
}

function eventAction(m: InboundXml, courtName: string): Pick<InboundPlan, 'action' | 'effect'> {
  const event = (m.Event ?? '').toLowerCase()
  switch (event) {
    case 'subscribe':
      // a follow through a parametric QR code carries EventKey=qrscene_<id>: same welcome
      return { action: { kind: 'reply', text: WECHAT_STRINGS.welcome(courtName) }, effect: 'subscribe' }
    case 'unsubscribe':
      return { action: { kind: 'success' }, effect: 'unsubscribe' }
    case 'click': {
      const key = m.EventKey ?? ''
      const text = (WECHAT_STRINGS.menu as Record<string, string>)[key]
      return {
        action: text ? { kind: 'dialogue', text } : { kind: 'reply', text: WECHAT_STRINGS.unknownMenu },
        effect: 'none',
      }
    }
    default:
      // VIEW (opens a page), SCAN (already follows), LOCATION reports, template-send receipts, …
      return { action: { kind: 'success' }, effect: 'none' }
  }
}

function messageAction(m: InboundXml): InboundAction {
  const type = m.MsgType ?? ''
  if (type === 'text') {
    const text = (m.Content ?? '').trim().slice(0, MAX_TEXT)
    return text ? { kind: 'dialogue', text } : { kind: 'reply', text: WECHAT_STRINGS.emptyText }
  }
  if (type === 'voice') {
    const text = (m.Recognition ?? '').trim().slice(0, MAX_TEXT)
    return text ? { kind: 'dialogue', text } : { kind: 'reply', text: WECHAT_STRINGS.voiceNotRecognised }
  }
  // image, location, video, shortvideo, link, file and anything newer: we only read words
  return { kind: 'reply', text: WECHAT_STRINGS.pleaseUseWords }
}

export function planInbound(m: InboundXml, courtName: string): InboundPlan {
  const openid = required(m, 'FromUserName')
  const account = required(m, 'ToUserName')
  const key = deliveryKey(m)
  if (m.MsgType === 'event') return { openid, account, key, opensWindow: false, ...eventAction(m, courtName) }
  return { openid, account, key, opensWindow: true, action: messageAction(m), effect: 'none' }
}
