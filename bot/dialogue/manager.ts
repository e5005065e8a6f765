// The dialogue core shared by every channel: dedup, per-citizen ordering, persisted state, one turn at a time.
//
// One citizen's turns never overlap, in this process or across processes:
//  - in this process, a promise chain per citizen (below) keeps them in arrival order;
//  - across processes (PostgreSQL), the whole turn runs under `exclusive('citizen:<channel>:<externalId>')`
//    (Store.exclusive: a session advisory lock held on a connection of its own, db/pg/session-lock.ts) from
//    before the intake unit until after the answer unit. SQLite has one process, where the chain is enough.
//
// Why a transaction lock alone (lockInTx in each unit) is not enough: a turn is two units — intake (record the
// message, read the state) and answer (write the state and the replies) — with the analyzer and maybe a ticket
// unit between them, outside any transaction, and a transaction lock ends with its unit. Process A's intake reads
// state S0 and commits; before A's answer unit writes S1, process B's intake for the same citizen reads S0 as
// well; both answer from S0 and the later answer overwrites the other (a lost intake step, or one 确认 answered
// as two). Holding the lock across both units closes that gap; a lock held across the analyzer must not hold a
// transaction open, hence a session lock rather than one long transaction.
//
// Inside the turn lock each unit still takes lockInTx(tx, same key) first (it orders any writer of the citizen's
// rows that does not hold the turn lock), and the answer unit writes the state as a compare-and-set on
// conversations.version: the one thing the turn lock cannot rule out is its connection dying mid-turn, which
// drops the lock while the turn goes on. Then the newer state is kept and the conflict logged.
import { cleanInput } from '../../core/text.js'
import { maskText } from '../../core/mask.js'
import {
  getOrCreateCitizen,
  findInboundByDedupKey,
  loadConversation,
  recordMessage,
  repliesTo,
  saveConversationIf,
  type CitizenRow,
} from '../../db/repositories/citizens.js'
import type { Db } from '../../db/client.js'
import { lockInTx } from '../../db/connection.js'
import { S } from '../../strings/dialogue.js'
import type { DialogueDeps } from './deps.js'
import { parseState, type DialogueState } from './state.js'
import { runTurn, type TurnOutput } from './turn.js'
import type { Dialogue, TurnInput, TurnResult } from './types.js'

export const MAX_INPUT_CHARS = 1000

export interface DialogueManagerOptions {
  /**
   * Runs a citizen's whole turn under a lock every process respects (Store.exclusive). Without it (tests, one
   * process) only the in-process chain orders turns.
   */
  exclusive?<T>(key: string, work: () => Promise<T>): Promise<T>
}

/** The lock key of one citizen's turns (the same on every process). */
export const citizenTurnKey = (channel: string, externalId: string): string => `citizen:${channel}:${externalId}`

/** JSON with sorted keys: states compared whatever key order the database (jsonb) hands back. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(',')}}`
  }
  return JSON.stringify(v) ?? 'null'
}

export class DialogueManager implements Dialogue {
  /** one turn at a time per citizen: a double-sent message must not interleave two state updates */
  private chains = new Map<string, Promise<unknown>>()

  constructor(
    private deps: DialogueDeps,
    private opts: DialogueManagerOptions = {},
  ) {}

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

  private handleNow(input: TurnInput): Promise<TurnResult> {
    const text = typeof input.text === 'string' ? cleanInput(input.text).trim() : ''
    if (!text) return Promise.resolve({ replies: [{ text: S.emptyInput }] })
    if ([...text].length > MAX_INPUT_CHARS) return Promise.resolve({ replies: [{ text: S.tooLong }] })
    const key = citizenTurnKey(input.channel, input.userId)
    return this.opts.exclusive ? this.opts.exclusive(key, () => this.turn(input, text, key)) : this.turn(input, text, key)
  }

  /** One whole turn; the caller holds the citizen's turn lock. */
  private async turn(input: TurnInput, text: string, key: string): Promise<TurnResult> {
    const { uow } = this.deps
    // read once the lock is ours: the turn's records carry the time it ran, not the time it queued
    const now = this.deps.now()
    // One commit to take the message in (citizen, dedup, inbound record, state), one to answer (state, replies).
    // Each is fsynced (synchronous=FULL), so both go through the group commit: concurrent turns share the fsync,
    // and each still waits for its own data to be durable before going on.
    const intake = await uow.run(async (tx) => {
      await lockInTx(tx, key)
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
      const stored = await loadConversation(tx, citizen.id)
      return { citizen, inbound, state: parseState(stored?.state), version: stored?.version ?? null }
    })
    if ('replay' in intake) return { replies: intake.replay ?? [] }
    const { citizen, inbound, state, version } = intake

    let out: TurnOutput
    try {
      const courtId = citizen.courtId ?? input.courtId ?? this.deps.courtId
      const deps = courtId !== this.deps.courtId && this.deps.forCourt ? this.deps.forCourt(courtId) : this.deps
      out = await runTurn(deps, { citizen, state, text, now })
    } catch (err) {
      this.deps.log.error({ citizenId: citizen.id, err: err instanceof Error ? err.message : String(err) }, 'turn failed')
      out = { state, replies: [S.internalError] }
    }
    const next = out.state as unknown as Record<string, unknown>
    const conflict = await uow.run(async (tx) => {
      await lockInTx(tx, key)
      let clash = false
      if (!(await saveConversationIf(tx, citizen.id, next, version, now))) {
        // this turn's own ticket unit resets the state to idle (bot/dialogue/intake.ts commitTicket), which moves
        // the version too: the same state stored is no conflict. Anything else was written by someone else.
        const cur = await loadConversation(tx, citizen.id)
        clash = !cur || canonical(cur.state) !== canonical(next)
      }
      await this.recordReplies(tx, citizen, inbound.id, out, now)
      return clash
    })
    if (conflict) {
      this.deps.log.error({ citizenId: citizen.id }, 'dialogue: the state changed under this turn (turn lock lost?); kept the newer state')
    }
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
