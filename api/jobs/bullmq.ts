// With REDIS_URL, jobs go through bullmq. The outbox stays the source of truth: rows are handed to bullmq after
// commit (jobId derived from the outbox id, so a re-dispatch is a no-op), the worker marks them done, and a periodic
// sweep re-dispatches rows that were lost while Redis or the process was down.
//
// Several processes: every process is a producer (stage in the transaction, kick after commit; two processes
// kicking the same row add one bullmq job, its id being the row's). Only processes that call start() — roles
// 'worker' and 'all' — run the bullmq Worker and the relay sweep; a 'web' process never does.
import { Queue, Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import type { Db } from '../../db/client.js'
import type { Clock, EnqueueOptions, JobHandler, JobName, JobPayloads, JobQueue, Logger, Runtime, UnitOfWork } from '../types.js'
import {
  JOB_MAX_ATTEMPTS,
  dueUndone,
  getOutboxRow,
  markDispatched,
  markDone,
  markFailed,
  stageJob,
  undispatched,
} from './outbox.js'

export interface BullOptions {
  redisUrl: string
  /** Redis key prefix (tests use a unique one per file) */
  prefix?: string
  queueName?: string
  concurrency?: number
  /** how often the sweep re-dispatches lost rows, ms */
  sweepMs?: number
}

const jobIdFor = (outboxId: number) => `ob-${outboxId}`

/** While Redis is down a dispatch would wait for the reconnect; the outbox keeps the row, the sweep retries. */
const DISPATCH_TIMEOUT_MS = 2000
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error('redis unavailable: dispatch timed out')), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

export class BullQueue implements JobQueue {
  readonly kind = 'bullmq' as const
  private handlers = new Map<string, JobHandler<JobName>>()
  private conn: Redis
  private workerConn: Redis
  private queue: Queue
  private worker: Worker | null = null
  private sweepTimer: NodeJS.Timeout | null = null
  private closed = false
  rt: Runtime | null = null

  constructor(
    private db: Db,
    private uow: UnitOfWork,
    private clock: Clock,
    private log: Logger,
    private opts: BullOptions,
  ) {
    const redisOpts = { maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false } as const
    this.conn = new Redis(opts.redisUrl, redisOpts)
    this.workerConn = new Redis(opts.redisUrl, redisOpts)
    // Redis outages are expected; log and let the sweep recover.
    this.conn.on('error', (e) => this.log.warn({ err: e.message }, 'redis (queue) error'))
    this.workerConn.on('error', (e) => this.log.warn({ err: e.message }, 'redis (worker) error'))
    this.queue = new Queue(opts.queueName ?? 'suyuan-jobs', { connection: this.conn, prefix: opts.prefix ?? 'suyuan' })
    this.queue.on('error', (e) => this.log.warn({ err: e.message }, 'bullmq queue error'))
  }

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    this.handlers.set(name, handler as unknown as JobHandler<JobName>)
  }

  start(): void {
    this.worker = new Worker(
      this.opts.queueName ?? 'suyuan-jobs',
      async (job: Job<{ outboxId: number }>) => this.process(job.data.outboxId),
      {
        connection: this.workerConn,
        prefix: this.opts.prefix ?? 'suyuan',
        concurrency: this.opts.concurrency ?? 4,
      },
    )
    this.worker.on('error', (e) => this.log.warn({ err: e.message }, 'bullmq worker error'))
    const sweep = () => {
      if (this.closed) return
      void this.sweep().finally(() => {
        if (!this.closed) {
          this.sweepTimer = setTimeout(sweep, this.opts.sweepMs ?? 30_000)
          this.sweepTimer.unref()
        }
      })
    }
    this.sweepTimer = setTimeout(sweep, this.opts.sweepMs ?? 30_000)
    this.sweepTimer.unref()
  }

  private async process(outboxId: number): Promise<void> {
    const row = await getOutboxRow(this.db, outboxId)
    if (!row || row.doneAt) return // already done: at-least-once delivery, idempotent handling
    try {
      const handler = this.handlers.get(row.job)
      if (!handler || !this.rt) throw new Error(`no handler for ${row.job}`)
      await handler(row.payload as never, this.rt)
      const at = this.clock.now()
      await this.uow.run((tx) => markDone(tx, row.id, at))
      this.log.debug({ outboxId: row.id, job: row.job }, 'job done')
    } catch (err) {
      const now = this.clock.now()
      const msg = err instanceof Error ? err.message : String(err)
      const gaveUp = await this.uow.run((tx) => markFailed(tx, row, msg, now)).catch(() => false)
      // after the last try the outbox row is closed; bullmq must not retry it either
      if (!gaveUp) throw err
    }
  }

  stage<N extends JobName>(tx: Db, name: N, payload: JobPayloads[N], opts?: EnqueueOptions): Promise<void> {
    return stageJob(tx, name, payload, this.clock.now(), opts)
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts?: EnqueueOptions): Promise<void> {
    await this.uow.run((tx) => this.stage(tx, name, payload, opts))
    await this.kick()
  }

  /** Hand undispatched outbox rows to bullmq. If Redis is down the rows stay and the sweep retries. */
  async kick(): Promise<void> {
    if (this.closed) return
    const rows = await undispatched(this.db)
    for (const row of rows) {
      const delay = Math.max(0, row.runAt.getTime() - this.clock.now().getTime())
      try {
        await withTimeout(this.queue.add(
          row.job,
          { outboxId: row.id },
          {
            jobId: jobIdFor(row.id),
            delay,
            attempts: JOB_MAX_ATTEMPTS - row.attempts,
            backoff: { type: 'exponential', delay: 500 },
            removeOnComplete: 1000,
            removeOnFail: 5000,
          },
        ), DISPATCH_TIMEOUT_MS)
        const at = this.clock.now()
        await this.uow.run((tx) => markDispatched(tx, row.id, at))
      } catch (err) {
        this.log.warn({ outboxId: row.id, err: err instanceof Error ? err.message : String(err) }, 'dispatch failed')
        return
      }
    }
  }

  /**
   * Source-of-truth sweep: rows that are due, dispatched but not done, and no longer known to bullmq (Redis was
   * flushed or lost) are dispatched again; undispatched rows are handed over.
   */
  async sweep(): Promise<void> {
    if (this.closed) return
    try {
      for (const row of await dueUndone(this.db, this.clock.now())) {
        if (!row.dispatchedAt) continue
        const job = await this.queue.getJob(jobIdFor(row.id))
        if (!job) {
          await this.queue.add(
            row.job,
            { outboxId: row.id },
            { jobId: jobIdFor(row.id), attempts: Math.max(1, JOB_MAX_ATTEMPTS - row.attempts), backoff: { type: 'exponential', delay: 500 } },
          )
        } else if (await job.isFailed()) {
          await job.retry()
        }
      }
      await this.kick()
    } catch (err) {
      this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'sweep failed')
    }
  }

  async idle(): Promise<void> {
    for (let i = 0; i < 500; i++) {
      await this.kick()
      const pending = await dueUndone(this.db, this.clock.now())
      if (pending.length === 0) return
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.sweepTimer) clearTimeout(this.sweepTimer)
    await this.worker?.close().catch(() => undefined)
    await this.queue.close().catch(() => undefined)
    this.conn.disconnect()
    this.workerConn.disconnect()
  }

  /** tests: remove this queue's keys */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true }).catch(() => undefined)
  }
}
