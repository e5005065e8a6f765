// Small helpers that keep repository code the same on SQLite and PostgreSQL: drizzle's query builders are awaited
// (never better-sqlite3's .get/.all/.run), single rows come from `first`, counts are numbers on both.
import { sql } from 'drizzle-orm'

/** The first row of a query, or undefined. Add `.limit(1)` to the query where it can match many. */
export async function first<T>(q: PromiseLike<T[]>): Promise<T | undefined> {
  return (await q)[0]
}

/** count(*) as a number (node-postgres returns bigint counts as strings). */
export const countStar = () => sql<number>`count(*)`.mapWith(Number)
