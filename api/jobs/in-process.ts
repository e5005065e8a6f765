// Without REDIS_URL, jobs run inside this process from the outbox: due rows run now, the next delayed row gets a
// timer, failures retry with backoff. Same handlers as the bullmq backend.
import type { Db } from '../../db/client.js'
import type { Clock, EnqueueOptions, JobHandler, JobName, JobPayloads, JobQueue, Logger, Runtime, UnitOfWork } from '../types.js'
import { dueUndone, markDone, markFailed, nextPendingRunAt, stageJob, type OutboxRow } from './outbox.js'

export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const
  private handlers = new Map<string, JobHandler<JobName>>()
  private running = new Set<number>()
  private draining: Promise<void> | null = null
  private rerun = false
  private timer: NodeJS.Timeout | null = null
  private closed = false
  private waiters: (() => void)[] = []
  rt: Runtime | null = null

  constructor(
    private db: Db,
    private uow: UnitOfWork,
    private clock: Clock,
    private log: Logger,
  ) {}

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    this.handlers.set(name, handler as unknown as JobHandler<JobName>)
  }

  stage<N extends JobName>(tx: Db, name: N, payload: JobPayloads[N], opts?: EnqueueOptions): Promise<void> {
    return stageJob(tx, name, payload, this.clock.now(), opts)
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts?: EnqueueOptions): Promise<void> {
    await this.uow.run((tx) => this.stage(tx, name, payload, opts))
    await this.kick()
  }

  kick(): Promise<void> {
    if (this.closed) return Promise.resolve()
    // Called while draining (often from inside a handler that staged a follow-up job): the running drain loops
    // until nothing is due, so waiting on it here would wait on ourselves.
    if (this.draining) {
      this.rerun = true
      return Promise.resolve()
    }
    {
      this.draining = this.drain().finally(() => {
        this.draining = null
        if (this.rerun) {
          this.rerun = false
          void this.kick()
        }
        void this.schedule()
        if (this.running.size === 0) this.wake()
      })
    }
    return this.draining
  }

  private async drain(): Promise<void> {
    // Loop until nothing due is left: handlers may stage follow-up jobs.
    for (let round = 0; round < 1000 && !this.closed; round++) {
      const due = (await dueUndone(this.db, this.clock.now())).filter((r) => !this.running.has(r.id))
      if (due.length === 0) return
      await Promise.all(due.map((row) => this.runOne(row)))
    }
  }

  private async runOne(row: OutboxRow): Promise<void> {
    const handler = this.handlers.get(row.job)
    if (!handler || !this.rt) {
      const now = this.clock.now()
      await this.uow.run((tx) => markFailed(tx, row, `no handler for ${row.job}`, now))
      return
    }
    this.running.add(row.id)
    try {
      await handler(row.payload as never, this.rt)
      // shares the fsync with whatever else commits now (group commit)
      const at = this.clock.now()
      await this.uow.run((tx) => markDone(tx, row.id, at))
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err)
      this.log.warn({ job: row.job, outboxId: row.id, attempt: row.attempts + 1, err: msg }, 'job failed')
      const now = this.clock.now()
      await this.uow.run((tx) => markFailed(tx, row, msg, now)).catch(() => undefined)
    } finally {
      this.running.delete(row.id)
    }
  }

  private async schedule(): Promise<void> {
    if (this.closed) return
    const next = await nextPendingRunAt(this.db).catch(() => null)
    if (this.closed) return
    if (this.timer) clearTimeout(this.timer)
    if (!next) return
    const wait = Math.max(10, Math.min(next.getTime() - this.clock.now().getTime(), 60_000))
    this.timer = setTimeout(() => void this.kick(), wait)
    this.timer.unref()
  }

  private wake(): void {
    const w = this.waiters
    this.waiters = []
    for (const f of w) f()
  }

  async idle(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      await this.kick()
      const due = await dueUndone(this.db, this.clock.now())
      if (due.length === 0 && this.running.size === 0) return
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    if (this.draining) await this.draining.catch(() => undefined)
  }
}
