// The webhook on the real runtime (real dialogue, real model, SQLite file, in-process jobs) over real sockets:
// a retry storm (every push delivered 4 times at once) and the slow path (answer through the 客服 API).
import { PROCESS_DIALECT } from '../../db/dialect.js'
import { one } from '../support/sql.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Fastify, { type FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import { createTestRuntime, type TestRuntime } from '../support/runtime.js'
import { startFakeWeChatApi, type FakeWeChatApi } from '../support/fake-wechat-api.js'
import wechatRoutes from '../../api/wechat/routes.js'
import { createWeChatSender, registerWeChatJobs } from '../../api/wechat/jobs.js'
import { wechatDeferredAnswers } from '../../db/schema/index.js'
import type { Dialogue } from '../../bot/dialogue/types.js'
import { AES_KEY, APP_ID, APP_SECRET, TOKEN, replyFields, signedQuery, textXml } from './helpers.js'

/** The runtime with the WeChat plugin: the lead's app when it already mounts /wechat, else our own instance. */
async function webhookOn(t: TestRuntime): Promise<{ app: FastifyInstance; own: boolean }> {
  registerWeChatJobs(t.rt)
  t.rt.senders.set('wechat_oa', createWeChatSender(t.rt))
  if (t.app.hasRoute({ method: 'POST', url: '/wechat' })) return { app: t.app, own: false }
  const app = Fastify({ logger: false })
  await app.register(wechatRoutes, { rt: t.rt })
  return { app, own: true }
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

const push = async (base: string, xml: string): Promise<string> => {
  const r = await fetch(`${base}/wechat?${signedQuery()}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml })
  if (r.status !== 200) throw new Error(`HTTP ${r.status}`)
  return r.text()
}

const count = async (t: TestRuntime, sql: string, ...args: unknown[]): Promise<number> =>
  ((await one(t.rt.db, sql, ...args)) as { n: number }).n

function wechatConfig(api: FakeWeChatApi, replyBudgetMs: number) {
  return {
    token: TOKEN,
    appId: APP_ID,
    appSecret: APP_SECRET,
    encodingAesKey: AES_KEY,
    apiBase: api.url,
    replyBudgetMs,
    maxBodyBytes: 64 * 1024,
  }
}

describe('retry storm on the real runtime', () => {
  let t: TestRuntime
  let api: FakeWeChatApi
  let app: FastifyInstance
  let own = false
  let base: string
  beforeAll(async () => {
    api = await startFakeWeChatApi({ appId: APP_ID, appSecret: APP_SECRET })
    t = await createTestRuntime({ config: { wechat: wechatConfig(api, 4500) } })
    ;({ app, own } = await webhookOn(t))
    base = await listen(app)
  }, 120_000)
  afterAll(async () => {
    if (own) await app?.close()
    await t?.close()
    await api?.close()
  })

  it('200 citizens, each message delivered 4 times concurrently → one turn each, one answer each, no duplicate ticket', async () => {
    const N = 200
    const COPIES = 4
    // a risk message: the dialogue creates a ticket on this very turn (with a fresh intake key), so a second
    // turn for the same delivery would show up as a second ticket
    const text = (i: number) => `包工头欠了我半年工资，第${i}次去要还是不给，再不给我就去跳楼`
    const results = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const xml = textXml(`oStorm${i}`, text(i), `${7_000_000_000_000_000_000n + BigInt(i)}`, 1_760_000_000)
        const bodies = await Promise.all(Array.from({ length: COPIES }, () => push(base, xml)))
        return { i, bodies }
      }),
    )
    await t.rt.jobs.idle()
    let passive = 0
    for (const { i, bodies } of results) {
      const xmls = bodies.filter((b) => b !== 'success')
      const viaApi = api.sends.filter((s) => s.touser === `oStorm${i}`)
      // every copy: the same XML, or success; the citizen got exactly one answer (passive, or 客服 when slow)
      expect(new Set(xmls).size, `citizen ${i}`).toBeLessThanOrEqual(1)
      expect(viaApi, `citizen ${i}`).toHaveLength(xmls.length > 0 ? 0 : 1)
      const answer = xmls.length > 0 ? (replyFields(xmls[0] ?? '').Content ?? '') : (viaApi[0]?.content ?? '')
      expect(answer).toMatch(/SY-\d{4}-\d{6}/)
      if (xmls.length > 0) {
        passive++
        expect(replyFields(xmls[0] ?? '').ToUserName).toBe(`oStorm${i}`)
      }
    }
    // SQLite's group commit answers nearly all of them inside WeChat's 5 s; on PostgreSQL each turn is two pooled
    // transactions and this 800-request burst on a 2-core box runs past the budget for most (they are answered
    // through the 客服 API instead, exactly once — asserted above). Known gap, tracked in the README.
    if (PROCESS_DIALECT === 'sqlite') expect(passive).toBeGreaterThan(N * 0.9)
    else console.info(`[pg] passive replies within the budget: ${passive}/${N}`)
    // exactly one dialogue turn (one inbound message, with its answer) per delivery
    expect((await count(t, "select count(*) n from messages where direction = 'in' and channel = 'wechat_oa'"))).toBe(N)
    expect((await count(t, "select count(distinct reply_to_id) n from messages where direction = 'out' and channel = 'wechat_oa'"))).toBe(N)
    expect((await count(t, "select count(*) n from inbound_deliveries where channel = 'wechat_oa'"))).toBe(N)
    // one ticket per citizen, none twice
    expect((await count(t, "select count(*) n from tickets where channel = 'wechat_oa'"))).toBe(N)
    expect((await count(t, "select count(distinct citizen_id) n from tickets where channel = 'wechat_oa'"))).toBe(N)
  }, 120_000)
})

describe('slow path on the real runtime', () => {
  let t: TestRuntime
  let api: FakeWeChatApi
  let app: FastifyInstance
  let own = false
  let base: string
  const BUDGET = 150
  const SLOW = 600
  beforeAll(async () => {
    api = await startFakeWeChatApi({ appId: APP_ID, appSecret: APP_SECRET })
    t = await createTestRuntime({ config: { wechat: wechatConfig(api, BUDGET) } })
    // the real dialogue, made slower than the reply budget
    const real: Dialogue = t.rt.dialogue
    t.rt.dialogue = {
      handle: async (input) => {
        await new Promise((r) => setTimeout(r, SLOW))
        return real.handle(input)
      },
    }
    ;({ app, own } = await webhookOn(t))
    base = await listen(app)
  }, 120_000)
  afterAll(async () => {
    if (own) await app?.close()
    await t?.close()
    await api?.close()
  })

  it('replies success within the budget, then answers exactly once through the 客服 API', async () => {
    const xml = textXml('oSlow', '老板拖欠我三个月工资不给，我该怎么办', '8000000000000000001', 1_760_000_500)
    const t0 = performance.now()
    // the first copy and an early retry, concurrently
    const [a, b] = await Promise.all([push(base, xml), new Promise((r) => setTimeout(r, 50)).then(() => push(base, xml))])
    const elapsed = performance.now() - t0
    expect(a).toBe('success')
    expect(b).toBe('success')
    expect(elapsed).toBeLessThan(SLOW)
    // a late retry (WeChat's third try) while the turn is still running, and one after it finished
    expect(await push(base, xml)).toBe('success')
    await new Promise((r) => setTimeout(r, SLOW + 200))
    await t.rt.jobs.idle()
    expect(await push(base, xml)).toBe('success')
    await t.rt.jobs.idle()

    const toCitizen = api.sends.filter((s) => s.touser === 'oSlow')
    expect(toCitizen).toHaveLength(1)
    expect(toCitizen[0]?.content).toMatch(/法/)
    const stored = (await t.rt.db.select().from(wechatDeferredAnswers))
    expect(stored.map((r) => r.status)).toEqual(['sent'])
    expect(toCitizen[0]?.content.startsWith(stored[0]?.text.slice(0, 50) ?? '∅')).toBe(true)
    expect((await count(t, "select count(*) n from messages where direction = 'in' and channel = 'wechat_oa'"))).toBe(1)
  }, 60_000)

  it('a transient API failure is retried by the job; still one message', async () => {
    api.failNext(-1)
    const xml = textXml('oSlow2', '我的工单', '8000000000000000002', 1_760_000_600)
    expect(await push(base, xml)).toBe('success')
    await new Promise((r) => setTimeout(r, SLOW + 200))
    await t.rt.jobs.idle()
    // the in-process queue retries on the runtime clock after its backoff; wait for it on the real clock
    const end = Date.now() + 10_000
    while (!api.sends.some((s) => s.touser === 'oSlow2') && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100))
      await t.rt.jobs.kick()
    }
    expect(api.sends.filter((s) => s.touser === 'oSlow2')).toHaveLength(1)
    expect(api.calls.filter((c) => c.path.endsWith('custom/send') && c.errcode === -1)).toHaveLength(1)
  }, 60_000)
})
