// The WeChat webhook under load, over loopback with autocannon running in its own process (webhook-load.ts): p50/p99 at a fixed 500 msg/s for 10 s, and
// saturated throughput as a ratio against a bare fastify route in the same run. Every request is a distinct
// delivery (own MsgId) from one of 2,000 citizens, so each one claims its key and runs a dialogue turn.
// Targets (SQLite, the embedded default): p99 ≤ 50 ms at 500 msg/s; throughput ≥ 0.25 of the bare route. On
// PostgreSQL (DATABASE_URL set, a fresh database per scenario) the same figures without a target, plus where the
// time goes (statements and transactions per delivery, pool waits, backend CPU: backend.ts pgProbe).
import { bareRuntime } from '../support/bare-runtime.js'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { loadConfig, type Config } from '../../core/config.js'
import { count } from 'drizzle-orm'
import { openStore } from '../../db/open-store.js'
import { openPgStore } from '../../db/pg/store.js'
import { inboundDeliveries, wechatDeferredAnswers } from '../../db/schema/index.js'
import { InProcessQueue } from '../../api/jobs/in-process.js'
import type { Logger, Runtime } from '../../api/types.js'
import wechatRoutes from '../../api/wechat/routes.js'
import { registerWeChatJobs } from '../../api/wechat/jobs.js'
import { runLoad } from './webhook-load.js'
import { BACKEND_LABEL, BENCH_BACKEND, benchDatabase, pgProbe, poolOf, processProbe, recordFigures, type PgReading } from './backend.js'

/** run.ts runs this file on SQLite and again in a PostgreSQL child process */
export const backends = ['sqlite', 'pg'] as const

const TOKEN = 'bench-token'
const RATE = Number(process.env.WEBHOOK_BENCH_RATE ?? 500)
const DURATION = Number(process.env.WEBHOOK_BENCH_SECONDS ?? 10)
const SAT_SECONDS = 5
// connections of the fixed-rate phase: below rate × latency the generator cannot hold the rate (see summary.ts)
const CONNECTIONS = Number(process.env.WEBHOOK_BENCH_CONNECTIONS ?? 50)
const ONLY = process.env.WEBHOOK_BENCH_ONLY
const quiet: Logger = { info() {}, warn() {}, error() {}, debug() {} }

// each load run starts its MsgIds where the last one could have ended
let seqBase = 0
const load = (url: string, o: { connections: number; duration: number; overallRate?: number }) => {
  const seqStart = seqBase
  seqBase += 1_000_000
  return runLoad({ url, token: TOKEN, seqStart, ...o })
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

/** WeChat's token and 客服 send endpoints, always succeeding, so follow-up parts go out as in production. */
async function fakeWeChatApi(): Promise<{ url: string; server: Server; sends(): number }> {
  let sends = 0
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      if (req.url?.startsWith('/cgi-bin/token')) return res.end(JSON.stringify({ access_token: 'bench-token', expires_in: 7200 }))
      sends++
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, sends: () => sends }
}

/** The real runtime when it loads (model, seeded court, real dialogue), else a stub dialogue over the real store. */
async function makeRuntime(config: Config, stub: boolean): Promise<{ rt: Runtime; kind: string }> {
  try {
    if (stub) throw new Error('asked for')
    const { createRuntime } = await import('../../api/runtime.js')
    const rt = await createRuntime(config, { log: quiet })
    return { rt, kind: 'real runtime (real dialogue + model)' }
  } catch (e) {
    // WEBHOOK_BENCH_PG_POOL=n: the stub's PostgreSQL pool size (the real runtime always has db/pg/open.ts's default)
    const pool = Number(process.env.WEBHOOK_BENCH_PG_POOL)
    const store = config.databaseUrl && pool > 0 ? await openPgStore(config.databaseUrl, { max: pool }) : await openStore(config)
    const clock = { now: () => new Date() }
    const rt = bareRuntime({
      store,
      config,
      clock,
      log: quiet,
      jobs: new InProcessQueue(store.db, store.uow, clock, quiet),
      dialogue: { handle: async (i) => ({ replies: [{ text: `已收到：${i.text}` }] }) },
    })
    const db = BACKEND_LABEL[BENCH_BACKEND]
    return { rt, kind: stub ? `stub dialogue (webhook layer alone, real ${db})` : `STUB dialogue (real runtime failed: ${(e as Error).message.slice(0, 80)})` }
  }
}

const ok = (b: boolean) => (b ? 'PASS' : 'MISS')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** inbound_deliveries rows by state (processing | done | deferred) */
async function deliveryStates(rt: Runtime): Promise<Record<string, number>> {
  const rows = await rt.db.select({ state: inboundDeliveries.state, n: count() }).from(inboundDeliveries).groupBy(inboundDeliveries.state)
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]))
}

/** the PostgreSQL probe's figures, for the scenario's lines */
export function pgReadingLines(r: PgReading, nodeCpuPct: number): string[] {
  const f = (x: number, d = 1) => x.toFixed(d)
  return [
    `  PostgreSQL, per delivery: ${f(r.statementsPerTurn)} statements in ${f(r.transactionsPerTurn)} transactions ` +
      `(${f(r.explicitTxPerTurn)} BEGIN…COMMIT, the rest single statements); round trip mean ${f(r.statementMeanMs, 2)} ms, COMMIT ${f(r.commitMeanMs, 2)} ms; ` +
      `${f(r.dbMsPerTurn)} ms of round trips and ${f(r.pool.holdMsPerTurn)} ms of connection held per delivery`,
    `  PostgreSQL pool of ${r.pool.max}: ${r.pool.connects} checkouts, wait mean ${f(r.pool.waitMeanMs)} ms, p99 ${f(r.pool.waitP99Ms)} ms, max ${f(r.pool.waitMaxMs)} ms, ` +
      `up to ${r.pool.maxWaiting} callers queued → at most ≈ ${f((r.pool.max * 1000) / Math.max(0.001, r.pool.holdMsPerTurn), 0)} deliveries/s at this hold time; ` +
      `CPU: postgres backends ${r.backendCpuPct === null ? 'n/a' : `${f(r.backendCpuPct, 0)}%`}, this process ${f(nodeCpuPct, 0)}% of a core`,
    `  statements per delivery: ${r.topStatements.map(([k, n]) => `${k} ${f(n, 2)}`).join(', ')}`,
    `  transactions per delivery: ${r.topTransactions.map(([k, n]) => `[${k}] ${f(n, 2)}`).join('; ')}`,
  ]
}

/** One runtime: warm-up, fixed-rate latency, then saturated throughput. */
async function scenario(stub: boolean, bareRps: number): Promise<string[]> {
  // WEBHOOK_BENCH_DB_DIR=/dev/shm measures SQLite without disk fsync (the DB runs synchronous=FULL)
  const api = await fakeWeChatApi()
  const dbx = await benchDatabase('suyuan-bench-', process.env.WEBHOOK_BENCH_DB_DIR ?? tmpdir())
  let rt: Runtime | undefined
  let hook: FastifyInstance | undefined
  try {
    const config = loadConfig({
      ...dbx.env,
      LOG_LEVEL: 'silent',
      SUYUAN_MODEL_DIR: process.env.SUYUAN_MODEL_DIR ?? join(process.cwd(), 'data', 'model'),
    })
    config.wechat = { ...config.wechat, token: TOKEN, appId: 'wxbench', appSecret: 'x', apiBase: api.url }
    const made = await makeRuntime(config, stub)
    rt = made.rt
    registerWeChatJobs(rt)
    hook = Fastify({ logger: false })
    await hook.register(wechatRoutes, { rt })
    const url = await listen(hook)
    const pgp = BENCH_BACKEND === 'pg' && dbx.pgName ? pgProbe(poolOf(rt.db), dbx.pgName) : null

    await load(url, { connections: 10, duration: 2 })
    await sleep(300) // the warm-up's settles commit
    const before = await deliveryStates(rt)
    const loadAvg = loadavg()[0] ?? 0
    const proc = processProbe()
    const pgRun = pgp ? await pgp.start() : null
    const fixed = await load(url, { connections: CONNECTIONS, duration: DURATION, overallRate: RATE })
    const usage = proc.stop()
    const pgStopped = pgRun ? await pgRun.stop() : undefined
    await sleep(500) // settles of the deliveries in flight when the load stopped
    const perDelivery = pgStopped?.finish()
    const after = await deliveryStates(rt)
    const diff = (k: string) => (after[k] ?? 0) - (before[k] ?? 0)
    const claimed = diff('done') + diff('deferred') + diff('processing')
    const pgr = perDelivery?.(claimed)

    const sat = await load(url, { connections: 20, duration: SAT_SECONDS })
    const ratio = sat.requests.average / Math.max(1, bareRps)
    const deferredAll = (await deliveryStates(rt)).deferred ?? 0
    const followUps = Number((await rt.db.select({ n: count() }).from(wechatDeferredAnswers))[0]?.n ?? 0)
    const budgetMs = config.wechat.replyBudgetMs
    recordFigures({
      bench: 'webhook',
      backend: BENCH_BACKEND,
      scenario: stub ? 'stub' : 'real',
      kind: made.kind,
      offered: RATE,
      connections: CONNECTIONS,
      seconds: DURATION,
      requests: fixed.requests.total,
      p50: fixed.latency.p50,
      p99: fixed.latency.p99,
      max: fixed.latency.max,
      mean: fixed.latency.average,
      non2xx: fixed.non2xx,
      errors: fixed.errors,
      timeouts: fixed.timeouts,
      passive: diff('done'),
      deferred: diff('deferred'),
      claimed,
      unsettled: diff('processing'),
      budgetMs,
      cpuPct: usage.cpuPct,
      rssPeakMb: usage.rssPeakMb,
      loopP99Ms: usage.loopP99Ms,
      loopMeanMs: usage.loopMeanMs,
      satRps: sat.requests.average,
      satRatio: ratio,
      loadAvg,
      pg: pgr,
    })
    const target = BENCH_BACKEND === 'sqlite' ? `  [target p99 ≤ 50 ms: ${ok(fixed.latency.p99 <= 50)}]` : ''
    return [
      `webhook bench [${made.kind}]; ${dbx.where}`,
      `  @ ${RATE} msg/s for ${DURATION}s: p50 ${fixed.latency.p50} ms, p99 ${fixed.latency.p99} ms, max ${fixed.latency.max} ms, mean ${fixed.latency.average.toFixed(1)} ms, ` +
        `${fixed.requests.total} requests (${(fixed.requests.total / DURATION).toFixed(0)}/s achieved), non-2xx ${fixed.non2xx}, errors ${fixed.errors}, timeouts ${fixed.timeouts}${target}`,
      `  same phase: of ${claimed} deliveries claimed, ${diff('done')} got a passive reply within the ${budgetMs} ms budget, ${diff('deferred')} were deferred to 客服, ${diff('processing')} unsettled; ` +
        `this process ${usage.cpuPct.toFixed(0)}% of a core, RSS peak ${usage.rssPeakMb.toFixed(0)} MB, ` +
        `event-loop delay mean ${usage.loopMeanMs.toFixed(1)} ms, p99 ${usage.loopP99Ms.toFixed(0)} ms; load average ${loadAvg.toFixed(2)} at start`,
      ...(pgr ? pgReadingLines(pgr, usage.cpuPct) : []),
      `  saturated (20 connections, ${SAT_SECONDS}s): ${sat.requests.average.toFixed(0)} req/s = ${ratio.toFixed(3)} of the bare route` +
        (BENCH_BACKEND === 'sqlite' ? `  [target ≥ 0.25: ${ok(ratio >= 0.25)}]` : ''),
      `  whole run: deliveries over the reply budget (answered via 客服 API): ${deferredAll}; answers with a 客服 follow-up part: ${followUps}, ` +
        `客服 sends served by the fake API: ${api.sends()}`,
    ]
  } finally {
    await hook?.close()
    await rt?.close()
    await new Promise((r) => api.server.close(r))
    await dbx.dispose()
  }
}

/** req/s of a bare fastify route that parses the XML body as a string and replies `success` */
async function bareRouteRps(): Promise<number> {
  const bare = Fastify({ logger: false })
  bare.addContentTypeParser('text/xml', { parseAs: 'string' }, (_r, b, done) => done(null, b))
  bare.post('/wechat', async () => 'success')
  const bareUrl = await listen(bare)
  try {
    await load(bareUrl, { connections: 20, duration: 1 })
    return (await load(bareUrl, { connections: 20, duration: SAT_SECONDS })).requests.average
  } finally {
    await bare.close()
  }
}

export default async function bench(): Promise<string[]> {
  // the PostgreSQL pass (a child process of run.ts) is handed the SQLite pass's baseline, so both share one
  const given = Number(process.env.WEBHOOK_BENCH_BARE_RPS)
  const bareRps = given > 0 ? given : await bareRouteRps()
  if (!(given > 0)) recordFigures({ bench: 'bare', backend: BENCH_BACKEND, rps: bareRps })
  return [
    `bare fastify route (parse XML body as string, reply success): ${bareRps.toFixed(0)} req/s${given > 0 ? ' (measured by the SQLite pass)' : ''}`,
    // WEBHOOK_BENCH_ONLY=real|stub runs one scenario (for profiling)
    ...(ONLY !== 'stub' ? await scenario(false, bareRps) : []),
    ...(ONLY !== 'real' ? await scenario(true, bareRps) : []),
  ]
}

// `npx tsx test/bench/webhook.bench.ts` runs it alone
if (import.meta.url === `file://${process.argv[1]}`) {
  bench().then(
    (lines) => console.log(lines.join('\n')),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    },
  )
}
