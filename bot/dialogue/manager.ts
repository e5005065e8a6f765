// The dialogue core shared by every channel: dedup, per-citizen ordering, persisted state, one turn at a time.
import { maskText } from '../../core/mask.js'
import {
  getOrCreateCitizen,
  findInboundByDedupKey,
  loadConversation,
  recordMessage,
  repliesTo,
  saveConversation,
  type CitizenRow,
} from '../../db/repositories/citizens.js'
import { S } from '../strings/dialogue.js'
import type { DialogueDeps } from './deps.js'
import { parseState, type DialogueState } from './state.js'
import { runTurn, type TurnOutput } from './turn.js'
import type { Dialogue, TurnInput, TurnResult } from './types.js'

export const MAX_INPUT_CHARS = 1000

export class DialogueManager implements Dialogue {
  /** one turn at a time per citizen: a double-sent message must not interleave two state updates */
  private chains = new Map<string, Promise<unknown>>()

  constructor(private deps: DialogueDeps) {}

  handle(input: TurnInput): Promise<TurnResult> {
    const key = `${input.channel}\u0000${input.userId}`
    const prev = this.chains.get(key) ?? Promise.resolve()
    const next = prev.then(
      () => this.handleNow(input),
      () => this.handleNow(input),
    )
    this.chains.set(key, next)
    void next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key)
    })
    return next
  }

  private async handleNow(input: TurnInput): Promise<TurnResult> {
    const { db } = this.deps
    const now = this.deps.now()
    const text = typeof input.text === 'string' ? input.text.trim() : ''
    if (!text) return { replies: [{ text: S.emptyInput }] }
    if ([...text].length > MAX_INPUT_CHARS) return { replies: [{ text: S.tooLong }] }

    const citizen = getOrCreateCitizen(db, input.channel, input.userId, now)
    if (input.dedupKey) {
      const seen = findInboundByDedupKey(db, input.dedupKey)
      if (seen) return { replies: repliesTo(db, seen.id).map((m) => ({ text: m.text })) }
    }
    // ID and phone numbers never stored raw in the message log.
    const inbound = recordMessage(db, {
      citizenId: citizen.id,
      direction: 'in',
      channel: input.channel,
      text: maskText(text),
      dedupKey: input.dedupKey ?? null,
      now,
    })

    let out: TurnOutput
    try {
      const state = parseState(loadConversation(db, citizen.id)?.state)
      out = await runTurn(this.deps, { citizen, state, text, now })
      saveConversation(db, citizen.id, out.state as unknown as Record<string, unknown>, now)
    } catch (err) {
      this.deps.log.error({ citizenId: citizen.id, err: err instanceof Error ? err.message : String(err) }, 'turn failed')
      out = { state: { mode: 'idle' }, replies: [S.internalError] }
    }
    this.recordReplies(citizen, inbound.id, out, now)
    return {
      replies: out.replies.map((t) => ({ text: t })),
      ...(out.ticket ? { ticket: out.ticket } : {}),
    }
  }

  private recordReplies(citizen: CitizenRow, inboundId: number, out: TurnOutput, now: Date): void {
    for (const t of out.replies) {
      recordMessage(this.deps.db, {
        citizenId: citizen.id,
        direction: 'out',
        channel: citizen.channel,
        text: t,
        replyToId: inboundId,
        ticketId: out.ticketId ?? null,
        now,
      })
    }
  }
}

export type { DialogueState }
