// inbound_deliveries as WeChat's retry guard: the first copy claims the key before any work; later copies wait
// for its reply (up to their own budget) and get the very same body, or `success`.
import { eq, and, lt } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { first } from '../../db/query.js'
import { inboundDeliveries } from '../../db/schema/index.js'
import type { UnitOfWork } from '../types.js'

export const CHANNEL = 'wechat_oa'
export const SUCCESS = 'success'

/** processing: first copy still working; done: reply stored; deferred: answer goes out via the 客服 API */
export type DeliveryState = 'processing' | 'done' | 'deferred'

export interface DeliveryStore {
  /** inside a write unit: true for the first copy only (the insert is the lock) */
  claim(tx: Db, key: string, now: Date): Promise<boolean>
  /**
   * processing → done with the reply body (plaintext XML or `success`). Waiting copies get the reply at once;
   * the row is written in the next group commit (resolves false if it was already settled).
   */
  finish(key: string, reply: string, alsoWrite?: (tx: Db) => Promise<void>): Promise<boolean>
  /** processing → deferred (reply `success`), like finish */
  defer(key: string): Promise<boolean>
  /** the settled reply, or undefined while processing / unknown */
  settled(key: string): Promise<string | undefined>
  /** waits until the key settles or the deadline (performance.now() ms) passes; undefined on timeout */
  waitFor(key: string, deadline: number): Promise<string | undefined>
}

const POLL_MS = 25

export function createDeliveryStore(db: Db, uow: UnitOfWork): DeliveryStore {
  // waiters in this process are woken at once; copies handled by another process are found by polling
  const waiters = new Map<string, Set<(reply: string) => void>>()

  const wake = (key: string, reply: string): void => {
    const set = waiters.get(key)
    if (!set) return
    waiters.delete(key)
    for (const w of set) w(reply)
  }

  // settled but not yet committed: a copy arriving in between gets the reply without waiting for the row
  const settling = new Map<string, string>()
  const settleRow = async (tx: Db, key: string, state: DeliveryState, reply: string): Promise<boolean> => {
    const r = await tx
      .update(inboundDeliveries)
      .set({ state, reply })
      .where(and(eq(inboundDeliveries.key, key), eq(inboundDeliveries.state, 'processing')))
      .returning({ key: inboundDeliveries.key })
    return r.length === 1
  }

  // the reply need not be durable before it is sent: the turn's own records already are, and a lost settle only
  // means a late copy answers `success`, as for a crash mid-turn
  const settle = (key: string, state: DeliveryState, reply: string, alsoWrite?: (tx: Db) => Promise<void>): Promise<boolean> => {
    const visible = state === 'deferred' ? SUCCESS : reply
    settling.set(key, visible)
    wake(key, visible)
    return uow
      .run(async (tx) => {
        await alsoWrite?.(tx)
        return settleRow(tx, key, state, reply)
      })
      .finally(() => settling.delete(key))
  }

  const settled = async (key: string): Promise<string | undefined> => {
    const pending = settling.get(key)
    if (pending !== undefined) return pending
    const row = await first(
      db.select({ state: inboundDeliveries.state, reply: inboundDeliveries.reply }).from(inboundDeliveries).where(eq(inboundDeliveries.key, key)),
    )
    if (!row || row.state === 'processing') return undefined
    return row.state === 'deferred' ? SUCCESS : (row.reply ?? SUCCESS)
  }

  return {
    claim: async (tx, key, now) => {
      const r = await tx
        .insert(inboundDeliveries)
        .values({ key, channel: CHANNEL, receivedAt: now, state: 'processing' })
        .onConflictDoNothing()
        .returning({ key: inboundDeliveries.key })
      return r.length === 1
    },
    finish: (key, reply, alsoWrite) => settle(key, 'done', reply, alsoWrite),
    defer: (key) => settle(key, 'deferred', SUCCESS),
    settled,
    async waitFor(key, deadline) {
      const now = await settled(key)
      if (now !== undefined) return now
      return new Promise((resolve) => {
        let done = false
        const finish = (reply: string | undefined): void => {
          if (done) return
          done = true
          clearInterval(poll)
          clearTimeout(timer)
          waiters.get(key)?.delete(onWake)
          resolve(reply)
        }
        const onWake = (reply: string): void => finish(reply)
        const set = waiters.get(key) ?? new Set()
        set.add(onWake)
        waiters.set(key, set)
        const poll = setInterval(() => {
          void settled(key).then((r) => {
            if (r !== undefined) finish(r)
          }, () => undefined)
        }, POLL_MS)
        const timer = setTimeout(() => void settled(key).then(finish, () => finish(undefined)), Math.max(0, deadline - performance.now()))
      })
    },
  }
}

/** Deliveries older than this are forgotten by the retention sweep (WeChat retries within ~15 s). */
export async function pruneDeliveries(db: Db, olderThan: Date): Promise<number> {
  const r = await db
    .delete(inboundDeliveries)
    .where(and(eq(inboundDeliveries.channel, CHANNEL), lt(inboundDeliveries.receivedAt, olderThan)))
    .returning({ key: inboundDeliveries.key })
  return r.length
}
