import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { isSuyuanError, type SuyuanError } from '../../core/errors.js'
import { messages, outbox, tickets } from '../../db/schema/index.js'
import { getTicket, ticketEventsOf } from '../../db/repositories/tickets.js'
import { applyStaffCommand, archiveOnRatingTimeout } from '../../db/repositories/ticket-actions.js'
import { fireSlaStage } from '../../api/jobs/sla.js'
import { rows } from '../support/sql.js'
import { makeCourt, type Court } from './fixture.js'

const DAY = 24 * 3600 * 1000
let c: Court
beforeEach(async () => {
  c = await makeCourt()
})
afterEach(async () => {
  await c.close()
})

async function refused(p: Promise<unknown>): Promise<SuyuanError> {
  try {
    await p
  } catch (e) {
    if (isSuyuanError(e)) return e
    throw e
  }
  throw new Error('expected a refusal')
}

describe('ticket actions against a migrated database', () => {
  it('accept → reply → resolve mediation_failed: events, citizen pushes and a linked 立案 ticket for 立案庭', async () => {
    const t = await c.newTicket()
    const a = await applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'accept' })
    expect(a.ticket).toMatchObject({ status: '已接单', ownerBodyId: c.body.cg, handlerId: c.staff.h1.id })
    expect(a.ticket.resolveDueAt!.getTime()).toBeGreaterThan(c.clock.now().getTime())

    c.clock.advance(3600_000)
    const r = await applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'reply', text: '已约对方本周三上午到调委会面谈。' })
    expect(r.ticket.status).toBe('办理中')

    c.clock.advance(DAY)
    const res = await applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'resolve', outcome: 'mediation_failed', note: '对方不同意赔偿' })
    expect(res.ticket).toMatchObject({ status: '已办结', outcome: 'mediation_failed' })
    expect(res.ticket.feedbackAt).toEqual(c.clock.now())

    expect(res.linked).toHaveLength(1)
    const child = (await getTicket(c.rt.db, res.linked[0]!.id))!
    expect(child).toMatchObject({
      parentId: t.id,
      bodyId: c.body.lian,
      status: '已派单',
      source: 'linked',
      intent: 'filing',
      facts: t.facts,
      contactPhone: t.contactPhone,
      place: t.place,
      citizenId: c.citizenId,
    })
    expect(child.summary).toContain(t.number)
    expect(child.acceptDueAt).not.toBeNull()
    const childEvents = await ticketEventsOf(c.rt.db, child.id)
    expect(childEvents.map((e) => e.action)).toEqual(['created', 'dispatched'])
    expect(childEvents[0]!.data).toMatchObject({ parentId: t.id })

    const events = await ticketEventsOf(c.rt.db, t.id)
    expect(events.map((e) => e.action)).toEqual(['created', 'dispatched', 'accepted', 'replied', 'resolved'])
    expect(events.at(-1)!.data).toMatchObject({ outcome: 'mediation_failed', linkedNumbers: [child.number] })
    expect(events[2]!.actorId).toBe(c.staff.h1.id)

    // three pushes: the acceptance notice, the relayed reply and the resolve notice naming the new 立案 ticket
    const pushed = (await c.rt.db.select().from(messages).where(eq(messages.ticketId, t.id)))
    expect(pushed.map((m) => [m.direction, m.kind])).toEqual([
      ['out', 'push'],
      ['out', 'push'],
      ['out', 'push'],
    ])
    expect(pushed[0]!.text).toContain('接单')
    expect(pushed[1]!.text).toContain('周三上午')
    expect(pushed[2]!.text).toContain(child.number)
    // jobs carry ids only
    const jobs = (await c.rt.db.select().from(outbox))
    const notices = jobs.filter((j) => j.job === 'notify-citizen')
    expect(notices.map((j) => j.payload)).toEqual(pushed.map((m) => ({ messageId: m.id })))
    expect(jobs.some((j) => j.job === 'notify-unit' && (j.payload as { ticketId: number }).ticketId === child.id)).toBe(true)
    expect(JSON.stringify(jobs.map((j) => j.payload))).not.toContain('138')
    const timeout = jobs.find((j) => j.job === 'rating-timeout')!
    expect(timeout.runAt.getTime() - c.clock.now().getTime()).toBe(3 * DAY)
  })

  it('scope: another unit and kb editors get NOT_FOUND; the duty leader acts anywhere', async () => {
    const t = await c.newTicket()
    expect((await refused(applyStaffCommand(c.rt, c.staff.h2, t.number, { type: 'accept' }))).code).toBe('NOT_FOUND')
    expect((await refused(applyStaffCommand(c.rt, c.staff.editor, t.number, { type: 'accept' }))).code).toBe('NOT_FOUND')
    expect((await refused(applyStaffCommand(c.rt, c.staff.h1, 'SY-2026-999999', { type: 'accept' }))).code).toBe('NOT_FOUND')
    expect((await getTicket(c.rt.db, t.id))!.status).toBe('已派单')
    const r = await applyStaffCommand(c.rt, c.staff.leader, t.number, { type: 'accept' })
    expect(r.ticket.status).toBe('已接单')
  })

  it('a forbidden transition is refused with a reason and changes nothing', async () => {
    const t = await c.newTicket()
    const before = (await ticketEventsOf(c.rt.db, t.id)).length
    const e = await refused(applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'resolve', outcome: 'answered' }))
    expect(e.code).toBe('TRANSITION_FORBIDDEN')
    expect(e.httpStatus).toBe(409)
    expect(e.message).toContain('已派单')
    expect((await ticketEventsOf(c.rt.db, t.id))).toHaveLength(before)
    expect((await getTicket(c.rt.db, t.id))!.updatedAt).toEqual(t.updatedAt)
  })

  it('按责转办: the ticket moves with a reason, deadlines restart for the new unit, 首问 owner follows the accept', async () => {
    const t = await c.newTicket()
    await applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'accept' })
    c.clock.advance(2 * 3600_000)
    const tr = await applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'transfer', bodyId: c.body.wuye, reason: '属物业服务纠纷' })
    expect(tr.ticket).toMatchObject({ status: '已转办', bodyId: c.body.wuye, ownerBodyId: null, transferCount: 1, handlerId: null })
    expect(tr.ticket.acceptDueAt!.getTime()).toBeGreaterThan(c.clock.now().getTime())
    const ev = (await ticketEventsOf(c.rt.db, t.id)).at(-1)!
    expect(ev).toMatchObject({ action: 'transferred', reason: '属物业服务纠纷', fromStatus: '已接单', toStatus: '已转办' })
    // the old unit no longer sees it
    expect((await refused(applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'accept' }))).code).toBe('NOT_FOUND')
    const acc = await applyStaffCommand(c.rt, c.staff.hwuye, t.number, { type: 'accept' })
    expect(acc.ticket.ownerBodyId).toBe(c.body.wuye)
    // the citizen is told where it went
    const last = (await c.rt.db.select().from(messages).where(eq(messages.ticketId, t.id))).at(-1)!
    expect(last.text).toContain('物业纠纷联合调解室')
    // to an unknown unit: bad input
    expect((await refused(applyStaffCommand(c.rt, c.staff.hwuye, t.number, { type: 'transfer', bodyId: 9999, reason: 'x' }))).code).toBe('BAD_INPUT')
  })

  it('deadline checks: the action stages the same sla-check the SLA job would, and the stage fires once due', async () => {
    const t = await c.newTicket()
    c.clock.advance(3600_000)
    await applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'transfer', bodyId: c.body.wuye, reason: '属物业服务纠纷' })
    const checks = async () => (await c.rt.db.select().from(outbox)).filter((j) => j.job === 'sla-check' && (j.payload as { ticketId: number }).ticketId === t.id)
    const before = await checks()
    expect(before).toHaveLength(1)
    expect(await fireSlaStage(c.rt, t.id)).toBeNull() // nothing due yet; re-staging the next check is a no-op
    expect(await checks()).toHaveLength(1)
    // the 物业 unit has 4 working hours to accept: two days later the accept clock is overdue
    c.clock.advance(2 * DAY)
    const fired = await fireSlaStage(c.rt, t.id)
    expect(fired).toMatchObject({ clock: 'accept' })
    expect((await getTicket(c.rt.db, t.id))!.slaStage).toBeGreaterThanOrEqual(2)
  })

  it('after 3 transfers the unit may not transfer again', async () => {
    const t = await c.newTicket()
    const hops: [typeof c.staff.h1, number][] = [
      [c.staff.h1, c.body.wuye],
      [c.staff.hwuye, c.body.other],
      [c.staff.h2, c.body.cg],
    ]
    for (const [who, to] of hops) await applyStaffCommand(c.rt, who, t.number, { type: 'transfer', bodyId: to, reason: '不属本单位' })
    const e = await refused(applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'transfer', bodyId: c.body.wuye, reason: '再转' }))
    expect(e.code).toBe('TRANSITION_FORBIDDEN')
    expect((await getTicket(c.rt.db, t.id))!.transferCount).toBe(3)
  })

  it('rating: a low score reopens to the owning unit; no score in 3 days archives as 未评价', async () => {
    const t = await c.newTicket()
    await applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'accept' })
    await applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'resolve', outcome: 'answered', note: '已告知处理途径' })
    const low = await c.rate(t.number, 1, '没解决')
    expect(low.ticket).toMatchObject({ status: '重新办理', bodyId: c.body.cg, rating: 1 })

    await applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'resolve', outcome: 'mediated', note: '双方签订调解协议' })
    expect(await archiveOnRatingTimeout(c.rt, t.id)).toBe(false) // still inside the 3 days
    expect((await refused(applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'archive' }))).code).toBe('TRANSITION_FORBIDDEN')
    c.clock.advance(3 * DAY)
    expect(await archiveOnRatingTimeout(c.rt, t.id)).toBe(true)
    const last = (await ticketEventsOf(c.rt.db, t.id)).at(-1)!
    expect(last).toMatchObject({ action: 'archived', note: '未评价', actorType: 'system', toStatus: '已归档' })
  })

  it('司法确认 after a mediated outcome creates one linked ticket for 立案庭', async () => {
    const t = await c.newTicket()
    await applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'accept' })
    await applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'resolve', outcome: 'mediated' })
    const r = await applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'judicial-confirmation' })
    expect(r.linked[0]).toMatchObject({ bodyId: c.body.lian, parentId: t.id })
    expect(r.ticket.status).toBe('已办结')
    expect((await refused(applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'judicial-confirmation' }))).code).toBe('TRANSITION_FORBIDDEN')
    expect((await c.rt.db.select().from(tickets).where(eq(tickets.parentId, t.id)))).toHaveLength(1)
  })

  it('the audit trail is append-only: UPDATE and DELETE on ticket_events throw', async () => {
    const t = await c.newTicket()
    await expect(rows(c.rt.db, 'UPDATE ticket_events SET note = ? WHERE ticket_id = ?', '改写', t.id)).rejects.toThrow(/append-only/)
    await expect(rows(c.rt.db, 'DELETE FROM ticket_events WHERE ticket_id = ?', t.id)).rejects.toThrow(/append-only/)
  })

  it('jobs staged by actions run: the unit inbox gets the transfer notice', async () => {
    const t = await c.newTicket()
    await applyStaffCommand(c.rt, c.staff.h1, t.number, { type: 'transfer', bodyId: c.body.wuye, reason: '属物业服务纠纷' })
    await c.rt.jobs.idle()
    const inbox = await rows(c.rt.db, 'SELECT body_id, kind FROM unit_notifications WHERE ticket_id = ?', t.id)
    expect(inbox).toContainEqual({ body_id: c.body.wuye, kind: 'transferred' })
  })
})

describe('ticket actions with bullmq on Redis', () => {
  it('the notices staged by a transfer and a resolve are delivered through the queue', async () => {
    const r = await makeCourt(undefined, { redis: true })
    try {
      const t = await r.newTicket()
      await applyStaffCommand(r.rt, r.staff.h1, t.number, { type: 'transfer', bodyId: r.body.wuye, reason: '属物业服务纠纷' })
      await applyStaffCommand(r.rt, r.staff.hwuye, t.number, { type: 'accept' })
      await applyStaffCommand(r.rt, r.staff.hwuye, t.number, { type: 'resolve', outcome: 'mediation_failed', note: '物业公司不到场' })
      await r.rt.jobs.idle()
      const inbox = await rows(r.rt.db, 'SELECT body_id, kind FROM unit_notifications ORDER BY id')
      expect(inbox).toContainEqual({ body_id: r.body.wuye, kind: 'transferred' })
      expect(inbox).toContainEqual({ body_id: r.body.lian, kind: 'new_ticket' })
      // every due job ran and was marked done in the outbox
      const pending = (await r.rt.db.select().from(outbox)).filter((j) => j.doneAt === null && j.runAt.getTime() <= r.clock.now().getTime())
      expect(pending).toEqual([])
    } finally {
      await r.close()
    }
  })
})
