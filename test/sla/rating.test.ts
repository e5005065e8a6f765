// The citizen's side of 办结: the result and the rating question are pushed to the channel they used (web chat
// polls /api/chat/messages); a 1–2 rating in the chat reopens the ticket to the owning unit with a 回访 event;
// silence for 3 days archives it as 未评价 — by the delayed job, or by the sweep when the job was lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { runSlaSweep } from '../../api/jobs/sla.js'
import { applyCommand } from '../../db/repositories/ticket-actions.js'
import { getTicket } from '../../db/repositories/tickets.js'
import { outbox } from '../../db/schema/index.js'
import { createTestRuntime, TestClock, type TestRuntime } from '../support/runtime.js'
import { bodyId, events, handler, local, newTicket, notices, wire } from './helpers.js'

const HOUR = 3_600_000
let t: TestRuntime
const clock = new TestClock(local('2026-11-23T10:00:00').getTime())

beforeAll(async () => {
  t = await createTestRuntime({ clock })
  wire(t.rt)
})
afterAll(async () => {
  await t?.close()
})

async function pushes(userId: string): Promise<string[]> {
  const r = await t.app.inject({ method: 'GET', url: `/api/chat/messages?userId=${userId}` })
  expect(r.statusCode).toBe(200)
  return (r.json() as { items: { text: string }[] }).items.map((m) => m.text)
}

/** a ticket of web citizen `userId`, accepted and resolved by the unit */
async function resolvedTicket(userId: string) {
  const tk = await newTicket(t.rt, 'cityguan-tiaojie', { externalId: userId })
  clock.advance(HOUR)
  await applyCommand(t.rt, tk.id, { type: 'accept' }, (await handler(t.rt)))
  clock.advance(2 * HOUR)
  await applyCommand(t.rt, tk.id, { type: 'resolve', outcome: 'mediated', note: '双方已签调解协议' }, (await handler(t.rt)))
  await t.rt.jobs.idle()
  return tk
}

describe('rating after 办结', () => {
  it('the result and the rating question are pushed; "2 太慢了" reopens the ticket to the unit with a 回访', async () => {
    clock.set(local('2026-11-23T10:00:00'))
    const tk = await resolvedTicket('rate-low-1')
    const pushed = await pushes('rate-low-1')
    // the acceptance notice, then the result with the rating question
    expect(pushed).toHaveLength(2)
    expect(pushed[0]).toContain('接单')
    expect(pushed[1]).toContain(tk.number)
    expect(pushed[1]).toMatch(/1 到 5/)

    const r = await t.chat('rate-low-1', '2 太慢了')
    expect(r.replies.map((x) => x.text).join('')).toContain('回访')
    await t.rt.jobs.idle()

    const after = (await getTicket(t.rt.db, tk.id))!
    expect(after.status).toBe('重新办理')
    expect(after.rating).toBe(2)
    expect(after.ratingComment).toBe('太慢了')
    expect(after.bodyId).toBe((await bodyId(t.rt, 'cityguan-tiaojie')))
    const revisit = await events(t.rt, tk.id, 'revisit_requested')
    expect(revisit).toHaveLength(1)
    expect(revisit[0]!.note).toContain('回访')
    expect(revisit[0]!.data).toMatchObject({ rating: 2, notify: 'unit_leader' })
    // the unit leader's inbox has the 回访 notice; the citizen is told it went back to the unit
    expect((await notices(t.rt, tk.id)).filter((n) => n.kind === 'rating_low')).toHaveLength(1)
    expect((await pushes('rate-low-1')).at(-1)).toMatch(/重新交给/)

    // a second rating is not taken twice
    const again = await t.chat('rate-low-1', '1')
    expect((await getTicket(t.rt.db, tk.id))!.rating).toBe(2)
    expect((await events(t.rt, tk.id, 'revisit_requested'))).toHaveLength(1)
    expect(again.replies.length).toBeGreaterThan(0)
  })

  it('a good rating archives it with thanks', async () => {
    clock.set(local('2026-11-30T10:00:00'))
    const tk = await resolvedTicket('rate-good-1')
    await t.chat('rate-good-1', '5分 谢谢调解员')
    const after = (await getTicket(t.rt.db, tk.id))!
    expect(after.status).toBe('已归档')
    expect(after.rating).toBe(5)
    expect((await events(t.rt, tk.id, 'revisit_requested'))).toHaveLength(0)
  })

  it('no answer: still open at 2 days 23 hours; archived as 未评价 after 3 days, once', async () => {
    clock.set(local('2026-12-07T10:00:00'))
    const tk = await resolvedTicket('rate-silent-1')
    const feedbackAt = (await getTicket(t.rt.db, tk.id))!.feedbackAt!
    clock.set(new Date(feedbackAt.getTime() + 71 * HOUR))
    await t.rt.jobs.idle()
    await runSlaSweep(t.rt)
    expect((await getTicket(t.rt.db, tk.id))!.status).toBe('已办结')

    clock.set(new Date(feedbackAt.getTime() + 72 * HOUR))
    await t.rt.jobs.idle()
    await runSlaSweep(t.rt)
    await t.rt.jobs.idle()
    const after = (await getTicket(t.rt.db, tk.id))!
    expect(after.status).toBe('已归档')
    expect(after.rating).toBeNull()
    const archived = await events(t.rt, tk.id, 'archived')
    expect(archived).toHaveLength(1)
    expect(archived[0]!.note).toBe('未评价')
  })

  it('the sweep archives it even when the rating-timeout job was lost', async () => {
    clock.set(local('2026-12-14T10:00:00'))
    const tk = await resolvedTicket('rate-lost-1')
    // the job is gone (e.g. a broken outbox row); the sweep still closes the loop
    await t.rt.db
      .update(outbox)
      .set({ doneAt: clock.now() })
      .where(and(eq(outbox.job, 'rating-timeout')))
    clock.advance(3 * 24 * HOUR + 60_000)
    const report = await runSlaSweep(t.rt)
    expect(report.archived).toBeGreaterThanOrEqual(1)
    expect((await getTicket(t.rt.db, tk.id))!.status).toBe('已归档')
    expect((await events(t.rt, tk.id, 'archived'))[0]!.note).toBe('未评价')
  })
})
