// The one dialogue core every channel (web chat, terminal, WeChat OA webhook, wechaty) talks to.

export interface TurnInput {
  /** web | terminal | wechat_oa | wechaty */
  channel: string
  /** the citizen's id on that channel (web user id, OpenID, wechaty contact id) */
  userId: string
  text: string
  /** the court whose account or page the message came through (a known citizen stays with their own court) */
  courtId?: number
  /** the channel's delivery id (WeChat MsgId, …): a redelivered copy gets the first answer again */
  dedupKey?: string
}

export interface TicketBrief {
  number: string
  status: string
  body: { id: number; name: string } | null
}

export interface TurnResult {
  replies: { text: string }[]
  /** present on the turn that created a ticket */
  ticket?: TicketBrief
}

export interface Dialogue {
  handle(input: TurnInput): Promise<TurnResult>
}
