// One delivery from WeChat → the reply body (plaintext XML or `success`), within the reply budget.
// Exactly one dialogue turn per delivery: the first copy claims the key; retries wait for its reply. A turn that
// outlives the budget answers `success` now and the answer goes out through the 客服 API when it is ready.
import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { getOrCreateCitizen } from '../../db/repositories/citizens.js'
import { citizens } from '../../db/schema/index.js'
import { WECHAT_STRINGS } from '../../strings/wechat.js'
import type { Runtime } from '../types.js'
import { CHANNEL, SUCCESS, type DeliveryStore } from './deliveries.js'
import type { InboundPlan } from './inbound.js'
import { stageDeferredAnswer, stageDeferredAnswerIn } from './jobs.js'
import { splitUtf8 } from './split.js'
import { textReplyXml } from './xml.js'

export interface TurnDeps {
  rt: Runtime
  store: DeliveryStore
}

/** Follow/unfollow and the 48-hour window bookkeeping; returns the citizen id. */
async function touchCitizen(tx: Db, plan: InboundPlan, now: Date): Promise<number> {
  const row = plan.opensWindow
    ? await getOrCreateCitizen(tx, CHANNEL, plan.openid, now)
    : (
        await tx
          .insert(citizens)
          .values({ channel: CHANNEL, externalId: plan.openid, createdAt: now })
          .onConflictDoUpdate({ target: [citizens.channel, citizens.externalId], set: { channel: CHANNEL } })
          .returning()
      )[0]!
  if (plan.effect === 'unsubscribe') await tx.update(citizens).set({ unsubscribedAt: now }).where(eq(citizens.id, row.id))
  if (plan.effect === 'subscribe' && row.unsubscribedAt) {
    await tx.update(citizens).set({ unsubscribedAt: null }).where(eq(citizens.id, row.id))
  }
  return row.id
}

/** The answer text of a plan, or null for `success`. Dialogue errors become a polite apology. */
async function answerText(rt: Runtime, plan: InboundPlan): Promise<string | null> {
  const a = plan.action
  if (a.kind === 'success') return null
  if (a.kind === 'reply') return a.text
  try {
    const r = await rt.dialogue.handle({ channel: CHANNEL, userId: plan.openid, text: a.text, dedupKey: plan.key })
    const text = r.replies
      .map((x) => x.text.trim())
      .filter((t) => t !== '')
      .join('\n\n')
    return text === '' ? null : text
  } catch (e) {
    rt.log.error({ err: (e as Error).message, key: plan.key.slice(0, 3) }, 'wechat: dialogue turn failed')
    return WECHAT_STRINGS.turnFailed
  }
}

const sleep = (ms: number): Promise<'timeout'> => new Promise((r) => setTimeout(() => r('timeout'), Math.max(0, ms)))

/**
 * @param deadline performance.now() ms by which the HTTP reply must be ready
 */
export async function handleDelivery(deps: TurnDeps, plan: InboundPlan, deadline: number): Promise<string> {
  const { rt, store } = deps
  const now = rt.clock.now()
  // the claim and the citizen bookkeeping commit together, before any work: a copy arriving later finds the key
  const citizenId = await rt.uow.run(async (tx) => ((await store.claim(tx, plan.key, now)) ? touchCitizen(tx, plan, now) : null))
  if (citizenId === null) return (await store.waitFor(plan.key, deadline)) ?? SUCCESS

  const work = answerText(rt, plan)
  const first = await Promise.race([work.then((text) => ({ text })), sleep(deadline - performance.now())])

  const settleFailed = (e: unknown): void => rt.log.error({ err: (e as Error).message }, 'wechat: delivery not settled')
  if (first === 'timeout') {
    store.defer(plan.key).catch(settleFailed)
    rt.log.info({ citizenId }, 'wechat: turn slower than the reply budget, answering via 客服 API')
    void work.then(async (text) => {
      if (text === null) return
      await stageDeferredAnswer(rt, plan.key, citizenId, text)
      await rt.jobs.kick()
    }).catch((e: unknown) => rt.log.error({ err: (e as Error).message, citizenId }, 'wechat: deferred answer not staged'))
    return SUCCESS
  }

  if (first.text === null) {
    store.finish(plan.key, SUCCESS).catch(settleFailed)
    return SUCCESS
  }
  // a passive reply holds one message: the first part now, the rest through the 客服 API
  const [head = '', ...rest] = splitUtf8(first.text)
  const xml = textReplyXml({
    toUser: plan.openid,
    fromUser: plan.account,
    createTime: Math.floor(rt.clock.now().getTime() / 1000),
    content: head,
  })
  if (rest.length === 0) {
    store.finish(plan.key, xml).catch(settleFailed)
    return xml
  }
  // the rest of the answer is staged durably before the first part goes out; the 客服 send does not hold the reply
  await store.finish(plan.key, xml, (tx) => stageDeferredAnswerIn(tx, rt, plan.key, citizenId, rest.join('\n')))
  rt.jobs.kick().catch((e: unknown) => rt.log.warn({ err: (e as Error).message }, 'wechat: kick failed'))
  return xml
}
