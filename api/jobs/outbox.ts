// The outbox table is the source of truth for jobs: staged in the same transaction as the change that causes
// them, handed to a backend (bullmq or in-process) after commit, marked done when a handler succeeds.
import { randomUUID } from 'node:crypto'
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { outbox } from '../../db/schema/index.js'
import type { EnqueueOptions, JobName, JobPayloads } from '../types.js'

export type OutboxRow = typeof outbox.$inferSelect

export function stageJob<N extends JobName>(
  tx: Db,
  name: N,
  payload: JobPayloads[N],
  now: Date,
  opts: EnqueueOptions = {},
): void {
  const key = opts.key ?? `${name}-${randomUUID()}`
  tx.insert(outbox)
    .values({
      job: name,
      payload: payload as Record<string, unknown>,
      jobKey: key,
      runAt: new Date(now.getTime() + (opts.delayMs ?? 0)),
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.jobKey })
    .run()
}

/** Rows not yet handed to the backend. */
export function undispatched(db: Db, limit = 500): OutboxRow[] {
  return db
    .select()
    .from(outbox)
    .where(and(isNull(outbox.dispatchedAt), isNull(outbox.doneAt)))
    .orderBy(asc(outbox.id))
    .limit(limit)
    .all()
}

/** Rows that are due and not done (in-process runner, and the sweep after an outage). */
export function dueUndone(db: Db, now: Date, limit = 500): OutboxRow[] {
  return db
    .select()
    .from(outbox)
    .where(and(isNull(outbox.doneAt), lte(outbox.runAt, now)))
    .orderBy(asc(outbox.runAt), asc(outbox.id))
    .limit(limit)
    .all()
}

export function nextPendingRunAt(db: Db): Date | null {
  const row = db
    .select({ at: sql<number | null>`min(${outbox.runAt})` })
    .from(outbox)
    .where(isNull(outbox.doneAt))
    .get()
  return row?.at ? new Date(row.at) : null
}

export function markDispatched(db: Db, id: number, now: Date): void {
  db.update(outbox).set({ dispatchedAt: now }).where(eq(outbox.id, id)).run()
}

export function markDone(db: Db, id: number, now: Date): void {
  db.update(outbox).set({ doneAt: now, lastError: null }).where(eq(outbox.id, id)).run()
}

export function markFailed(db: Db, id: number, error: string, retryAt: Date | null): void {
  db.update(outbox)
    .set({
      attempts: sql`${outbox.attempts} + 1`,
      lastError: error.slice(0, 500),
      ...(retryAt ? { runAt: retryAt } : {}),
    })
    .where(eq(outbox.id, id))
    .run()
}

export function getOutboxRow(db: Db, id: number): OutboxRow | undefined {
  return db.select().from(outbox).where(eq(outbox.id, id)).get()
}
