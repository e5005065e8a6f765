// PostgreSQL mirror of db/schema/sqlite/leases.ts: same SQL names, same TypeScript properties and row types.
import { pgTable, text } from 'drizzle-orm/pg-core'
import { ts } from './columns.js'

export const leases = pgTable('leases', {
  /** the duty, e.g. 'sla-sweep' */
  name: text('name').primaryKey(),
  /** who holds it: host:pid:random of the holding runtime */
  holder: text('holder').notNull(),
  /** held until then; after it, any process may claim it */
  expiresAt: ts('expires_at').notNull(),
})
