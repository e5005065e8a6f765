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
