// Store.exclusive on PostgreSQL: a session-level advisory lock, held on a connection of a small pool of its own
// for as long as the caller's work runs (which may span several transactions and awaits of anything, e.g. one
// citizen's whole dialogue turn). The work's own queries run on the main pool, never on the lock's connection.
//
// Why a pool of its own: a lock holder waits for main-pool connections to do its work; if holders (and waiters,
// blocked in pg_advisory_lock) could take every main-pool connection, they would wait on each other forever.
// Separate pools cannot: a holder never waits for another lock connection. When the lock pool is busy, further
// callers queue for a connection in this process.
//
// If this process dies, PostgreSQL ends the session and the lock with it. If only the lock's connection dies
// mid-work, the lock is gone while the work goes on: callers that must not lose updates then keep a guard of
// their own (the dialogue's conversations.version check).
import pg from 'pg'
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

export function sessionLocks(url: string, opts: { max?: number } = {}): SessionLocks {
  let pool: pg.Pool | undefined
  let ended: Promise<void> | undefined
  // opened on first use: a process that never locks holds no extra connection
  const poolOf = (): pg.Pool => {
    if (!pool) {
      pool = new pg.Pool({
        connectionString: url,
        max: opts.max ?? 8,
        application_name: 'suyuan-locks',
        // waits for a lock end with an error (55P03) rather than hanging a request forever
        options: `-c lock_timeout=${DEFAULT_EXCLUSIVE_WAIT_MS}`,
      })
      pool.on('error', (err) => console.error(`[suyuan] idle PostgreSQL lock connection lost: ${err.message}`))
    }
    return pool
  }

  return {
    async exclusive(key, work, o = {}) {
      if (ended) throw new Error('store closed')
      const client = await poolOf().connect()
      let broken: Error | undefined
      // a checked-out client has no listener of the pool's: without this, the connection dying while `work` runs
      // would be an uncaught exception
      const onError = (e: Error): void => void (broken ??= e)
      client.on('error', onError)
      try {
        const custom = o.waitMs !== undefined && o.waitMs !== DEFAULT_EXCLUSIVE_WAIT_MS
        if (custom) await client.query(`set lock_timeout = ${Math.max(0, Math.floor(o.waitMs ?? 0))}`)
        try {
          await client.query('select pg_advisory_lock($1, hashtext($2))', [PG_EXCLUSIVE_NS, key])
        } finally {
          if (custom) await client.query('reset lock_timeout').catch(onError)
        }
        try {
          return await work()
        } finally {
          // when the unlock fails the session is unusable; destroying it (release(err)) drops the lock
          await client.query('select pg_advisory_unlock($1, hashtext($2))', [PG_EXCLUSIVE_NS, key]).catch(onError)
        }
      } finally {
        client.off('error', onError)
        client.release(broken)
      }
    },
    close: () => (ended ??= pool ? pool.end() : Promise.resolve()),
  }
}
