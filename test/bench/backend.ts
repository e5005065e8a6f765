// What the benchmarks share about the storage backend. The dialect is fixed per process (db/dialect.ts reads
// DATABASE_URL at import), so `npm run bench` runs the SQLite pass in its own process and the PostgreSQL pass in a
// child process started with DATABASE_URL set (run.ts). Here: which backend this process is, a throw-away
// database for one scenario, figures handed back to run.ts for the side-by-side table, and probes that say where
// the time goes (process CPU and RSS; on PostgreSQL statements, transactions, pool waits and backend CPU).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import pg from 'pg'
import { PROCESS_DIALECT } from '../../db/dialect.js'

export type Backend = 'sqlite' | 'pg'
export const BENCH_BACKEND: Backend = PROCESS_DIALECT
export const BACKEND_LABEL: Record<Backend, string> = { sqlite: 'SQLite', pg: 'PostgreSQL' }

/** Env keys for loadConfig: a temp SQLite file, or a fresh migrated PostgreSQL database. `dispose` removes it. */
export interface BenchDatabase {
  env: { SUYUAN_DB: string; DATABASE_URL?: string }
  /** for report lines */
  where: string
  /** PostgreSQL database name (for the probe) */
  pgName?: string
  dispose(): Promise<void>
}

export async function benchDatabase(prefix: string, dirBase = tmpdir()): Promise<BenchDatabase> {
  if (BENCH_BACKEND === 'pg') {
    const { freshPgDatabase } = await import('../support/pg.js')
    const fresh = await freshPgDatabase()
    const u = new URL(fresh.url)
    return {
      env: { SUYUAN_DB: ':memory:', DATABASE_URL: fresh.url },
      where: `PostgreSQL database ${fresh.name} at ${u.host} (fresh clone of the migrated template, dropped afterwards)`,
      pgName: fresh.name,
      dispose: () => fresh.drop(),
    }
  }
  const dir = mkdtempSync(join(dirBase, prefix))
  return {
    env: { SUYUAN_DB: join(dir, 'bench.db') },
    where: `SQLite in ${dir.startsWith('/dev/shm') ? 'tmpfs (/dev/shm)' : 'a temp file on disk'}`,
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

// ---- figures for run.ts's side-by-side table ----

export interface PgReading {
  pool: {
    max: number
    connects: number
    waitMeanMs: number
    waitP99Ms: number
    waitMaxMs: number
    maxWaiting: number
    /** connection held (checkout → release) per delivery, summed over its checkouts and the jobs it caused */
    holdMsPerTurn: number
  }
  statementsPerTurn: number
  /** explicit BEGIN…COMMIT units plus single statements run outside one (each its own transaction) */
  transactionsPerTurn: number
  explicitTxPerTurn: number
  commitMeanMs: number
  statementMeanMs: number
  /** sum of statement round trips (send → result) per delivery */
  dbMsPerTurn: number
  /** the PostgreSQL backends of this database, % of one core over the phase (null when /proc is not readable) */
  backendCpuPct: number | null
  /** the most frequent statement shapes ("insert messages"), per delivery */
  topStatements: [string, number][]
  /** the most frequent transactions (their statement shapes in order), per delivery */
  topTransactions: [string, number][]
}

export interface WebhookFigures {
  bench: 'webhook'
  backend: Backend
  scenario: 'real' | 'stub'
  kind: string
  offered: number
  connections: number
  seconds: number
  requests: number
  p50: number
  p99: number
  max: number
  mean: number
  non2xx: number
  errors: number
  timeouts: number
  /** deliveries of the fixed-rate phase answered by a passive reply within the reply budget / deferred to 客服 */
  passive: number
  deferred: number
  /** deliveries the server claimed during the phase (more than `requests`: those in flight when the load stopped) */
  claimed: number
  unsettled: number
  budgetMs: number
  /** the bench process (server + analyzer thread), % of one core over the fixed-rate phase */
  cpuPct: number
  rssPeakMb: number
  /** this process's event-loop delay over the phase (time a ready callback waited for the loop) */
  loopP99Ms: number
  loopMeanMs: number
  satRps: number
  satRatio: number
  loadAvg: number
  pg?: PgReading
}

export interface SweepFigures {
  bench: 'sweep'
  backend: Backend
  n: number
  insertS: number
  firstMs: number
  firstFired: number
  steadyMs: number[]
  candidates: number
}

/** the bare fastify route's req/s (the webhook's throughput baseline) */
export interface BareFigures {
  bench: 'bare'
  backend: Backend
  rps: number
}

export type Figures = WebhookFigures | SweepFigures | BareFigures

const figures: Figures[] = []
export const recordFigures = (f: Figures): void => void figures.push(f)
export const collectedFigures = (): Figures[] => figures

// ---- probes ----

/** CPU of this process (all threads), its peak RSS and its event-loop delay, over a phase. */
export function processProbe(): { stop(): { cpuPct: number; rssPeakMb: number; loopP99Ms: number; loopMeanMs: number } } {
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100)
  timer.unref()
  return {
    stop() {
      clearInterval(timer)
      loop.disable()
      peak = Math.max(peak, process.memoryUsage.rss())
      const c = process.cpuUsage(cpu0)
      const wallUs = (performance.now() - t0) * 1000
      return {
        cpuPct: ((c.user + c.system) / wallUs) * 100,
        rssPeakMb: peak / 2 ** 20,
        // the histogram is in ns and includes the sampling resolution itself
        loopP99Ms: Math.max(0, loop.percentile(99) / 1e6 - 10),
        loopMeanMs: Math.max(0, loop.mean / 1e6 - 10),
      }
    },
  }
}

/** user+system ticks of a process from /proc, or null */
function procTicks(pid: number): number | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
    // after "pid (comm) ": state is field 3, utime 14, stime 15 → indexes 11 and 12 here
    return Number(f[11]) + Number(f[12])
  } catch {
    return null
  }
}
const CLK_TCK = 100

interface Counters {
  holdMs: number
  shapes: Map<string, number>
  txs: Map<string, number>
  statements: number
  begins: number
  commits: number
  standalone: number
  commitMs: number
  statementMs: number
  waits: number[]
  maxWaiting: number
}
const zero = (): Counters => ({ holdMs: 0, shapes: new Map(), txs: new Map(), statements: 0, begins: 0, commits: 0, standalone: 0, commitMs: 0, statementMs: 0, waits: [], maxWaiting: 0 })

/** Hooks node-postgres once per process: every statement of a client not marked `excluded` is counted and timed. */
let hooked = false
const excluded = new WeakSet<object>()
/** per client inside BEGIN…COMMIT: the statement shapes so far */
const inTx = new WeakMap<object, string[] | null>()

/** `insert messages`, `select conversations`, `update tickets`: verb and first table of a drizzle statement */
function shapeOf(text: string): string {
  const t = text.trimStart()
  const verb = (/^\w+/.exec(t)?.[0] ?? '?').toLowerCase()
  const table =
    verb === 'insert' ? /^insert\s+into\s+"?(\w+)/i.exec(t)?.[1]
    : verb === 'update' ? /^update\s+"?(\w+)/i.exec(t)?.[1]
    : verb === 'delete' ? /^delete\s+from\s+"?(\w+)/i.exec(t)?.[1]
    : verb === 'select' || verb === 'with' ? (/\sfrom\s+"?(\w+)/i.exec(t)?.[1] ?? /^select\s+(\w+)\s*\(/i.exec(t)?.[1])
    : undefined
  return table ? `${verb} ${table}` : verb
}
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1)
let active: Counters | null = null

function hookClientQuery(): void {
  if (hooked) return
  hooked = true
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }
  const orig = proto.query
  proto.query = function (this: object, ...args: unknown[]) {
    const c = active
    if (!c || excluded.has(this)) return orig.apply(this, args)
    const first = args[0]
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '')
    const verb = text.trimStart().slice(0, 8).toLowerCase()
    const isBegin = verb.startsWith('begin')
    const isEnd = verb.startsWith('commit') || verb.startsWith('rollback')
    c.statements++
    const open = inTx.get(this)
    if (isBegin) {
      c.begins++
      inTx.set(this, [])
    } else if (isEnd) {
      if (open) bump(c.txs, `${open.slice(0, 5).join(' → ')}${open.length > 5 ? ` → …(${open.length})` : ''}${verb.startsWith('rollback') ? ' ✗rollback' : ''}`)
      inTx.set(this, null)
    } else {
      const shape = shapeOf(text)
      bump(c.shapes, shape)
      if (open) open.push(shape)
      else c.standalone++
    }
    const t0 = performance.now()
    const done = (): void => {
      const ms = performance.now() - t0
      c.statementMs += ms
      if (verb.startsWith('commit')) {
        c.commits++
        c.commitMs += ms
      }
    }
    const last = args[args.length - 1]
    if (typeof last === 'function') {
      args[args.length - 1] = function (this: unknown, ...r: unknown[]) {
        done()
        return (last as (...x: unknown[]) => unknown).apply(this, r)
      }
      return orig.apply(this, args)
    }
    const out = orig.apply(this, args)
    if (out && typeof (out as Promise<unknown>).then === 'function') (out as Promise<unknown>).then(done, done)
    return out
  }
}

/**
 * Where the time goes on PostgreSQL, over one phase: statements and transactions the app runs, COMMIT round trips,
 * waits for a pooled connection, and the CPU the database's backends burn (PostgreSQL runs on this machine).
 */
export function pgProbe(pool: pg.Pool, dbName: string) {
  hookClientQuery()
  // pool.query() and transactions both go through pool.connect: time from asking to holding a connection
  const p = pool as unknown as { connect: (...a: unknown[]) => unknown; options: { max?: number }; waitingCount: number }
  const connect = p.connect.bind(pool)
  p.connect = (...args: unknown[]) => {
    const c = active
    if (!c) return connect(...args)
    c.maxWaiting = Math.max(c.maxWaiting, p.waitingCount + 1)
    const t0 = performance.now()
    const cb = args[0]
    // pg-pool gives every checkout a fresh client.release: wrapped here, it times how long the connection is held
    const held = (client: unknown): void => {
      const k = client as { release?: (...a: unknown[]) => unknown } | undefined
      const release = k?.release
      if (!k || typeof release !== 'function') return
      const tAcq = performance.now()
      k.release = (...a: unknown[]) => {
        c.holdMs += performance.now() - tAcq
        k.release = release
        return release.apply(k, a)
      }
    }
    if (typeof cb === 'function') {
      return connect((e: unknown, client: unknown, release: unknown) => {
        c.waits.push(performance.now() - t0)
        if (!e) held(client)
        ;(cb as (...x: unknown[]) => void)(e, client, release)
      })
    }
    return (connect() as Promise<unknown>).then((client) => {
      c.waits.push(performance.now() - t0)
      held(client)
      return client
    })
  }

  const backendTicks = async (): Promise<Map<number, number> | null> => {
    const admin = new pg.Client({ connectionString: poolUrl(pool) })
    excluded.add(admin)
    admin.on('error', () => {})
    try {
      await admin.connect()
      const r = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName])
      const m = new Map<number, number>()
      for (const { pid } of r.rows) {
        const t = procTicks(pid)
        if (t === null) return null
        m.set(pid, t)
      }
      return m
    } catch {
      return null
    } finally {
      await admin.end().catch(() => {})
    }
  }

  function reading(c: Counters, cpu: number | null, turns: number): PgReading {
    const w = [...c.waits].sort((a, b) => a - b)
    const per = (x: number) => x / Math.max(1, turns)
    return {
      pool: {
        max: p.options.max ?? 10,
        connects: w.length,
        waitMeanMs: w.reduce((s, x) => s + x, 0) / Math.max(1, w.length),
        waitP99Ms: w[Math.min(w.length - 1, Math.floor(w.length * 0.99))] ?? 0,
        waitMaxMs: w[w.length - 1] ?? 0,
        maxWaiting: c.maxWaiting,
        holdMsPerTurn: per(c.holdMs),
      },
      statementsPerTurn: per(c.statements),
      transactionsPerTurn: per(c.begins + c.standalone),
      explicitTxPerTurn: per(c.begins),
      commitMeanMs: c.commitMs / Math.max(1, c.commits),
      statementMeanMs: c.statementMs / Math.max(1, c.statements),
      dbMsPerTurn: per(c.statementMs),
      backendCpuPct: cpu,
      topStatements: top(c.shapes, 8).map(([k, n]) => [k, per(n)]),
      topTransactions: top(c.txs, 6).map(([k, n]) => [k, per(n)]),
    }
  }

  return {
    /**
     * Counting starts now. stop() reads the backends' CPU at the end of the load; the statement counters keep
     * running until finish(), so the work of deliveries still in flight at the end (their settles) is counted, and
     * finish() returns the figures per delivery for the number of deliveries the phase claimed.
     */
    async start(): Promise<{ stop(): Promise<{ finish(): (turns: number) => PgReading }> }> {
      const ticks0 = await backendTicks()
      const c = zero()
      const t0 = performance.now()
      active = c
      return {
        async stop() {
          const wallS = (performance.now() - t0) / 1000
          const ticks1 = await backendTicks()
          let cpu: number | null = null
          if (ticks0 && ticks1) {
            let d = 0
            for (const [pid, t] of ticks1) d += t - (ticks0.get(pid) ?? t) // a backend born mid-phase: not counted
            cpu = (d / CLK_TCK / wallS) * 100
          }
          return {
            finish() {
              if (active === c) active = null
              return (turns) => reading(c, cpu, turns)
            },
          }
        },
      }
    },
  }
}

const top = (m: Map<string, number>, k: number): [string, number][] => [...m].sort((a, b) => b[1] - a[1]).slice(0, k)

function poolUrl(pool: pg.Pool): string {
  return (pool as unknown as { options: { connectionString: string } }).options.connectionString
}

/** The node-postgres pool under a drizzle database opened on PostgreSQL. */
export const poolOf = (db: unknown): pg.Pool => (db as { $client: pg.Pool }).$client
