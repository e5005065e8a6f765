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

/** The embedded store: reads on the handle, writes through group commit (one fsync for many requests). */
export function openSqliteStore(file: string): Store & { sqlite: Database.Database } {
  const h = openDb(file)
  return {
    dialect: 'sqlite',
    db: h.db,
    sqlite: h.sqlite,
    uow: { run: (work) => commitSoon(h.db, work) },
    isOpen: () => h.sqlite.open,
    close: async () => {
      if (h.sqlite.open) h.sqlite.close()
    },
  }
}
