// Test helpers for the WeChat webhook: a Runtime over a real SQLite database and the real in-process job
// queue, with a dialogue the test controls; and builders for signed WeChat pushes.
import { bareRuntime } from '../support/bare-runtime.js'
import { createHash } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import { loadConfig, type Config } from '../../core/config.js'
import { openSqliteStore } from '../../db/client.js'
import { testStore } from '../support/store.js'
import { InProcessQueue } from '../../api/jobs/in-process.js'
import type { Clock, Logger, Runtime } from '../../api/types.js'
import type { Dialogue, TurnInput, TurnResult } from '../../bot/dialogue/types.js'
import wechatRoutes from '../../api/wechat/routes.js'
import { registerWeChatJobs, createWeChatSender } from '../../api/wechat/jobs.js'

export const TOKEN = 'suyuan-test-token'
export const APP_ID = 'wx0123456789abcdef'
export const APP_SECRET = 'test-secret'
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
export const ACCOUNT = 'gh_court_account'

export const quietLog: Logger = { info() {}, warn() {}, error() {}, debug() {} }

export class ManualClock implements Clock {
  constructor(private t = Date.parse('2026-03-02T09:00:00+08:00')) {}
  now(): Date {
    return new Date(this.t)
  }
  advance(ms: number): void {
    this.t += ms
  }
}

export function testConfig(over: Partial<Config['wechat']> = {}, env: Record<string, string> = {}): Config {
  const c = loadConfig({ SUYUAN_DB: ':memory:', LOG_LEVEL: 'warn', ...env })
  c.wechat = {
    ...c.wechat,
    token: TOKEN,
    appId: APP_ID,
    appSecret: APP_SECRET,
    encodingAesKey: AES_KEY,
    replyBudgetMs: 1500,
    ...over,
  }
  return c
}

export interface RecordingDialogue extends Dialogue {
  calls: TurnInput[]
}

/** A dialogue answering `答复：<text>` after `delayMs`; records every call. */
export function recordingDialogue(opts: { delayMs?: number; answer?: (i: TurnInput) => string } = {}): RecordingDialogue {
  const calls: TurnInput[] = []
  return {
    calls,
    async handle(input: TurnInput): Promise<TurnResult> {
      calls.push(input)
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs))
      return { replies: [{ text: opts.answer ? opts.answer(input) : `答复：${input.text}` }] }
    },
  }
}

export interface StubRuntime {
  rt: Runtime
  clock: ManualClock
  app: FastifyInstance
  close(): Promise<void>
}

/** Runtime over ':memory:' (or the given file) SQLite and the real in-process job queue, with the WeChat plugin and jobs wired. */
export async function stubRuntime(
  opts: { config?: Config; dialogue?: Dialogue; clock?: ManualClock; dbFile?: string } = {},
): Promise<StubRuntime> {
  const config = opts.config ?? testConfig()
  const clock = opts.clock ?? new ManualClock()
  const store = opts.dbFile ? openSqliteStore(opts.dbFile) : await testStore()
  const jobs = new InProcessQueue(store.db, store.uow, clock, quietLog)
  const rt = bareRuntime({ store, config, clock, log: quietLog, jobs, dialogue: opts.dialogue ?? recordingDialogue() })
  registerWeChatJobs(rt)
  rt.senders.set('wechat_oa', createWeChatSender(rt))
  const app = Fastify({ logger: false })
  await app.register(wechatRoutes, { rt })
  await app.ready()
  return {
    rt,
    clock,
    app,
    async close() {
      await app.close()
      await rt.close()
    },
  }
}

const sha1 = (parts: string[]) => createHash('sha1').update([...parts].sort().join('')).digest('hex')

let nonceSeq = 1000
/** Query string WeChat would put on a plain-mode push. */
export function signedQuery(token = TOKEN, extra: Record<string, string> = {}): string {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = String(++nonceSeq)
  return new URLSearchParams({ signature: sha1([token, timestamp, nonce]), timestamp, nonce, ...extra }).toString()
}

export function textXml(from: string, content: string, msgId: string, createTime = 1700000000): string {
  return `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`
}

export function eventXml(from: string, event: string, eventKey = '', createTime = 1700000000): string {
  return `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event><EventKey><![CDATA[${eventKey}]]></EventKey></xml>`
}

export function mediaXml(from: string, type: string, fields: Record<string, string>, msgId: string, createTime = 1700000000): string {
  const f = Object.entries(fields)
    .map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
    .join('')
  return `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[${type}]]></MsgType>${f}<MsgId>${msgId}</MsgId></xml>`
}

/** Reads the fields of a reply XML (independent of our builder: a regex over CDATA sections). */
export function replyFields(xml: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of xml.matchAll(/<(\w+)>((?:<!\[CDATA\[[\s\S]*?\]\]>)+|[^<]*)<\/\1>/g)) {
    const name = m[1] ?? ''
    const raw = m[2] ?? ''
    out[name] = raw.startsWith('<![CDATA[') ? [...raw.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((c) => c[1]).join('') : raw
  }
  return out
}
