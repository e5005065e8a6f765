// Store.exclusive on PostgreSQL: a session-level advisory lock held for as long as the caller's work runs (which
// may span several transactions and awaits of anything, e.g. one citizen's whole dialogue turn). The work's own
// queries run on the main pool; the locks live on one connection of their own per store.
//
// One connection holds every lock of this process: a session may hold any number of advisory locks, and taking
// or dropping one is a short query. Nobody ever waits *on* that connection — waiting there would block every
// other lock behind it — so a lock is taken with pg_try_advisory_lock, and a key held by another process is tried
// again after a short pause (5 ms doubling to 100 ms). Inside this process callers of one key queue on a promise
// chain first, because session locks are re-entrant: the connection would grant a key it already holds.
//
// If this process dies, PostgreSQL ends the session and every lock with it. If only the connection dies, its
// locks are gone while the work goes on, and the next caller opens a new connection: callers that must not lose
// updates keep a guard of their own (the dialogue's conversations.version check).
import pg from 'pg'
import { SuyuanError } from '../../core/errors.js'
import type { ExclusiveOptions } from '../store.js'

/**
 * The first int4 of the two-int4 advisory lock form: these locks live in a key space of their own, apart from
 * the transaction locks of lockInTx (one bigint: hashtext(key)) and the migration lock (one bigint). So
 * exclusive('citizen:…') and lockInTx(tx, 'citizen:…') never block each other. ('sy')
 */
export const PG_EXCLUSIVE_NS = 0x73_79

export const DEFAULT_EXCLUSIVE_WAIT_MS = 30_000

export interface SessionLocks {
  exclusive<T>(key: string, work: () => Promise<T>, opts?: ExclusiveOptions): Promise<T>
  close(): Promise<void>
}

interface LockConnection {
  client: pg.Client
  ready: Promise<unknown>
  dead: boolean
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function sessionLocks(url: string): SessionLocks {
  let conn: LockConnection | undefined
  let closed: Promise<void> | undefined
  /** this process's callers per key, in arrival order */
  const local = new Map<string, Promise<void>>()

  // opened on first use: a process that never locks holds no extra connection
  const connection = async (): Promise<LockConnection> => {
    if (!conn || conn.dead) {
      const client = new pg.Client({ connectionString: url, application_name: 'suyuan-locks' })
      const c: LockConnection = { client, ready: client.connect(), dead: false }
      // without a listener a dropped connection would crash the process; its locks are gone with it
      client.on('error', (err) => {
        c.dead = true
        console.error(`[suyuan] PostgreSQL lock connection lost: ${err.message}`)
      })
      client.on('end', () => void (c.dead = true))
      c.ready.catch(() => void (c.dead = true))
      conn = c
    }
    const c = conn
    await c.ready
    return c
  }

  const drop = (c: LockConnection): void => {
    c.dead = true
    void c.client.end().catch(() => undefined)
  }

  return {
    async exclusive(key, work, o = {}) {
      if (closed) throw new SuyuanError('UNAVAILABLE', 'the store is closed')
      const prev = local.get(key) ?? Promise.resolve()
      let done!: () => void
      const tail = prev.then(() => new Promise<void>((r) => (done = r)))
      local.set(key, tail)
      try {
        await prev
        const waitMs = o.waitMs ?? DEFAULT_EXCLUSIVE_WAIT_MS
        const deadline = waitMs > 0 ? Date.now() + waitMs : Infinity
        let c: LockConnection
        for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
          c = await connection()
          const r = await c.client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as ok', [PG_EXCLUSIVE_NS, key])
          if (r.rows[0]?.ok) break
          if (Date.now() + pause > deadline) throw new SuyuanError('UNAVAILABLE', `busy: another process held '${key}' for over ${waitMs} ms`)
          await sleep(pause)
        }
        try {
          return await work()
        } finally {
          // an unlock that fails leaves the lock held by a live session: drop the session (and its locks) instead
          if (!c.dead) {
            await c.client.query('select pg_advisory_unlock($1, hashtext($2))', [PG_EXCLUSIVE_NS, key]).catch(() => drop(c))
          }
        }
      } finally {
        done?.()
        if (local.get(key) === tail) local.delete(key)
      }
    },
    close: () =>
      (closed ??= (async () => {
        const c = conn
        conn = undefined
        if (c && !c.dead) await c.client.end().catch(() => undefined)
      })()),
  }
}
