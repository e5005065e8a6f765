// Column helpers shared by the PostgreSQL tables (not a table file; drizzle-kit finds no tables here).
import { timestamp } from 'drizzle-orm/pg-core'

/**
 * SQLite's `integer({ mode: 'timestamp_ms' })` ↔ timestamptz with millisecond precision: both come back as Date,
 * and nothing finer than a millisecond is stored on either side.
 */
export const ts = <N extends string>(name: N) => timestamp(name, { mode: 'date', withTimezone: true, precision: 3 })
