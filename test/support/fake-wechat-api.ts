// A real local HTTP server (node:http on 127.0.0.1:0) that behaves like the parts of api.weixin.qq.com we use:
// /cgi-bin/token, /cgi-bin/message/custom/send (48-hour window and 5-message quota: 45015, 45047; content
// over 2048 bytes: 45002), /cgi-bin/message/template/send and /cgi-bin/message/subscribe/bizsend; tokens can
// be expired on demand (40001 for unknown tokens, 42001 for expired ones).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeCall {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  /** the errcode we answered with (0 = ok) */
  errcode: number
}

export interface FakeSend {
  touser: string
  content: string
}

export interface FakeWeChatApiOptions {
  appId: string
  appSecret: string
  /** 客服 messages allowed per window (WeChat: 5) */
  quota?: number
  /** whether a citizen nobody opened a window for can be reached (default true) */
  windowOpenByDefault?: boolean
  /** artificial latency per request, ms */
  latencyMs?: number
}

export interface FakeWeChatApi {
  /** http://127.0.0.1:<port> — use as config.wechat.apiBase */
  readonly url: string
  readonly calls: FakeCall[]
  /** successful 客服 text messages, in order */
  readonly sends: FakeSend[]
  readonly templateSends: unknown[]
  tokenFetches(): number
  /** every token issued so far becomes expired (42001) */
  expireTokens(): void
  /** forget every token (40001 invalid credential), as when another instance fetched a new one */
  revokeTokens(): void
  /** the citizen wrote to the account: a fresh window with a fresh quota */
  openWindow(openid: string): void
  /** the window passed (or the citizen unfollowed): 45015 */
  closeWindow(openid: string): void
  /** answer the next n message calls with this errcode (e.g. -1 system busy) */
  failNext(errcode: number, n?: number): void
  close(): Promise<void>
}

const ERRMSG: Record<number, string> = {
  0: 'ok',
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40013: 'invalid appid',
  40125: 'invalid appsecret',
  42001: 'access_token expired',
  44002: 'empty post data',
  45002: 'content size out of limit',
  45015: 'response out of time limit or subscription is canceled',
  45047: 'out of response count limit',
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export async function startFakeWeChatApi(opts: FakeWeChatApiOptions): Promise<FakeWeChatApi> {
  const quota = opts.quota ?? 5
  const calls: FakeCall[] = []
  const sends: FakeSend[] = []
  const templateSends: unknown[] = []
  const tokens = new Map<string, 'valid' | 'expired'>()
  const windows = new Map<string, { open: boolean; used: number }>()
  const failures: number[] = []
  let fetches = 0
  let seq = 0

  const windowOf = (openid: string) => {
    let w = windows.get(openid)
    if (!w) {
      w = { open: opts.windowOpenByDefault ?? true, used: 0 }
      windows.set(openid, w)
    }
    return w
  }

  function tokenError(query: Record<string, string>): number {
    const state = tokens.get(query.access_token ?? '')
    if (state === undefined) return 40001
    return state === 'expired' ? 42001 : 0
  }

  function handle(method: string, path: string, query: Record<string, string>, body: unknown): Record<string, unknown> {
    if (method === 'GET' && path === '/cgi-bin/token') {
      if (query.grant_type !== 'client_credential' || query.appid !== opts.appId) return { errcode: 40013 }
      if (query.secret !== opts.appSecret) return { errcode: 40125 }
      fetches++
      const t = `FAKE_TOKEN_${++seq}_${Math.random().toString(36).slice(2)}`
      tokens.set(t, 'valid')
      return { access_token: t, expires_in: 7200 }
    }
    if (method !== 'POST') return { errcode: 44002 }
    const te = tokenError(query)
    if (te) return { errcode: te }
    const forced = failures.shift()
    if (forced !== undefined) return { errcode: forced }
    const b = (body ?? {}) as Record<string, unknown>
    if (path === '/cgi-bin/message/custom/send') {
      const touser = String(b.touser ?? '')
      const content = String((b.text as { content?: unknown } | undefined)?.content ?? '')
      if (!touser || b.msgtype !== 'text') return { errcode: 44002 }
      if (Buffer.byteLength(content, 'utf8') > 2048) return { errcode: 45002 }
      const w = windowOf(touser)
      if (!w.open) return { errcode: 45015 }
      if (w.used >= quota) return { errcode: 45047 }
      w.used++
      sends.push({ touser, content })
      return { errcode: 0 }
    }
    if (path === '/cgi-bin/message/template/send' || path === '/cgi-bin/message/subscribe/bizsend') {
      templateSends.push(b)
      return { errcode: 0, msgid: ++seq }
    }
    return { errcode: 44002 }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1')
      const query = Object.fromEntries(u.searchParams)
      const raw = await readBody(req)
      let body: unknown
      try {
        body = raw ? JSON.parse(raw) : undefined
      } catch {
        body = undefined
      }
      if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs))
      const out = handle(req.method ?? 'GET', u.pathname, query, body)
      const errcode = typeof out.errcode === 'number' ? out.errcode : 0
      calls.push({ method: req.method ?? 'GET', path: u.pathname, query, body, errcode })
      const payload = 'access_token' in out ? out : { ...out, errmsg: ERRMSG[errcode] ?? 'error' }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(payload))
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sends,
    templateSends,
    tokenFetches: () => fetches,
    expireTokens() {
      for (const k of tokens.keys()) tokens.set(k, 'expired')
    },
    revokeTokens() {
      tokens.clear()
    },
    openWindow(openid) {
      windows.set(openid, { open: true, used: 0 })
    },
    closeWindow(openid) {
      windowOf(openid).open = false
    },
    failNext(errcode, n = 1) {
      for (let i = 0; i < n; i++) failures.push(errcode)
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((e) => (e ? reject(e) : resolve()))
      }),
  }
}
