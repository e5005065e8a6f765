// Opens the store the configuration names: PostgreSQL when DATABASE_URL is a postgres:// URL, else the SQLite file.
import type { Config } from '../core/config.js'
import { openSqliteStore } from './client.js'
import { openPgStore } from './pg/store.js'
import type { Store } from './store.js'

/** `pool.max`: PostgreSQL connections of the main pool; SQLite ignores it. */
export function openStore(config: Pick<Config, 'databaseUrl' | 'dbFile'>, pool: { max?: number } = {}): Promise<Store> {
  return config.databaseUrl ? openPgStore(config.databaseUrl, pool) : Promise.resolve(openSqliteStore(config.dbFile))
}

/** Where the data lives, for log lines (no password). */
export function describeStore(config: Pick<Config, 'databaseUrl' | 'dbFile'>): string {
  if (!config.databaseUrl) return config.dbFile
  const u = new URL(config.databaseUrl)
  return `postgres://${u.host}${u.pathname}`
}
