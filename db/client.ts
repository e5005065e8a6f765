// Opens the SQLite database the way intake records need it (WAL, synchronous=FULL, foreign keys on) and runs
// the migrations. Re-running is a no-op.
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema/sqlite/index.js'
import { commitSoon } from './group-commit.js'
import { holdSqliteFile } from './process-lock.js'
import type { Store } from './store.js'

export type Db = BetterSQLite3Database<typeof schema>
export interface DbHandle {
  db: Db
  sqlite: Database.Database
  close(): void
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations')

export function openDb(file: string): DbHandle {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  // WAL's default (NORMAL) can lose the last commits on power loss; intake records must not.
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = drizzle(sqlite, { schema })
  migrate(db, { migrationsFolder: MIGRATIONS_DIR })
  return { db, sqlite, close: () => sqlite.close() }
}

/**
 * The embedded store: reads on the handle, writes through group commit (one fsync for many requests). One process
 * per file: opening a file another live process has open is refused (db/process-lock.ts).
 */
export function openSqliteStore(file: string): Store & { sqlite: Database.Database } {
  const lock = holdSqliteFile(file)
  let h: DbHandle
  try {
    h = openDb(file)
  } catch (e) {
    lock.release()
    throw e
  }
  return {
    dialect: 'sqlite',
    db: h.db,
    sqlite: h.sqlite,
    uow: { run: (work) => commitSoon(h.db, work) },
    exclusive: (_key, work) => work(),
    isOpen: () => h.sqlite.open,
    close: async () => {
      if (h.sqlite.open) h.sqlite.close()
      lock.release()
    },
  }
}
