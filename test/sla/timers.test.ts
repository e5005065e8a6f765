// 限时办理 / 督办 with the in-process job runner and a clock the test moves: reminder at 75 %, 督办 to the unit leader
// when overdue, then to the duty leader — each exactly once, whether the sweep or the delayed job gets there first,
// however often either runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { fireSlaStage, runSlaSweep } from '../../api/jobs/sla.js'
import { applyCommand } from '../../db/repositories/ticket-actions.js'
import { getTicket } from '../../db/repositories/tickets.js'
import { outbox } from '../../db/schema/index.js'
import { createTestRuntime, TestClock, type TestRuntime } from '../support/runtime.js'
import { bodyId, events, handler, local, newTicket, notices, wire } from './helpers.js'

let t: TestRuntime
const clock = new TestClock(local('2026-11-23T10:00:00').getTime()) // a Monday, 10:00 court time

beforeAll(async () => {
  t = await createTestRuntime({ clock })
  wire(t.rt)
})
afterAll(async () => {
  await t?.close()
})

/** everything that could fire: the sweep, then every due job, twice over */
async function runEverything() {
  for (let i = 0; i < 2; i++) {
    await runSlaSweep(t.rt)
    await t.rt.jobs.idle()
  }
}

describe('SLA stages on the accept clock (城关镇调委会: 接单 within 8 working hours)', () => {
  let id: number
  it('deadline: Mon 10:00 + 8 working hours (08:30–12:00, 14:30–18:00) is Tue 11:00', async () => {
    clock.set(local('2026-11-23T10:00:00'))
    const tk = await newTicket(t.rt)
    id = tk.id
    expect(tk.acceptDueAt).toEqual(local('2026-11-24T11:00:00'))
    // the first check is staged with the ticket, for the reminder at 6 working hours: Tue 09:00
    const checks = (await t.rt.db.select().from(outbox).where(eq(outbox.job, 'sla-check')))
    expect(checks.filter((c) => (c.payload as { ticketId: number }).ticketId === id).map((c) => c.runAt)).toEqual([local('2026-11-24T09:00:00')])
  })

  it('nothing before 75 %', async () => {
    clock.set(local('2026-11-24T08:59:00'))
    await runEverything()
    expect((await events(t.rt, id, 'reminded'))).toHaveLength(0)
    expect((await notices(t.rt, id)).filter((n) => n.kind !== 'new_ticket')).toHaveLength(0)
  })

  it('at 75 %: one reminder event and one notice to the unit, however often sweep and job run', async () => {
    clock.set(local('2026-11-24T09:00:00'))
    await runEverything()
    // re-delivered job (at-least-once): nothing new
    expect((await fireSlaStage(t.rt, id))).toBeNull()
    await runEverything()
    const ev = await events(t.rt, id, 'reminded')
    expect(ev).toHaveLength(1)
    expect(ev[0]!.data).toMatchObject({ stage: 1, clock: 'accept', stageAt: local('2026-11-24T09:00:00').toISOString() })
    expect(ev[0]!.actorType).toBe('system')
    const n = (await notices(t.rt, id)).filter((x) => x.kind === 'reminder')
    expect(n).toHaveLength(1)
    expect(n[0]!.bodyId).toBe((await bodyId(t.rt, 'cityguan-tiaojie')))
    expect(n[0]!.text).toContain('接单期限是 11月24日 11:00')
    expect((await getTicket(t.rt.db, id))!.slaStage).toBe(1)
    expect((await events(t.rt, id, 'escalated'))).toHaveLength(0)
  })

  it('overdue: one 督办 (stage 2) to the unit leader', async () => {
    clock.set(local('2026-11-24T11:00:00'))
    await runEverything()
    const esc = await events(t.rt, id, 'escalated')
    expect(esc).toHaveLength(1)
    expect(esc[0]!.data).toMatchObject({ stage: 2, notify: 'unit_leader' })
    expect((await notices(t.rt, id)).filter((x) => x.kind === 'escalation')).toHaveLength(1)
    expect((await events(t.rt, id, 'reminded'))).toHaveLength(1)
  })

  it('a further 50 % of the window later (4 working hours: Tue 17:30): stage 3 to the duty unit as well', async () => {
    clock.set(local('2026-11-24T17:29:00'))
    await runEverything()
    expect((await events(t.rt, id, 'escalated'))).toHaveLength(1)
    clock.set(local('2026-11-24T17:30:00'))
    await runEverything()
    const esc = await events(t.rt, id, 'escalated')
    expect(esc.map((e) => (e.data as { stage: number }).stage)).toEqual([2, 3])
    const stage3 = (await notices(t.rt, id)).filter((x) => x.kind === 'escalation' && x.text.includes('值班领导'))
    expect(stage3.map((x) => x.bodyId).sort()).toEqual([(await bodyId(t.rt, 'cityguan-tiaojie')), (await bodyId(t.rt, 'susong-fuwu'))].sort())
    expect((await getTicket(t.rt.db, id))!.slaStage).toBe(3)
  })

  it('days later, sweeps and re-delivered jobs change nothing', async () => {
    clock.set(local('2026-11-27T10:00:00'))
    const before = (await notices(t.rt, id)).length
    await runEverything()
    expect((await fireSlaStage(t.rt, id))).toBeNull()
    expect((await events(t.rt, id, 'reminded'))).toHaveLength(1)
    expect((await events(t.rt, id, 'escalated'))).toHaveLength(2)
    expect((await notices(t.rt, id))).toHaveLength(before)
  })
})

describe('the delayed jobs alone fire each stage on time (no sweep)', () => {
  it('reminder, then 督办, then duty leader, from the staged sla-check chain', async () => {
    clock.set(local('2026-12-01T10:00:00')) // Tuesday
    const tk = await newTicket(t.rt)
    // due Wed 11:00; reminder Wed 09:00; stage 3 Wed 17:30
    clock.set(local('2026-12-02T09:00:00'))
    await t.rt.jobs.idle()
    expect((await events(t.rt, tk.id, 'reminded'))).toHaveLength(1)
    clock.set(local('2026-12-02T11:00:00'))
    await t.rt.jobs.idle()
    clock.set(local('2026-12-02T17:30:00'))
    await t.rt.jobs.idle()
    expect((await events(t.rt, tk.id, 'escalated')).map((e) => (e.data as { stage: number }).stage)).toEqual([2, 3])
    expect((await events(t.rt, tk.id, 'reminded'))).toHaveLength(1)
  })

  it('a late run goes straight to the highest due stage, without a stale reminder', async () => {
    clock.set(local('2026-12-07T10:00:00')) // Monday; due Tue 11:00
    const tk = await newTicket(t.rt)
    clock.set(local('2026-12-08T12:00:00'))
    await runSlaSweep(t.rt)
    expect((await events(t.rt, tk.id, 'reminded'))).toHaveLength(0)
    expect((await events(t.rt, tk.id, 'escalated')).map((e) => (e.data as { stage: number }).stage)).toEqual([2])
  })
})

describe('a clock restart (接单) starts new stages on the resolve clock', () => {
  it('accept-clock reminder, then accept → the resolve clock reminds again at 75 % of 20 working days', async () => {
    clock.set(local('2026-11-23T10:00:00'))
    const tk = await newTicket(t.rt)
    clock.set(local('2026-11-24T09:00:00'))
    await runEverything()
    expect((await events(t.rt, tk.id, 'reminded'))).toHaveLength(1)
    clock.set(local('2026-11-24T09:30:00'))
    const r = await applyCommand(t.rt, tk.id, { type: 'accept' }, (await handler(t.rt)))
    expect(r.ticket.slaStage).toBe(0)
    // 20 working days after Tue 11-24, close of business: Tue 12-22 18:00
    expect(r.ticket.resolveDueAt).toEqual(local('2026-12-22T18:00:00'))
    // window Tue 09:30 → 12-22 18:00 = 6 h + 20 × 7 h = 146 h; 75 % = 109.5 h → Tue 12-15 16:30
    clock.set(local('2026-12-15T16:29:00'))
    await runEverything()
    expect((await events(t.rt, tk.id, 'reminded'))).toHaveLength(1)
    clock.set(local('2026-12-15T16:30:00'))
    await runEverything()
    const rem = await events(t.rt, tk.id, 'reminded')
    expect(rem).toHaveLength(2)
    expect(rem[1]!.data).toMatchObject({ stage: 1, clock: 'resolve', clockStartedAt: local('2026-11-24T09:30:00').toISOString() })
    // both reminders reached the inbox (they are different clocks, not duplicates)
    expect((await notices(t.rt, tk.id)).filter((n) => n.kind === 'reminder')).toHaveLength(2)
    expect((await notices(t.rt, tk.id)).find((n) => n.kind === 'reminder' && n.text.includes('办结期限'))).toBeTruthy()
  })

  it('closed tickets are not touched', async () => {
    clock.set(local('2026-11-23T10:00:00'))
    const tk = await newTicket(t.rt)
    await applyCommand(t.rt, tk.id, { type: 'accept' }, (await handler(t.rt)))
    await applyCommand(t.rt, tk.id, { type: 'resolve', outcome: 'answered', note: '已电话答复' }, (await handler(t.rt)))
    clock.set(local('2026-12-31T10:00:00'))
    await runSlaSweep(t.rt)
    expect((await events(t.rt, tk.id, 'reminded'))).toHaveLength(0)
    expect((await events(t.rt, tk.id, 'escalated'))).toHaveLength(0)
  })
})
