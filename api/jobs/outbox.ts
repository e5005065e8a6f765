// The outbox table is the source of truth for jobs: staged in the same transaction as the change that causes
// them, handed to a backend (bullmq or in-process) after commit, marked done when a handler succeeds.
import { randomUUID } from 'node:crypto'
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { first } from '../../db/query.js'
import { outbox } from '../../db/schema/index.js'
import type { EnqueueOptions, JobName, JobPayloads } from '../types.js'

export type OutboxRow = typeof outbox.$inferSelect

/** The most tries a job gets, on either backend; then it is marked done with its last error kept. */
export const JOB_MAX_ATTEMPTS = 6
export const backoffMs = (attempt: number) => Math.min(60_000, 500 * 2 ** attempt)

export async function stageJob<N extends JobName>(
  tx: Db,
  name: N,
  payload: JobPayloads[N],
  now: Date,
  opts: EnqueueOptions = {},
): Promise<void> {
  const key = opts.key ?? `${name}-${randomUUID()}`
  await tx
    .insert(outbox)
    .values({
      job: name,
      payload: payload as Record<string, unknown>,
      jobKey: key,
      runAt: new Date(now.getTime() + (opts.delayMs ?? 0)),
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.jobKey })
}

/** Rows not yet handed to the backend. */
export function undispatched(db: Db, limit = 500): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(and(isNull(outbox.dispatchedAt), isNull(outbox.doneAt)))
    .orderBy(asc(outbox.id))
    .limit(limit)
}

/** Rows that are due and not done (in-process runner, and the sweep after an outage). */
export function dueUndone(db: Db, now: Date, limit = 500): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(and(isNull(outbox.doneAt), lte(outbox.runAt, now)))
    .orderBy(asc(outbox.runAt), asc(outbox.id))
    .limit(limit)
}

export async function nextPendingRunAt(db: Db): Promise<Date | null> {
  const row = await first(db.select({ at: outbox.runAt }).from(outbox).where(isNull(outbox.doneAt)).orderBy(asc(outbox.runAt)).limit(1))
  return row?.at ?? null
}

export async function markDispatched(db: Db, id: number, now: Date): Promise<void> {
  await db.update(outbox).set({ dispatchedAt: now }).where(eq(outbox.id, id))
}

export async function markDone(db: Db, id: number, now: Date): Promise<void> {
  await db.update(outbox).set({ doneAt: now, lastError: null }).where(eq(outbox.id, id))
}

/** Records a failed try; after the last allowed try the row is closed (done) with its error kept. */
export async function markFailed(db: Db, row: Pick<OutboxRow, 'id' | 'attempts'>, error: string, now: Date): Promise<boolean> {
  const attempt = row.attempts + 1
  const giveUp = attempt >= JOB_MAX_ATTEMPTS
  await db
    .update(outbox)
    .set({
      attempts: sql`${outbox.attempts} + 1`,
      lastError: error.slice(0, 500),
      ...(giveUp ? { doneAt: now } : { runAt: new Date(now.getTime() + backoffMs(attempt)) }),
    })
    .where(eq(outbox.id, row.id))
  return giveUp
}

export function getOutboxRow(db: Db, id: number): Promise<OutboxRow | undefined> {
  return first(db.select().from(outbox).where(eq(outbox.id, id)))
}
