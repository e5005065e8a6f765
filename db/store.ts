// The storage seam: one database handle for reads and a unit of work for writes, on SQLite (embedded default) or
// PostgreSQL (DATABASE_URL). Everything above db/ talks to storage through this and the repositories.
import type { Db } from './client.js'

/** One transaction; resolves after the durable commit. `work` may await only calls on `tx`. */
export interface UnitOfWork {
  run<T>(work: (tx: Db) => Promise<T>): Promise<T>
}

export interface ExclusiveOptions {
  /** give up (throw UNAVAILABLE) after waiting this long for the lock, ms; 0: wait as long as it takes. Default 30 s. */
  waitMs?: number
}

export interface Store {
  readonly dialect: 'sqlite' | 'pg'
  /** reads (and nothing else: writes go through `uow`) */
  readonly db: Db
  readonly uow: UnitOfWork
  /**
   * Runs `work` (any number of units, reads, awaits of anything) while holding a lock on `key` that every process
   * on this database respects. PostgreSQL: a session advisory lock on a connection of its own (one for all the
   * locks of the store), held until `work` settles and dropped by the server if this process dies. SQLite: runs `work` directly — the
   * file has one process (db/process-lock.ts), and ordering inside it is the caller's (e.g. a promise chain).
   * Not re-entrant: `work` must not take the same key again. Optional for hand-made stores (tests, benches):
   * call it through `exclusive(store, …)`, which runs `work` directly when a store has none.
   */
  exclusive?<T>(key: string, work: () => Promise<T>, opts?: ExclusiveOptions): Promise<T>
  isOpen(): boolean
  close(): Promise<void>
}

/** store.exclusive, or `work` itself for a store without one (a single-process store). */
export function exclusive<T>(store: Pick<Store, 'exclusive'>, key: string, work: () => Promise<T>, opts?: ExclusiveOptions): Promise<T> {
  return store.exclusive ? store.exclusive(key, work, opts) : work()
}
