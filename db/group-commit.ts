// Group commit: small write units from concurrent requests share one transaction, so one fsync
// (synchronous=FULL) covers many of them. Each unit still commits durably before its promise resolves, and a unit
// that throws is rolled back alone (savepoint) without failing the others.
import type Database from 'better-sqlite3'
import type { Db } from './client.js'

export type WriteUnit<T> = (db: Db) => T

interface Pending {
  work: WriteUnit<unknown>
  resolve(v: unknown): void
  reject(e: unknown): void
}

class GroupCommit {
  private queue: Pending[] = []
  private scheduled = false
  private readonly all: Database.Transaction<(batch: Pending[], out: Outcome[]) => void>
  private readonly one: Database.Transaction<(work: WriteUnit<unknown>) => unknown>

  constructor(private readonly db: Db) {
    const client = (db as unknown as { $client: Database.Database }).$client
    // nested native transactions are savepoints: one unit's failure undoes only that unit
    this.one = client.transaction((work: WriteUnit<unknown>) => work(db))
    this.all = client.transaction((batch: Pending[], out: Outcome[]) => {
      for (const p of batch) {
        try {
          out.push({ ok: true, value: batch.length === 1 ? p.work(db) : this.one(p.work) })
        } catch (error) {
          if (batch.length === 1) throw error
          out.push({ ok: false, error })
        }
      }
    })
  }

  run<T>(work: WriteUnit<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject })
      if (!this.scheduled) {
        this.scheduled = true
        // after the poll phase: requests that arrived meanwhile join the same commit
        setImmediate(this.flush)
      }
    })
  }

  private flush = (): void => {
    this.scheduled = false
    const batch = this.queue
    this.queue = []
    if (batch.length === 0) return
    const out: Outcome[] = []
    try {
      this.all.immediate(batch, out)
    } catch (error) {
      // the commit itself failed (or the only unit threw): nothing of the batch is stored
      for (const p of batch) p.reject(error)
      return
    }
    batch.forEach((p, i) => {
      const o = out[i]!
      if (o.ok) p.resolve(o.value)
      else p.reject(o.error)
    })
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

// one per connection: every caller writing through it shares the same commits
const committers = new WeakMap<Database.Database, GroupCommit>()

/**
 * Runs `work` inside the next shared transaction of this database and resolves once that transaction is
 * committed (durable). `work` must be synchronous and must not open its own BEGIN (db.transaction nests fine).
 */
export function commitSoon<T>(db: Db, work: WriteUnit<T>): Promise<T> {
  const client = (db as unknown as { $client: Database.Database }).$client
  let g = committers.get(client)
  if (!g) {
    g = new GroupCommit(db)
    committers.set(client, g)
  }
  return g.run(work)
}
