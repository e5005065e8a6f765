// The Official Account's outbound API: access_token (cached, refreshed on expiry and once on 40001/42001),
// customer-service (客服) text messages, template messages and subscribe (订阅通知) messages.
import { SuyuanError } from '../../core/errors.js'

/** errcodes that mean "this citizen cannot be reached now"; retrying does not help */
export const UNDELIVERABLE_ERRCODES: ReadonlySet<number> = new Set([
  45015, // out of the 48-hour window, or unfollowed
  45047, // over the 客服 quota (5 per 48 h after a citizen's message)
  43004, // the citizen does not follow the account
  43101, // the citizen has not subscribed to this notice
  40003, // not an OpenID of this account
])
const TOKEN_EXPIRED = new Set([40001, 40014, 42001])

export class WeChatApiError extends SuyuanError {
  constructor(
    readonly errcode: number,
    errmsg: string,
  ) {
    super('UPSTREAM_FAILED', `WeChat API errcode ${errcode}: ${errmsg}`, { errcode })
    this.name = 'WeChatApiError'
  }
  get undeliverable(): boolean {
    return UNDELIVERABLE_ERRCODES.has(this.errcode)
  }
}

export interface WeChatClientOptions {
  apiBase: string
  appId: string
  appSecret: string
  /** ms since the epoch; injectable so token expiry can be tested */
  now?: () => number
  /** per-request timeout, ms */
  timeoutMs?: number
  /** refresh this many seconds before WeChat's expires_in */
  tokenMarginSec?: number
}

export interface WeChatClient {
  accessToken(forceRefresh?: boolean): Promise<string>
  /** POST /cgi-bin/message/custom/send (one text, ≤ 2048 bytes: split beforehand) */
  sendCustomText(openid: string, content: string): Promise<void>
  /** POST /cgi-bin/message/template/send (服务号 template messages) */
  sendTemplate(openid: string, templateId: string, data: Record<string, { value: string }>, url?: string): Promise<void>
  /** POST /cgi-bin/message/subscribe/bizsend (订阅通知) */
  sendSubscribe(openid: string, templateId: string, data: Record<string, { value: string }>, page?: string): Promise<void>
  /** how many times a token was fetched (for tests and metrics) */
  readonly tokenFetches: number
}

interface ApiReply {
  errcode?: number
  errmsg?: string
  access_token?: string
  expires_in?: number
}

export function createWeChatClient(opts: WeChatClientOptions): WeChatClient {
  const base = opts.apiBase.replace(/\/+$/, '')
  const now = opts.now ?? Date.now
  const timeoutMs = opts.timeoutMs ?? 5000
  const margin = (opts.tokenMarginSec ?? 300) * 1000
  let token: { value: string; expiresAt: number } | undefined
  let inflight: Promise<string> | undefined
  let fetches = 0

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiReply> {
    let res: Response
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (e) {
      throw new SuyuanError('UPSTREAM_FAILED', `WeChat API unreachable: ${(e as Error).message}`)
    }
    if (!res.ok) throw new SuyuanError('UPSTREAM_FAILED', `WeChat API HTTP ${res.status}`)
    try {
      return (await res.json()) as ApiReply
    } catch {
      throw new SuyuanError('UPSTREAM_FAILED', 'WeChat API returned non-JSON')
    }
  }

  async function fetchToken(): Promise<string> {
    fetches++
    const q = new URLSearchParams({ grant_type: 'client_credential', appid: opts.appId, secret: opts.appSecret })
    const r = await call('GET', `/cgi-bin/token?${q}`)
    if (!r.access_token) throw new WeChatApiError(r.errcode ?? -1, r.errmsg ?? 'no access_token')
    token = { value: r.access_token, expiresAt: now() + (r.expires_in ?? 7200) * 1000 - margin }
    return r.access_token
  }

  async function accessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && token && now() < token.expiresAt) return token.value
    if (forceRefresh) token = undefined
    // one refresh at a time: parallel refreshes would invalidate each other's tokens
    inflight ??= fetchToken().finally(() => {
      inflight = undefined
    })
    return inflight
  }

  async function post(path: string, body: unknown): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const t = await accessToken()
      const r = await call('POST', `${path}?access_token=${encodeURIComponent(t)}`, body)
      const code = r.errcode ?? 0
      if (code === 0) return
      if (TOKEN_EXPIRED.has(code) && attempt === 0) {
        // drop it unless a concurrent caller has already replaced it
        if (token?.value === t) token = undefined
        continue
      }
      throw new WeChatApiError(code, r.errmsg ?? '')
    }
  }

  return {
    accessToken,
    get tokenFetches() {
      return fetches
    },
    sendCustomText: (openid, content) =>
      post('/cgi-bin/message/custom/send', { touser: openid, msgtype: 'text', text: { content } }),
    sendTemplate: (openid, templateId, data, url) =>
      post('/cgi-bin/message/template/send', { touser: openid, template_id: templateId, data, ...(url ? { url } : {}) }),
    sendSubscribe: (openid, templateId, data, page) =>
      post('/cgi-bin/message/subscribe/bizsend', { touser: openid, template_id: templateId, data, ...(page ? { page } : {}) }),
  }
}
