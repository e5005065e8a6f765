// The WeChat webhook under load, over loopback with autocannon running in its own process (webhook-load.ts): p50/p99 at a fixed 500 msg/s for 10 s, and
// saturated throughput as a ratio against a bare fastify route in the same run. Every request is a distinct
// delivery (own MsgId) from one of 2,000 citizens, so each one claims its key and runs a dialogue turn.
// Targets: p99 ≤ 50 ms at 500 msg/s; throughput ≥ 0.25 of the bare route.
import { clientOf } from '../../db/group-commit.js'
import { bareRuntime } from '../support/bare-runtime.js'
import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { loadConfig, type Config } from '../../core/config.js'
import { openSqliteStore } from '../../db/client.js'
import { InProcessQueue } from '../../api/jobs/in-process.js'
import type { Logger, Runtime } from '../../api/types.js'
import wechatRoutes from '../../api/wechat/routes.js'
import { registerWeChatJobs } from '../../api/wechat/jobs.js'
import { runLoad } from './webhook-load.js'

const TOKEN = 'bench-token'
const RATE = Number(process.env.WEBHOOK_BENCH_RATE ?? 500)
const DURATION = Number(process.env.WEBHOOK_BENCH_SECONDS ?? 10)
const SAT_SECONDS = 5
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

/** The real runtime when it loads (model, seeded court, real dialogue), else a stub dialogue over real SQLite. */
async function makeRuntime(config: Config, stub: boolean): Promise<{ rt: Runtime; kind: string }> {
  try {
    if (stub) throw new Error('asked for')
    const { createRuntime } = await import('../../api/runtime.js')
    const rt = await createRuntime(config, { log: quiet })
    return { rt, kind: 'real runtime (real dialogue + model)' }
  } catch (e) {
    const store = openSqliteStore(config.dbFile)
    const clock = { now: () => new Date() }
    const rt = bareRuntime({
      store,
      config,
      clock,
      log: quiet,
      jobs: new InProcessQueue(store.db, store.uow, clock, quiet),
      dialogue: { handle: async (i) => ({ replies: [{ text: `已收到：${i.text}` }] }) },
    })
    return { rt, kind: stub ? 'stub dialogue (webhook layer alone, real SQLite)' : `STUB dialogue (real runtime failed: ${(e as Error).message.slice(0, 80)})` }
  }
}

const ok = (b: boolean) => (b ? 'PASS' : 'MISS')

/** One runtime: warm-up, fixed-rate latency, then saturated throughput. */
async function scenario(stub: boolean, bareRps: number): Promise<string[]> {
  // WEBHOOK_BENCH_DB_DIR=/dev/shm measures without disk fsync (the DB runs synchronous=FULL)
  const api = await fakeWeChatApi()
  const dir = mkdtempSync(join(process.env.WEBHOOK_BENCH_DB_DIR ?? tmpdir(), 'suyuan-bench-'))
  const config = loadConfig({ SUYUAN_DB: join(dir, 'bench.db'), LOG_LEVEL: 'silent', SUYUAN_MODEL_DIR: join(process.cwd(), 'data', 'model') })
  config.wechat = { ...config.wechat, token: TOKEN, appId: 'wxbench', appSecret: 'x', apiBase: api.url }
  const { rt, kind } = await makeRuntime(config, stub)
  registerWeChatJobs(rt)
  const hook = Fastify({ logger: false })
  await hook.register(wechatRoutes, { rt })
  const url = await listen(hook)
  try {
    await load(url, { connections: 10, duration: 2 })
    const fixed = await load(url, { connections: 50, duration: DURATION, overallRate: RATE })
    const sat = await load(url, { connections: 20, duration: SAT_SECONDS })
    const ratio = sat.requests.average / Math.max(1, bareRps)
    const deferred = (clientOf(rt.db).prepare("select count(*) n from inbound_deliveries where state = 'deferred'").get() as { n: number }).n
    const followUps = (clientOf(rt.db).prepare("select count(*) n from wechat_deferred_answers").get() as { n: number }).n
    return [
      `webhook bench [${kind}]; SQLite in ${dir.startsWith('/dev/shm') ? 'tmpfs (/dev/shm)' : 'a temp file on disk'}`,
      `  @ ${RATE} msg/s for ${DURATION}s: p50 ${fixed.latency.p50} ms, p99 ${fixed.latency.p99} ms, mean ${fixed.latency.average.toFixed(1)} ms, ` +
        `${fixed.requests.total} requests (${(fixed.requests.total / DURATION).toFixed(0)}/s achieved), non-2xx ${fixed.non2xx}, errors ${fixed.errors}, timeouts ${fixed.timeouts}  [target p99 ≤ 50 ms: ${ok(fixed.latency.p99 <= 50)}]`,
      `  saturated (20 connections, ${SAT_SECONDS}s): ${sat.requests.average.toFixed(0)} req/s = ${ratio.toFixed(3)} of the bare route  [target ≥ 0.25: ${ok(ratio >= 0.25)}]`,
      `  deliveries over the reply budget (answered via 客服 API): ${deferred}; answers with a 客服 follow-up part: ${followUps}, ` +
        `客服 sends served by the fake API: ${api.sends()}`,
    ]
  } finally {
    await hook.close()
    await rt.close()
    await new Promise((r) => api.server.close(r))
    rmSync(dir, { recursive: true, force: true })
  }
}

export default async function bench(): Promise<string[]> {
  const bare = Fastify({ logger: false })
  bare.addContentTypeParser('text/xml', { parseAs: 'string' }, (_r, b, done) => done(null, b))
  bare.post('/wechat', async () => 'success')
  const bareUrl = await listen(bare)
  let bareRps: number
  try {
    await load(bareUrl, { connections: 20, duration: 1 })
    bareRps = (await load(bareUrl, { connections: 20, duration: SAT_SECONDS })).requests.average
  } finally {
    await bare.close()
  }
  return [
    `bare fastify route (parse XML body as string, reply success): ${bareRps.toFixed(0)} req/s`,
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
