// The 客服 client and the push path against a real local HTTP server that behaves like the WeChat API.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { createWeChatClient, WeChatApiError } from '../../api/wechat/client.js'
import { windowState } from '../../api/wechat/outbound.js'
import { citizens, messages } from '../../db/schema/index.js'
import { wechatSends } from '../../db/schema/index.js'
import { getOrCreateCitizen } from '../../db/repositories/citizens.js'
import { startFakeWeChatApi, type FakeWeChatApi } from '../support/fake-wechat-api.js'
import { APP_ID, APP_SECRET, stubRuntime, testConfig, type StubRuntime } from './helpers.js'

let api: FakeWeChatApi
let env: StubRuntime | undefined
beforeEach(async () => {
  api = await startFakeWeChatApi({ appId: APP_ID, appSecret: APP_SECRET })
})
afterEach(async () => {
  await env?.close()
  env = undefined
  await api.close()
})

describe('client: access_token', () => {
  it('fetches once, caches, and refreshes when it expires by the clock', async () => {
    let now = 1_000_000
    const c = createWeChatClient({ apiBase: api.url, appId: APP_ID, appSecret: APP_SECRET, now: () => now })
    await Promise.all([c.sendCustomText('o1', 'a'), c.sendCustomText('o1', 'b'), c.sendCustomText('o2', 'c')])
    expect(api.tokenFetches()).toBe(1)
    now += 7200_000 - 299_000 // inside the 5-minute margin before expiry
    await c.sendCustomText('o1', 'd')
    expect(api.tokenFetches()).toBe(2)
    expect(api.sends.map((s) => s.content).sort()).toEqual(['a', 'b', 'c', 'd'])
  })

  it('on 40001 / 42001 refreshes once and retries; a second refusal is an error', async () => {
    const c = createWeChatClient({ apiBase: api.url, appId: APP_ID, appSecret: APP_SECRET })
    await c.sendCustomText('o1', 'first')
    api.revokeTokens() // 40001
    await c.sendCustomText('o1', 'after revoke')
    api.expireTokens() // 42001
    await c.sendCustomText('o1', 'after expiry')
    expect(api.tokenFetches()).toBe(3)
    expect(api.sends.map((s) => s.content)).toEqual(['first', 'after revoke', 'after expiry'])
    // WeChat keeps refusing: exactly one retry, then the error
    api.failNext(40001, 2)
    const before = api.calls.length
    await expect(c.sendCustomText('o1', 'x')).rejects.toMatchObject({ errcode: 40001 })
    expect(api.calls.length - before).toBe(3) // send, token, send
  })

  it('wrong secret and quota errors surface as WeChatApiError with the errcode', async () => {
    const bad = createWeChatClient({ apiBase: api.url, appId: APP_ID, appSecret: 'nope' })
    await expect(bad.sendCustomText('o1', 'x')).rejects.toMatchObject({ errcode: 40125 })
    const c = createWeChatClient({ apiBase: api.url, appId: APP_ID, appSecret: APP_SECRET })
    api.closeWindow('oOut')
    const e = await c.sendCustomText('oOut', 'x').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(WeChatApiError)
    expect((e as WeChatApiError).errcode).toBe(45015)
    expect((e as WeChatApiError).undeliverable).toBe(true)
    for (let i = 0; i < 5; i++) await c.sendCustomText('oQuota', `m${i}`)
    await expect(c.sendCustomText('oQuota', 'sixth')).rejects.toMatchObject({ errcode: 45047, undeliverable: true })
  })

  it('an unreachable API is a transient UPSTREAM_FAILED', async () => {
    const c = createWeChatClient({ apiBase: 'http://127.0.0.1:9', appId: APP_ID, appSecret: APP_SECRET, timeoutMs: 500 })
    await expect(c.sendCustomText('o', 'x')).rejects.toMatchObject({ code: 'UPSTREAM_FAILED' })
  })

  it('template and subscribe notices are posted', async () => {
    const c = createWeChatClient({ apiBase: api.url, appId: APP_ID, appSecret: APP_SECRET })
    await c.sendTemplate('o1', 'TPL1', { thing1: { value: '您的事项已受理' } })
    await c.sendSubscribe('o1', 'SUB1', { thing1: { value: '已办结' } }, 'pages/t')
    expect(api.templateSends).toEqual([
      { touser: 'o1', template_id: 'TPL1', data: { thing1: { value: '您的事项已受理' } } },
      { touser: 'o1', template_id: 'SUB1', data: { thing1: { value: '已办结' } }, page: 'pages/t' },
    ])
  })
})

describe('pushes: sender, wechat-send job, quota and window', () => {
  async function setup() {
    env = await stubRuntime({ config: testConfig({ apiBase: api.url }) })
    const c = await getOrCreateCitizen(env.rt.db, 'wechat_oa', 'oPush', env.clock.now())
    return { env, citizenId: c.id }
  }

  it('splits a long push into parts under 2048 bytes, in order', async () => {
    const { env } = await setup()
    const long = Array.from({ length: 80 }, (_, i) => `第${i + 1}点：请保留好欠条、转账记录和聊天记录。`).join('\n')
    await env.rt.senders.get('wechat_oa')?.send('oPush', long)
    expect(api.sends.length).toBeGreaterThan(1)
    for (const s of api.sends) expect(Buffer.byteLength(s.content, 'utf8')).toBeLessThan(2048)
    expect(api.sends.map((s) => s.content.replace(/^（续 \d+\/\d+）\n/, '')).join('\n')).toBe(long)
  })

  it('stops at 5 per window without calling WeChat, and a new citizen message opens a new window', async () => {
    const { env, citizenId } = await setup()
    const sender = env.rt.senders.get('wechat_oa')
    for (let i = 0; i < 7; i++) await sender?.send('oPush', `通知${i}`)
    expect(api.sends.map((s) => s.content)).toEqual(['通知0', '通知1', '通知2', '通知3', '通知4'])
    const rows = (await env.rt.db.select().from(wechatSends).where(eq(wechatSends.citizenId, citizenId)))
    expect(rows.filter((r) => r.status === 'undeliverable').map((r) => r.errcode)).toEqual([45047, 45047])
    env.clock.advance(60_000)
    await getOrCreateCitizen(env.rt.db, 'wechat_oa', 'oPush', env.clock.now())
    api.openWindow('oPush')
    await sender?.send('oPush', '新窗口')
    expect(api.sends.at(-1)?.content).toBe('新窗口')
  })

  it('after 48 hours the push is undeliverable (45015) and WeChat is not called', async () => {
    const { env, citizenId } = await setup()
    env.clock.advance(48 * 3600_000 + 1)
    const c = (await env.rt.db.select().from(citizens).where(eq(citizens.id, citizenId)))[0]
    expect(c && (await windowState(env.rt, c))).toMatchObject({ open: false, errcode: 45015 })
    await env.rt.senders.get('wechat_oa')?.send('oPush', '迟到的通知')
    expect(api.calls.filter((x) => x.path.includes('custom/send'))).toHaveLength(0)
    expect((await env.rt.db.select().from(wechatSends)).map((r) => [r.status, r.errcode])).toEqual([['undeliverable', 45015]])
  })

  it('WeChat saying 45015 (e.g. unfollowed elsewhere) is recorded, not retried', async () => {
    const { env } = await setup()
    api.closeWindow('oPush')
    await env.rt.senders.get('wechat_oa')?.send('oPush', 'x')
    expect(api.calls.filter((x) => x.path.includes('custom/send'))).toHaveLength(1)
    expect((await env.rt.db.select().from(wechatSends))[0]).toMatchObject({ status: 'undeliverable', errcode: 45015 })
  })

  it('wechat-send job: delivers a pushed message row once, retries a transient failure, marks delivered_at', async () => {
    const { env, citizenId } = await setup()
    const m = (await env.rt.db
      .insert(messages)
      .values({ citizenId, direction: 'out', kind: 'push', channel: 'wechat_oa', text: '您的工单已受理，办理期限 15 个工作日。' })
      .returning())[0]!
    api.failNext(-1) // system busy once
    await env.rt.jobs.enqueue('wechat-send', { messageId: m.id })
    await env.rt.jobs.idle()
    expect(api.sends).toHaveLength(0)
    // the in-process queue retries after its backoff (runAt on the runtime clock)
    env.clock.advance(5000)
    await env.rt.jobs.idle()
    expect(api.sends).toEqual([{ touser: 'oPush', content: '您的工单已受理，办理期限 15 个工作日。' }])
    expect((await env.rt.db.select().from(messages).where(eq(messages.id, m.id)))[0]?.deliveredAt).not.toBeNull()
    // enqueued again (at-least-once backends): nothing more is sent
    await env.rt.jobs.enqueue('wechat-send', { messageId: m.id })
    await env.rt.jobs.idle()
    expect(api.sends).toHaveLength(1)
  })
})
