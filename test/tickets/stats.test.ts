import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { tickets } from '../../db/schema/index.js'
import { isoWeek, ticketStats } from '../../db/repositories/stats.js'
import { applyStaffCommand } from '../../db/repositories/ticket-actions.js'
import { makeCourt, type Court } from './fixture.js'

const HOUR = 3600_000
const DAY = 24 * HOUR
let c: Court
beforeEach(async () => {
  c = (await makeCourt(new Date('2026-03-10T01:00:00Z'))) // Tuesday 09:00 in court time, ISO week 11
})
afterEach(async () => {
  await c.close()
})

describe('isoWeek', () => {
  it('uses court time and the Thursday rule', () => {
    expect(isoWeek(new Date('2026-03-10T01:00:00Z'))).toBe('2026-W11')
    // Sunday 23:30 UTC is Monday 07:30 in court time → next week
    expect(isoWeek(new Date('2026-03-15T23:30:00Z'))).toBe('2026-W12')
    // 2027-01-01 is a Friday: belongs to 2026-W53
    expect(isoWeek(new Date('2027-01-01T04:00:00Z'))).toBe('2026-W53')
    expect(isoWeek(new Date('2025-12-29T04:00:00Z'))).toBe('2026-W01')
  })
})

describe('ticketStats', () => {
  it('counts, SLA compliance, satisfaction, mediation success and early warnings for the user scope', async () => {
    const a = await c.newTicket({ domain: 'neighbor' })
    const b = await c.newTicket({ domain: 'neighbor', flags: { repeatCount: 2 } })
    const d = await c.newTicket({ domain: 'lending', channel: 'wechat_oa', risk: true })
    const e = await c.newTicket({ domain: 'property_mgmt', bodyId: c.body.wuye, flags: { collective: true } })
    c.clock.advance(7 * DAY)
    const late = (await c.newTicket({ domain: 'consumer', bodyId: c.body.other })) // next week, other unit

    // a: accepted within its deadline, mediated, rated 5 → archived
    await applyStaffCommand(c.rt, c.staff.h1, a.number, { type: 'accept' })
    await applyStaffCommand(c.rt, c.staff.h1, a.number, { type: 'resolve', outcome: 'mediated' })
    await c.rate(a.number, 5)
    // b: mediation failed (a linked 立案 ticket appears at 立案庭), rated 3
    await applyStaffCommand(c.rt, c.staff.h1, b.number, { type: 'accept' })
    await applyStaffCommand(c.rt, c.staff.h1, b.number, { type: 'resolve', outcome: 'mediation_failed', note: '对方不来' })
    await c.rate(b.number, 3)
    // deadlines set by hand so compliance is known: a accepted on time, b late, d open and overdue, e not yet due
    const now = c.clock.now()
    const set = async (id: number, v: Partial<typeof tickets.$inferInsert>) => await c.rt.db.update(tickets).set(v).where(eq(tickets.id, id))
    await set(a.id, { acceptDueAt: new Date(now.getTime() + HOUR), acceptedAt: now })
    await set(b.id, { acceptDueAt: new Date(now.getTime() - HOUR), acceptedAt: now })
    await set(d.id, { acceptDueAt: new Date(now.getTime() - DAY), resolveDueAt: new Date(now.getTime() - HOUR) })
    await set(e.id, { acceptDueAt: new Date(now.getTime() + DAY) })
    await set(late.id, { acceptDueAt: null, resolveDueAt: null })

    const all = await ticketStats(c.rt.db, { courtId: c.rt.courtId, role: 'duty_leader', bodyId: null }, now)
    expect(all.total).toBe(6) // five + the linked 立案 ticket
    expect(all.byDomain).toEqual({ neighbor: 3, lending: 1, property_mgmt: 1, consumer: 1 })
    expect(all.byChannel).toEqual({ web: 5, wechat_oa: 1 })
    expect(all.byStatus).toEqual({ 已归档: 2, 已派单: 4 })
    expect(all.byWeek).toEqual({ '2026-W11': 4, '2026-W12': 2 })
    expect(all.byRegion).toEqual({ 未注明: 6 })
    expect(all.sla.accept).toEqual({ total: 3, onTime: 1, rate: 0.333 })
    expect(all.sla.overdueOpen).toBe(1)
    expect(all.satisfaction).toEqual({ rated: 2, mean: 4, satisfiedShare: 0.5, unrated: 0 })
    expect(all.mediation).toEqual([{ bodyId: c.body.cg, body: '城关镇人民调解委员会', mediated: 1, failed: 1, successRate: 0.5 }])
    // the linked 立案 ticket inherits b's flags (same citizen, same matter) and is the newest
    const linked = (await c.rt.db.select().from(tickets).where(eq(tickets.parentId, b.id)))[0]!
    expect(all.earlyWarnings.map((w) => [w.number, w.reasons])).toEqual([
      [linked.number, ['repeat']],
      [e.number, ['collective']],
      [d.number, ['risk']],
      [b.number, ['repeat']],
    ])

    const unit = await ticketStats(c.rt.db, { courtId: c.rt.courtId, role: 'handler', bodyId: c.body.wuye }, now)
    expect(unit.total).toBe(1)
    expect(unit.earlyWarnings.map((w) => w.number)).toEqual([e.number])
    const editor = await ticketStats(c.rt.db, { courtId: c.rt.courtId, role: 'kb_editor', bodyId: null }, now)
    expect(editor.total).toBe(0)
    const ranged = await ticketStats(c.rt.db, { courtId: c.rt.courtId, role: 'admin', bodyId: null }, now, { from: new Date(now.getTime() - DAY) })
    expect(ranged.total).toBe(2)
  })
})
