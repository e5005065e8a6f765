// Leases (db/schema/*/leases.ts): one process at a time performs a named duty — the SLA sweep and retention on a
// cluster of processes sharing one PostgreSQL database. Claiming and renewing are one statement, the same SQL
// shape on both dialects:
//
//   INSERT INTO leases (name, holder, expires_at) VALUES ($name, $holder, $now + ttl)
//   ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
//     WHERE leases.holder = excluded.holder OR leases.expires_at < $now
//   RETURNING name
//
// A row comes back when the lease was free, was ours (renewed) or had expired (taken over); none when another
// holder's lease is still running. The row lock of the conflicting row (PostgreSQL) or the write lock (SQLite)
// makes two claims at one moment see each other: exactly one wins.
//
// `now` is the caller's wall clock: processes on several hosts need clocks that agree to well within the TTL.
import { and, eq, lt, or, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { first } from '../query.js'
import { leases } from '../schema/index.js'
import type { UnitOfWork } from '../store.js'

export type LeaseRow = typeof leases.$inferSelect

/** Claims or renews `name` for `holder` until now + ttlMs; true when `holder` holds it now. */
export async function tryHoldLease(store: { uow: UnitOfWork }, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs)
  const rows = await store.uow.run((tx) =>
    tx
      .insert(leases)
      .values({ name, holder, expiresAt })
      .onConflictDoUpdate({
        target: leases.name,
        set: { holder: sql`excluded.holder`, expiresAt: sql`excluded.expires_at` },
        setWhere: or(eq(leases.holder, sql`excluded.holder`), lt(leases.expiresAt, now)),
      })
      .returning({ name: leases.name }),
  )
  return rows.length === 1
}

/** Gives the lease up (a clean shutdown), so another process need not wait for it to expire; true if it was ours. */
export async function releaseLease(store: { uow: UnitOfWork }, name: string, holder: string): Promise<boolean> {
  const rows = await store.uow.run((tx) =>
    tx
      .delete(leases)
      .where(and(eq(leases.name, name), eq(leases.holder, holder)))
      .returning({ name: leases.name }),
  )
  return rows.length === 1
}

/** The lease as stored (its holder may have let it expire). */
export function getLease(db: Db, name: string): Promise<LeaseRow | undefined> {
  return first(db.select().from(leases).where(eq(leases.name, name)))
}
