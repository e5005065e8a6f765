// PIPL retention: after the configured periods, message texts are cleared and archived tickets lose the phone;
// the audit trail stays.
import { one, rows } from '../support/sql.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runRetention } from '../../api/jobs/retention.js'
import { createTestRuntime, TestClock, type TestRuntime } from '../support/runtime.js'

const DAY = 86_400_000
const clock = new TestClock(Date.UTC(2026, 10, 23, 2, 0, 0))
let t: TestRuntime
beforeAll(async () => {
  t = await createTestRuntime({ clock })
})
afterAll(async () => {
  await t?.close()
})

describe('retention', () => {
  it('clears old message texts and the phones of long-archived tickets, keeping the audit trail', async () => {
    const u = 'retention-1'
    await t.chat(u, '我要调解')
    await t.chat(u, '邻居装修把我家墙震裂了，找他赔他不理')
    await t.chat(u, '城关镇')
    await t.chat(u, '13700001234')
    await t.chat(u, '同意')
    const number = (await t.chat(u, '确认')).ticket!.number
    const token = await t.login('handler1')
    const auth = { authorization: `Bearer ${token}` }
    expect((await t.app.inject({ method: 'POST', url: `/api/tickets/${number}/accept`, headers: auth })).statusCode).toBe(200)
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/tickets/${number}/resolve`, headers: auth, payload: { outcome: 'mediated', note: '双方和解' } })).statusCode,
    ).toBe(200)
    await t.chat(u, '5 满意')
    const row = async () => (await one(t.rt.db, 'select status, contact_phone from tickets where number = ?', number)) as { status: string; contact_phone: string | null }
    expect((await row()).status).toBe('已归档')
    const eventsBefore = ((await one(t.rt.db, 'select count(*) n from ticket_events')) as { n: number }).n

    // nothing is due yet
    expect(await runRetention(t.rt)).toMatchObject({ messagesCleared: 0, phonesRemoved: 0 })
    expect((await row()).contact_phone).toBe('13700001234')

    clock.advance(181 * DAY)
    expect((await runRetention(t.rt)).phonesRemoved).toBe(1)
    expect((await row()).contact_phone).toBeNull()

    clock.advance(185 * DAY)
    const rep = await runRetention(t.rt)
    expect(rep.messagesCleared).toBeGreaterThan(5)
    const texts = ((await rows(t.rt.db, 'select distinct text from messages')) as { text: string }[]).map((m) => m.text)
    expect(texts.join()).not.toMatch(/墙震裂/)
    // idempotent, and the audit trail is untouched
    expect(await runRetention(t.rt)).toMatchObject({ messagesCleared: 0, phonesRemoved: 0 })
    expect(((await one(t.rt.db, 'select count(*) n from ticket_events')) as { n: number }).n).toBe(eventsBefore)
  })
})
