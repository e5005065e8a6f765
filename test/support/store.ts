// A fresh, migrated store for a test on this run's backend: in-memory SQLite, or a new PostgreSQL database (cloned
// from the migrated template) on the pg pass. Closing it drops the PostgreSQL database.
import { openSqliteStore } from '../../db/client.js'
import { PROCESS_DIALECT } from '../../db/dialect.js'
import { openPgStore } from '../../db/pg/store.js'
import type { Store } from '../../db/store.js'
import { freshPgDatabase } from './pg.js'

export async function testStore(): Promise<Store> {
  if (PROCESS_DIALECT === 'sqlite') return openSqliteStore(':memory:')
  const fresh = await freshPgDatabase()
  const store = await openPgStore(fresh.url, { max: 4 })
  return {
    ...store,
    isOpen: () => store.isOpen(),
    async close() {
      await store.close()
      await fresh.drop()
    },
  }
}
