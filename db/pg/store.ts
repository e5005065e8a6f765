// The PostgreSQL store: a pooled connection for reads and one transaction per unit of work (PostgreSQL groups
// WAL flushes itself, so there is no batching here). Units that meet a serialization failure or deadlock are
// retried a few times; everything else is the caller's to handle.
import { SuyuanError } from '../../core/errors.js'
import type { Db } from '../client.js'
import { PROCESS_DIALECT } from '../dialect.js'
import type { Store } from '../store.js'
import { openPg } from './open.js'
import { sessionLocks } from './session-lock.js'

const RETRYABLE = new Set(['40001', '40P01']) // serialization_failure, deadlock_detected

/** The PostgreSQL error code of a (drizzle-wrapped) driver error. */
export function pgCode(e: unknown): string | undefined {
  for (let x: unknown = e, i = 0; x && i < 4; i++) {
    const code = (x as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
    x = (x as { cause?: unknown }).cause
  }
  return undefined
}

/** `max`: connections of the main pool (Store.exclusive holds its locks on one more, db/pg/session-lock.ts). */
export async function openPgStore(url: string, opts: { max?: number } = {}): Promise<Store> {
  if (PROCESS_DIALECT !== 'pg') {
    // the tables were picked for SQLite when this process loaded db/schema (DATABASE_URL was not postgres://…)
    throw new SuyuanError('UNAVAILABLE', 'DATABASE_URL must be set to the postgres:// URL before the process starts')
  }
  const h = await openPg(url, opts)
  const locks = sessionLocks(url)
  let open = true
  const db = h.db as unknown as Db // the "type lie" of db/schema/index.ts: same tables, same row types
  return {
    dialect: 'pg',
    db,
    uow: {
      async run(work) {
        for (let attempt = 1; ; attempt++) {
          try {
            return await h.db.transaction((tx) => work(tx as unknown as Db))
          } catch (e) {
            if (attempt < 4 && RETRYABLE.has(pgCode(e) ?? '')) continue
            throw e
          }
        }
      },
    },
    exclusive: (key, work, o) => locks.exclusive(key, work, o),
    isOpen: () => open,
    async close() {
      open = false
      await locks.close()
      await h.close()
    },
  }
}
