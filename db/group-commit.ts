// Group commit for SQLite: small write units from concurrent requests share one transaction, so one fsync
// (synchronous=FULL) covers many of them. Each unit still commits durably before its promise resolves, and a unit
// that throws is rolled back alone (savepoint) without failing the others.
//
// Units are async (the same code runs on PostgreSQL), but on better-sqlite3 every drizzle call settles on the
// microtask queue, so a batch runs start to finish before any other macrotask: nothing else can slip a write
// into the open transaction. A unit must therefore await only database calls on its `tx` — never the network,
// a timer or the analyzer thread. A unit that is still pending when the batch's macrotask ends is refused
// (UOW_AWAITED_IO) rather than left holding the transaction open.
import type Database from 'better-sqlite3'
import { SuyuanError } from '../core/errors.js'
import type { Db } from './client.js'

export type WriteUnit<T> = (tx: Db) => Promise<T> | T

interface Pending {
  work: WriteUnit<unknown>
  resolve(v: unknown): void
  reject(e: unknown): void
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

class GroupCommit {
  private queue: Pending[] = []
  private scheduled = false
  private running = false

  constructor(
    private readonly db: Db,
    private readonly client: Database.Database,
  ) {}

  run<T>(work: WriteUnit<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject })
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.scheduled || this.running) return
    this.scheduled = true
    // after the poll phase: requests that arrived meanwhile join the same commit
    setImmediate(() => void this.flush())
  }

  private async flush(): Promise<void> {
    this.scheduled = false
    const batch = this.queue
    this.queue = []
    if (batch.length === 0) return
    this.running = true
    const out: Outcome[] = []
    let stalled = false
    // a unit that awaits anything but this connection would leave the transaction open across macrotasks
    const guard = setImmediate(() => {
      stalled = true
    })
    try {
      this.client.exec('BEGIN IMMEDIATE')
      for (let i = 0; i < batch.length; i++) {
        const p = batch[i]!
        const single = batch.length === 1
        if (!single) this.client.exec(`SAVEPOINT u${i}`)
        try {
          const value = await p.work(this.db)
          if (stalled) throw new SuyuanError('UOW_AWAITED_IO', 'a write unit awaited something other than the database')
          if (!single) this.client.exec(`RELEASE u${i}`)
          out.push({ ok: true, value })
        } catch (error) {
          if (single || stalled) throw error
          this.client.exec(`ROLLBACK TO u${i}`)
          this.client.exec(`RELEASE u${i}`)
          out.push({ ok: false, error })
        }
      }
      this.client.exec('COMMIT')
    } catch (error) {
      // the commit itself failed (or the only unit threw): nothing of the batch is stored
      if (this.client.inTransaction) this.client.exec('ROLLBACK')
      for (const p of batch) p.reject(error)
      return
    } finally {
      clearImmediate(guard)
      this.running = false
      if (this.queue.length > 0) this.schedule()
    }
    batch.forEach((p, i) => {
      const o = out[i]!
      if (o.ok) p.resolve(o.value)
      else p.reject(o.error)
    })
  }
}

// one per connection: every caller writing through it shares the same commits
const committers = new WeakMap<Database.Database, GroupCommit>()

export const clientOf = (db: Db): Database.Database => (db as unknown as { $client: Database.Database }).$client

/**
 * Runs `work` inside the next shared transaction of this database and resolves once that transaction is
 * committed (durable). `work` must not open its own BEGIN and may await only calls on `tx`.
 */
export function commitSoon<T>(db: Db, work: WriteUnit<T>): Promise<T> {
  const client = clientOf(db)
  let g = committers.get(client)
  if (!g) {
    g = new GroupCommit(db, client)
    committers.set(client, g)
  }
  return g.run(work)
}
