import { sql } from 'drizzle-orm'
// Caches that belong to a database (statute texts, the KB index) are keyed by the connection or pool under a
// handle, so a transaction handle and the database it came from share them.
import type { Db } from './client.js'

export function connectionKey(db: Db): object {
  const h = db as unknown as { $client?: object; session?: { client?: object } }
  return h.$client ?? h.session?.client ?? db
}

/** Which database a handle talks to (the few queries that differ: full-text search). */
export function dialectOf(db: Db): 'sqlite' | 'pg' {
  const d = (db as unknown as { dialect?: { constructor?: { name?: string } } }).dialect
  return d?.constructor?.name === 'PgDialect' ? 'pg' : 'sqlite'
}

/**
 * Serialises writers of one key until the transaction ends (ticket numbers of a court, one citizen's turn). On
 * SQLite the write transaction (BEGIN IMMEDIATE) already excludes every other writer; PostgreSQL takes a
 * transaction-scoped advisory lock.
 */
export async function lockInTx(tx: Db, key: string): Promise<void> {
  if (dialectOf(tx) === 'sqlite') return
  await (tx as unknown as { execute(q: unknown): Promise<unknown> }).execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`)
}
