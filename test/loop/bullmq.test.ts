// The same loop with REDIS_URL set: the notify-unit job goes through bullmq on the real Redis.
import { one, rows } from '../support/sql.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BullQueue } from '../../api/jobs/bullmq.js'
import { createTestRuntime, type TestRuntime } from '../support/runtime.js'

let t: TestRuntime
beforeAll(async () => {
  t = await createTestRuntime({ redis: true })
})
afterAll(async () => {
  if (t?.rt.jobs instanceof BullQueue) await t.rt.jobs.obliterate()
  await t?.close()
})

async function until(check: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return false
}

describe('jobs through bullmq on a real Redis', () => {
  it('uses bullmq when REDIS_URL is set', () => {
    expect(t.rt.jobs.kind).toBe('bullmq')
  })

  it('delivers notify-unit for a new ticket and marks the outbox row done', async () => {
    const u = 'bull-citizen'
    await t.chat(u, '我要调解')
    await t.chat(u, '上个月出了交通事故，对方全责，保险公司一直拖着不赔')
    await t.chat(u, '城关镇')
    await t.chat(u, '不留')
    await t.chat(u, '同意')
    const r = await t.chat(u, '确认')
    expect(r.ticket?.body?.name).toMatch(/交通事故调解/)
    const id = ((await one(t.rt.db, 'select id from tickets where number = ?', r.ticket!.number)) as { id: number }).id
    const delivered = await until(
      async () => !!(await one(t.rt.db, "select 1 from unit_notifications where ticket_id = ? and kind = 'new_ticket'", id)),
    )
    expect(delivered).toBe(true)
    const notifyRows = await rows<{ dispatched_at: number | null; done_at: number | null; payload: string }>(
      t.rt.db,
      "select dispatched_at, done_at, payload from outbox where job = 'notify-unit'",
    )
    const row = notifyRows.find((r) => (JSON.parse(r.payload) as { ticketId: number }).ticketId === id)!
    expect(row.dispatched_at).not.toBeNull()
    expect(await until(async () => !!((await one(t.rt.db, "select done_at from outbox where job_key = ?", `new-ticket-${id}`)) as { done_at: number | null }).done_at)).toBe(true)
  })
})
