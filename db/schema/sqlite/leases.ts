// Leases: a named duty (the SLA sweep, retention) that one process at a time performs. A process holds a lease
// until expires_at and renews it before then; another process may take it over once it has expired
// (db/repositories/leases.ts). With one process (SQLite) the lease is always its own; the table is the same.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

export const leases = sqliteTable('leases', {
  /** the duty, e.g. 'sla-sweep' */
  name: text('name').primaryKey(),
  /** who holds it: host:pid:random of the holding runtime */
  holder: text('holder').notNull(),
  /** held until then; after it, any process may claim it */
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
})
