// Several processes on one PostgreSQL database and one Redis (docs/processes.md): two web processes and two
// workers, as child processes on a fresh database. A WeChat retry storm — every push delivered 4 times at once,
// the copies split over both web processes — plus intakes to tickets, step by step with each step's copies on
// both, and citizens writing two messages at once to the two processes. Then: no duplicate ticket, reply,
// inbound delivery or job (each outbox row done once, by one worker), every message answered exactly once, the
// citizens' turns serialised (no state written over), and the SLA sweep run by one process at a time — the holder
// of the 'sla-sweep' lease — with the other worker taking over once a killed holder's lease has expired.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROCESS_DIALECT } from '../../db/dialect.js'
import { openPgStore } from '../../db/pg/store.js'
import type { Store } from '../../db/store.js'
import { freshPgDatabase, type FreshPgDatabase } from '../support/pg.js'
import { startFakeWeChatApi, type FakeWeChatApi } from '../support/fake-wechat-api.js'
import { MODEL_DIR } from '../support/runtime.js'
import { one, rows } from '../support/sql.js'
import { AES_KEY, APP_ID, APP_SECRET, TOKEN, replyFields, signedQuery, textXml } from '../wechat/helpers.js'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const SWEEP_MS = 500

interface LogLine {
  level: string
  time: string
  msg?: string
  [k: string]: unknown
}

interface Child {
  name: string
  role: 'web' | 'worker'
  proc: ChildProcess
  lines: LogLine[]
  ready: Promise<{ port: number; holder: string }>
  exited: Promise<void>
  stderr(): string
}

function spawnChild(name: string, role: 'web' | 'worker', env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/support/cluster-child.ts', role], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: LogLine[] = []
  let buf = ''
  let err = ''
  let onReady!: (v: { port: number; holder: string }) => void
  let onFail!: (e: Error) => void
  const ready = new Promise<{ port: number; holder: string }>((res, rej) => ((onReady = res), (onFail = rej)))
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString()
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i)
      buf = buf.slice(i + 1)
      if (line.startsWith('{')) {
        try {
          lines.push(JSON.parse(line) as LogLine)
        } catch {
          /* a partial line of a dying process */
        }
      } else if (line.startsWith('READY ')) {
        const [, , port, holder] = line.split(' ')
        onReady({ port: Number(port), holder: holder ?? '-' })
      }
    }
  })
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<void>((r) =>
    proc.on('exit', (code, signal) => {
      onFail(new Error(`${name} exited (${code ?? signal}) before it was ready: ${err.slice(-2000)}`))
      r()
    }),
  )
  return { name, role, proc, lines, ready, exited, stderr: () => err }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return true
    await sleep(100)
  }
  return check()
}

describe.skipIf(PROCESS_DIALECT !== 'pg')('a cluster: 2 web + 2 worker processes on PostgreSQL and Redis', () => {
  let fresh: FreshPgDatabase
  let store: Store
  let api: FakeWeChatApi
  const children: Child[] = []
  let webs: string[] = []
  const prefix = `cl-${randomUUID().slice(0, 8)}`

  beforeAll(async () => {
    fresh = await freshPgDatabase()
    api = await startFakeWeChatApi({ appId: APP_ID, appSecret: APP_SECRET })
    const env = {
      DATABASE_URL: fresh.url,
      REDIS_URL,
      CLUSTER_QUEUE_PREFIX: prefix,
      CLUSTER_SWEEP_MS: String(SWEEP_MS),
      PORT: '0',
      HOST: '127.0.0.1',
      SUYUAN_MODEL_DIR: MODEL_DIR,
      SUYUAN_STATUTES_DIR: '',
      SUYUAN_ADMIN_PASSWORD: 'cluster-admin',
      SUYUAN_TOKEN_SECRET: 'cluster-secret',
      SUYUAN_NLP_WORKER: '0',
      WECHAT_TOKEN: TOKEN,
      WECHAT_APPID: APP_ID,
      WECHAT_APPSECRET: APP_SECRET,
      WECHAT_ENCODING_AES_KEY: AES_KEY,
      WECHAT_API_BASE: api.url,
      WECHAT_REPLY_BUDGET_MS: '4500',
    }
    // all four start at once on the empty database: one seeds it, the others wait for it (runtime.ts)
    children.push(spawnChild('web1', 'web', env), spawnChild('web2', 'web', env), spawnChild('worker1', 'worker', env), spawnChild('worker2', 'worker', env))
    const ready = await Promise.all(children.map((c) => c.ready))
    webs = ready.slice(0, 2).map((r) => `http://127.0.0.1:${r.port}`)
    store = await openPgStore(fresh.url, { max: 2 })
    // warm each web process up (the first answer builds the KB index), so the storm measures steady turns
    for (const [i, base] of webs.entries()) {
      const r = await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: `warm-${i}`, text: '老板拖欠工资不给怎么办' }) })
      expect(r.status).toBe(200)
    }
  }, 90_000)

  afterAll(async () => {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGTERM')
    await Promise.race([Promise.all(children.map((c) => c.exited)), sleep(10_000)])
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL')
    await store?.close()
    await api?.close()
    await fresh?.drop()
    // this run's bullmq keys
    const { Redis } = await import('ioredis')
    const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
    try {
      await r.connect()
      const keys = await r.keys(`${prefix}:*`)
      if (keys.length) await r.del(...keys)
    } catch {
      /* Redis gone: nothing to tidy */
    } finally {
      r.disconnect()
    }
  }, 30_000)

  const push = async (web: number, xml: string): Promise<string> => {
    const r = await fetch(`${webs[web % 2]}/wechat?${signedQuery()}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml })
    if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${await r.text()}`)
    return r.text()
  }

  /** Sends every copy of one message at once (copy i to web process i % 2 + first); the answer the citizen got. */
  let msgSeq = 9_100_000_000_000_000_000n
  const sentTo = new Map<string, number>()
  async function deliver(openid: string, text: string, copies: number, first = 0): Promise<{ msgId: string; xml: string | null; bodies: string[] }> {
    const msgId = String(++msgSeq)
    const xml = textXml(openid, text, msgId, 1_760_000_000)
    const bodies = await Promise.all(Array.from({ length: copies }, (_, i) => push(first + i, xml)))
    const xmls = [...new Set(bodies.filter((b) => b !== 'success'))]
    expect(xmls.length, `${openid} ${text}: one reply body for all copies`).toBeLessThanOrEqual(1)
    return { msgId, xml: xmls[0] ?? null, bodies }
  }

  /** The answer text: the passive reply, or (turn slower than the budget) the next 客服 message the worker sends. */
  async function answerText(openid: string, d: { xml: string | null }): Promise<string> {
    const viaApi = sentTo.get(openid) ?? 0
    if (d.xml) return replyFields(d.xml).Content ?? ''
    expect(await until(() => api.sends.filter((s) => s.touser === openid).length > viaApi, 20_000), `${openid}: answer via 客服 API`).toBe(true)
    sentTo.set(openid, viaApi + 1)
    return api.sends.filter((s) => s.touser === openid)[viaApi]!.content
  }

  it('retry storm + intakes + concurrent turns: everything exactly once', async () => {
    const N = 16
    const risk = (i: number) => `包工头欠了我半年工资，第${i}次去要还是不给，再不给我就去跳楼`
    const intakeSteps = ['我要调解', '邻居家的树根把我家院墙顶裂了，让他处理他不管', '城关镇', '不留', '同意', '确认']
    const INTAKES = 3
    const PAIRS = 3
    const STEP_COPIES = 2
    const t0 = Date.now()
    const expectedMessages: { openid: string; msgId: string }[] = []

    const [storm, intakes, pairs] = await Promise.all([
      // N citizens, one risk message each (a ticket on this very turn), 4 copies over both web processes
      Promise.all(Array.from({ length: N }, async (_, i) => ({ openid: `oClR${i}`, d: await deliver(`oClR${i}`, risk(i), 4, i) }))),
      // step-by-step intakes: each step's copies start at the other process than the last step's
      Promise.all(
        Array.from({ length: INTAKES }, async (_, j) => {
          const openid = `oClI${j}`
          let last = ''
          for (const [k, step] of intakeSteps.entries()) {
            const d = await deliver(openid, step, STEP_COPIES, j + k)
            expectedMessages.push({ openid, msgId: d.msgId })
            last = await answerText(openid, d)
          }
          return { openid, last }
        }),
      ),
      // two different messages of one citizen at the same moment, one on each web process
      Promise.all(
        Array.from({ length: PAIRS }, async (_, k) => {
          const openid = `oClP${k}`
          const [a, b] = await Promise.all([deliver(openid, '法院几点上班', 2, 0), deliver(openid, '谢谢你们', 2, 1)])
          expectedMessages.push({ openid, msgId: a.msgId }, { openid, msgId: b.msgId })
          return { openid, answers: [await answerText(openid, a), await answerText(openid, b)] }
        }),
      ),
    ])
    for (const { openid, d } of storm) {
      expectedMessages.push({ openid, msgId: d.msgId })
      expect(await answerText(openid, d), openid).toMatch(/SY-\d{4}-\d{6}/)
    }
    for (const { openid, last } of intakes) expect(last, openid).toMatch(/SY-\d{4}-\d{6}/)
    for (const { answers } of pairs) for (const a of answers) expect(a.length).toBeGreaterThan(0)
    const viaApi = [...sentTo.values()].reduce((a, b) => a + b, 0)
    console.info(
      `[cluster] ${expectedMessages.length} messages (${N * 4 + INTAKES * intakeSteps.length * STEP_COPIES + PAIRS * 4} pushes) in ${Date.now() - t0} ms; ` +
        `${expectedMessages.length - viaApi} answered in the passive reply, ${viaApi} through the 客服 API (turn over the budget)`,
    )

    // the workers finish every job that is due (sla-check rows wait hours ahead and stay delayed in bullmq)
    const db = store.db
    const dueUndone = async () => ((await one(db, 'select count(*) n from outbox where done_at is null and run_at <= ?', new Date())) as { n: number }).n
    expect(await until(async () => (await dueUndone()) === 0, 20_000), 'due outbox rows done').toBe(true)

    const count = async (q: string, ...args: unknown[]) => ((await one(db, q, ...args)) as { n: number }).n
    const M = expectedMessages.length
    // one inbound delivery and one inbound message per WeChat message, however many copies came in
    expect(await count("select count(*) n from inbound_deliveries where channel = 'wechat_oa'")).toBe(M)
    expect(await count("select count(*) n from messages where direction = 'in' and channel = 'wechat_oa'")).toBe(M)
    // every turn answered, none twice
    expect(await count("select count(distinct reply_to_id) n from messages where direction = 'out' and channel = 'wechat_oa' and reply_to_id is not null")).toBe(M)
    expect(await rows(db, "select reply_to_id, text, count(*) n from messages where direction = 'out' and reply_to_id is not null group by reply_to_id, text having count(*) > 1")).toEqual([])
    // one ticket per storm citizen and per intake, no citizen with two
    expect(await count("select count(*) n from tickets where channel = 'wechat_oa'")).toBe(N + INTAKES)
    expect(await rows(db, 'select citizen_id, count(*) n from tickets group by citizen_id having count(*) > 1')).toEqual([])
    // every citizen got exactly one answer per message: the passive replies plus the 客服 sends cover each once
    for (const openid of new Set(expectedMessages.map((m) => m.openid))) {
      expect(api.sends.filter((s) => s.touser === openid).length, openid).toBe(sentTo.get(openid) ?? 0)
    }
    // citizens who wrote twice at once: both turns ran, one after the other (both state writes landed)
    for (const { openid } of pairs) {
      expect(await count('select c.version n from conversations c join citizens z on z.id = c.citizen_id where z.external_id = ?', openid), openid).toBe(2)
    }
    // no turn found its state written over (bot/dialogue/manager.ts), no process logged an error
    const all: (LogLine & { child: string })[] = children.flatMap((c) => c.lines.map((l) => ({ ...l, child: c.name })))
    expect(all.filter((l) => /state changed under this turn/.test(l.msg ?? ''))).toEqual([])
    expect(all.filter((l) => l.level === 'error')).toEqual([])

    // jobs: one outbox row per job key, and each row run by exactly one worker, once
    expect(await count('select count(*) - count(distinct job_key) n from outbox')).toBe(0)
    const done = (await rows<{ id: number }>(db, 'select id from outbox where done_at is not null')).map((r) => r.id)
    const runs = all.filter((l) => l.msg === 'job done').map((l) => ({ id: l.outboxId as number, child: l.child }))
    expect(runs.every((r) => r.child.startsWith('worker'))).toBe(true)
    expect(runs.map((r) => r.id).sort((x, y) => x - y)).toEqual(done.sort((x, y) => x - y))
    expect(done.length).toBeGreaterThan(N)
    expect(await count("select count(*) n from outbox where done_at is not null and last_error is not null")).toBe(0)
    const perWorker = Object.fromEntries(['worker1', 'worker2'].map((w) => [w, runs.filter((r) => r.child === w).length]))
    console.info(`[cluster] ${done.length} jobs done once each: ${JSON.stringify(perWorker)}`)
  }, 120_000)

  it('the SLA sweep runs in one process at a time — the lease holder — and moves on when the holder dies', async () => {
    const TTL = 3 * SWEEP_MS
    const sweeps = () =>
      children
        .flatMap((c) => c.lines.filter((l) => l.msg === 'sla sweep').map((l) => ({ child: c, holder: l.holder as string, until: Date.parse(l.leaseUntil as string) })))
        .sort((a, b) => a.until - b.until)
    // a process sweeps only while it holds the lease, and takes it over only once the last holder's lease has run
    // out: the lease terms of two processes never overlap, so no interval has two sweepers
    const oneAtATime = () => {
      const s = sweeps()
      for (let i = 1; i < s.length; i++) {
        const [prev, cur] = [s[i - 1]!, s[i]!]
        if (cur.child !== prev.child) expect(cur.until - TTL, `${prev.child.name} → ${cur.child.name}`).toBeGreaterThan(prev.until)
      }
      return s
    }
    expect(await until(() => sweeps().length > 3, 10_000)).toBe(true)
    const before = oneAtATime()
    // web processes never sweep; every sweep is by a worker under its own lease
    expect(before.every((s) => s.child.role === 'worker')).toBe(true)
    for (const s of before) expect(s.holder).toBe((await s.child.ready).holder)
    const switches = before.filter((s, i) => i > 0 && s.child !== before[i - 1]!.child).length
    console.info(`[cluster] ${before.length} sweeps before the kill, ${switches} handovers (a holder too slow to renew in ${TTL} ms)`)

    // kill -9 the holder: no clean release; the other worker takes over once the lease has expired
    const row = (await one(store.db, "select holder from leases where name = 'sla-sweep'")) as { holder: string }
    const holders = await Promise.all(children.map(async (c) => ({ c, holder: (await c.ready).holder })))
    const holder = holders.find((h) => h.holder === row.holder)!.c
    const standby = children.find((c) => c.role === 'worker' && c !== holder)!
    const killedAt = Date.now()
    holder.proc.kill('SIGKILL')
    await holder.exited
    expect(await until(() => sweeps().some((s) => s.child === standby && s.until - TTL > killedAt), 15_000), 'the standby worker sweeps').toBe(true)
    await sleep(3 * SWEEP_MS)
    const after = oneAtATime().filter((s) => s.until - TTL > killedAt)
    expect(new Set(after.map((s) => s.child.name))).toEqual(new Set([standby.name]))
    expect(((await one(store.db, "select holder from leases where name = 'sla-sweep'")) as { holder: string }).holder).toBe((await standby.ready).holder)
  }, 60_000)
})
