// Sending text to a citizen through the 客服 API with WeChat's quota in mind: 5 messages within 48 h after the
// citizen's last message. Out of window or over quota, the message is recorded as undeliverable instead of
// being retried (the citizen can always ask 我的工单).
import { createHash } from 'node:crypto'
import { and, eq, gte } from 'drizzle-orm'
import { SuyuanError } from '../../core/errors.js'
import { countStar, first } from '../../db/query.js'
import { citizens } from '../../db/schema/index.js'
import { wechatSends } from '../../db/schema/index.js'
import type { Runtime } from '../types.js'
import { WECHAT_STRINGS } from '../../strings/wechat.js'
import { createWeChatClient, WeChatApiError, type WeChatClient } from './client.js'
import { splitUtf8 } from './split.js'
import { WECHAT_PART_HEADER_RESERVE, WECHAT_TEXT_MAX_BYTES } from '../../core/wechat-limits.js'

export const WINDOW_MS = 48 * 3600 * 1000
export const WINDOW_QUOTA = 5

const clients = new WeakMap<Runtime, WeChatClient>()

/** One client (and so one cached access_token) per runtime. */
export function weChatClientFor(rt: Runtime): WeChatClient {
  let c = clients.get(rt)
  if (!c) {
    const w = rt.config.wechat
    if (!w.appId || !w.appSecret) throw new SuyuanError('BAD_INPUT', 'WECHAT_APPID and WECHAT_APPSECRET are needed to send')
    c = createWeChatClient({ apiBase: w.apiBase, appId: w.appId, appSecret: w.appSecret, now: () => rt.clock.now().getTime() })
    clients.set(rt, c)
  }
  return c
}

export type DeliveryOutcome = { status: 'sent'; parts: number } | { status: 'undeliverable'; errcode: number }

export interface WindowState {
  open: boolean
  /** 客服 messages sent since the citizen's last message */
  used: number
  /** errcode we would expect from WeChat when closed (45015 / 45047 / 43004) */
  errcode: number
}

type CitizenRow = typeof citizens.$inferSelect

/** Our own view of the 48-hour window, so we do not spend API calls WeChat will refuse anyway. */
export async function windowState(rt: Runtime, citizen: CitizenRow): Promise<WindowState> {
  const now = rt.clock.now().getTime()
  const last = citizen.lastInboundAt?.getTime()
  if (citizen.unsubscribedAt && (last === undefined || citizen.unsubscribedAt.getTime() >= last)) {
    return { open: false, used: 0, errcode: 43004 }
  }
  if (last === undefined || now - last > WINDOW_MS) return { open: false, used: 0, errcode: 45015 }
  const used =
    (
      await first(
        rt.db
          .select({ n: countStar() })
          .from(wechatSends)
          .where(and(eq(wechatSends.citizenId, citizen.id), eq(wechatSends.status, 'sent'), gte(wechatSends.at, new Date(last)))),
      )
    )?.n ?? 0
  return used >= WINDOW_QUOTA ? { open: false, used, errcode: 45047 } : { open: true, used, errcode: 0 }
}

/** A short stable reference for a delivery key (the key itself holds the OpenID). */
export const answerRef = (deliveryKey: string): string =>
  `answer:${createHash('sha1').update(deliveryKey).digest('hex').slice(0, 20)}`

// durable before the next part goes out (a retried job skips what is recorded), through the shared group commit
const record = (rt: Runtime, citizenId: number, ref: string, status: 'sent' | 'undeliverable', errcode = 0): Promise<unknown> =>
  rt.uow.run(async (tx) => {
    await tx.insert(wechatSends).values({ citizenId, ref, status, errcode, at: rt.clock.now() })
  })

const sentParts = async (rt: Runtime, ref: string): Promise<number> =>
  (await first(rt.db.select({ n: countStar() }).from(wechatSends).where(and(eq(wechatSends.ref, ref), eq(wechatSends.status, 'sent')))))?.n ?? 0

export interface DeliverOptions {
  /** a stable reference (answer:…, message:<id>): parts already sent under it are skipped on a retry */
  ref: string
  resumable: boolean
  /** check our own window/quota view first (pushes); answers to a fresh message skip it */
  checkWindow: boolean
}

/**
 * Sends text in parts under 2048 bytes. Transient failures throw SuyuanError('UPSTREAM_FAILED') so the job
 * is retried; "cannot reach this citizen now" is returned as undeliverable and recorded.
 */
export async function deliverText(rt: Runtime, citizenId: number, text: string, opts: DeliverOptions): Promise<DeliveryOutcome> {
  const citizen = await first(rt.db.select().from(citizens).where(eq(citizens.id, citizenId)))
  if (!citizen) throw new SuyuanError('NOT_FOUND', `citizen ${citizenId} not found`)
  const raw = splitUtf8(text, WECHAT_TEXT_MAX_BYTES - WECHAT_PART_HEADER_RESERVE)
  const parts = raw.length > 1 ? raw.map((p, i) => (i === 0 ? p : `${WECHAT_STRINGS.continued(i + 1, raw.length)}\n${p}`)) : raw
  const skip = opts.resumable ? await sentParts(rt, opts.ref) : 0
  for (let i = skip; i < parts.length; i++) {
    if (opts.checkWindow) {
      const w = await windowState(rt, citizen)
      if (!w.open) {
        await record(rt, citizen.id, opts.ref, 'undeliverable', w.errcode)
        rt.log.info({ citizenId: citizen.id, ref: opts.ref, errcode: w.errcode }, 'wechat: outside the 客服 window')
        return { status: 'undeliverable', errcode: w.errcode }
      }
    }
    try {
      await weChatClientFor(rt).sendCustomText(citizen.externalId, parts[i] ?? '')
    } catch (e) {
      if (e instanceof WeChatApiError && e.undeliverable) {
        await record(rt, citizen.id, opts.ref, 'undeliverable', e.errcode)
        rt.log.info({ citizenId: citizen.id, ref: opts.ref, errcode: e.errcode }, 'wechat: citizen unreachable')
        return { status: 'undeliverable', errcode: e.errcode }
      }
      throw e instanceof SuyuanError ? e : new SuyuanError('UPSTREAM_FAILED', (e as Error).message)
    }
    await record(rt, citizen.id, opts.ref, 'sent')
  }
  return { status: 'sent', parts: parts.length }
}
