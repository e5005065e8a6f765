// The dialogue core shared by every channel: dedup, per-citizen ordering, persisted state, one turn at a time.
import { cleanInput } from '../../core/text.js'
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
import type { Db } from '../../db/client.js'
import { S } from '../../strings/dialogue.js'
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
    // the caller sees a failure through `next`; this branch only tidies up and must not reject on its own
    const tidy = (): void => {
      if (this.chains.get(key) === next) this.chains.delete(key)
    }
    next.then(tidy, tidy)
    return next
  }

  private async handleNow(input: TurnInput): Promise<TurnResult> {
    const { uow } = this.deps
    const now = this.deps.now()
    const text = typeof input.text === 'string' ? cleanInput(input.text).trim() : ''
    if (!text) return { replies: [{ text: S.emptyInput }] }
    if ([...text].length > MAX_INPUT_CHARS) return { replies: [{ text: S.tooLong }] }

    // One commit to take the message in (citizen, dedup, inbound record, state), one to answer (state, replies).
    // Each is fsynced (synchronous=FULL), so both go through the group commit: concurrent turns share the fsync,
    // and each still waits for its own data to be durable before going on.
    const intake = await uow.run(async (tx) => {
      const citizen = await getOrCreateCitizen(tx, input.channel, input.userId, now, input.courtId ?? this.deps.courtId)
      if (input.dedupKey) {
        const seen = await findInboundByDedupKey(tx, input.dedupKey)
        if (seen) return { citizen, replay: (await repliesTo(tx, seen.id)).map((m) => ({ text: m.text })) }
      }
      // ID and phone numbers never stored raw in the message log.
      const inbound = await recordMessage(tx, {
        citizenId: citizen.id,
        direction: 'in',
        channel: input.channel,
        text: maskText(text),
        dedupKey: input.dedupKey ?? null,
        now,
      })
      return { citizen, inbound, state: parseState((await loadConversation(tx, citizen.id))?.state) }
    })
    if ('replay' in intake) return { replies: intake.replay ?? [] }
    const { citizen, inbound, state } = intake

    let out: TurnOutput
    try {
      const courtId = citizen.courtId ?? input.courtId ?? this.deps.courtId
      const deps = courtId !== this.deps.courtId && this.deps.forCourt ? this.deps.forCourt(courtId) : this.deps
      out = await runTurn(deps, { citizen, state, text, now })
    } catch (err) {
      this.deps.log.error({ citizenId: citizen.id, err: err instanceof Error ? err.message : String(err) }, 'turn failed')
      out = { state, replies: [S.internalError] }
    }
    await uow.run(async (tx) => {
      await saveConversation(tx, citizen.id, out.state as unknown as Record<string, unknown>, now)
      await this.recordReplies(tx, citizen, inbound.id, out, now)
    })
    return {
      replies: out.replies.map((t) => ({ text: t })),
      ...(out.ticket ? { ticket: out.ticket } : {}),
    }
  }

  private async recordReplies(tx: Db, citizen: CitizenRow, inboundId: number, out: TurnOutput, now: Date): Promise<void> {
    for (const t of out.replies) {
      await recordMessage(tx, {
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
