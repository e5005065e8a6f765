import { describe, expect, it } from 'vitest'
import { makeCalendar } from '../../core/calendar.js'
import { effectivePolicy, nextStageAt, slaDeadlines, slaStageDue, slaStageTimes, type SlaTicket } from '../../core/sla.js'
import { DEMO_CALENDAR } from '../../db/seed/directory.js'

const at = (s: string): Date => new Date(`${s.replace(' ', 'T')}:00+08:00`)
const cal = makeCalendar({ days: DEMO_CALENDAR })
const normal = { acceptHours: 8, resolveDays: 15 }

describe('effectivePolicy', () => {
  it.each([
    [{ acceptHours: 8, resolveDays: 15 }, false, 0, { acceptHours: 8, resolveDays: 15 }],
    [{ acceptHours: 8, resolveDays: 15 }, true, 0, { acceptHours: 1, resolveDays: 5 }],
    [{ acceptHours: 8, resolveDays: 10 }, true, 0, { acceptHours: 1, resolveDays: 4 }],
    [{ acceptHours: 8, resolveDays: 2 }, true, 0, { acceptHours: 1, resolveDays: 1 }],
    [{ acceptHours: 0.5, resolveDays: 1 }, true, 0, { acceptHours: 0.5, resolveDays: 1 }],
    [{ acceptHours: 8, resolveDays: 15 }, false, 2, { acceptHours: 1, resolveDays: 5 }],
    [{ acceptHours: 8, resolveDays: 15 }, false, 1, { acceptHours: 4, resolveDays: 15 }],
  ])('%j risk=%s priority=%s → %j', (policy, risk, priority, expected) => {
    expect(effectivePolicy(policy, risk, priority)).toEqual(expected)
  })

  it('refuses a policy without time', () => {
    expect(() => effectivePolicy({ acceptHours: 0, resolveDays: 15 }, false)).toThrowError(/时限/)
    expect(() => effectivePolicy({ acceptHours: 8, resolveDays: 0 }, false)).toThrowError(/时限/)
  })
})

describe('slaDeadlines', () => {
  it('normal ticket: accept in 8 working hours (across the night), resolve in 15 working days', () => {
    const d = slaDeadlines({ createdAt: at('2026-03-02 10:00'), risk: false }, normal, cal)
    expect(d.acceptDueAt).toEqual(at('2026-03-03 11:00'))
    expect(d.resolveDueAt).toEqual(at('2026-03-23 18:00'))
  })

  it('risk ticket: accept within 1 working hour, resolve in a third of the days', () => {
    const d = slaDeadlines({ createdAt: at('2026-03-02 10:00'), risk: true }, normal, cal)
    expect(d.acceptDueAt).toEqual(at('2026-03-02 11:00'))
    expect(d.resolveDueAt).toEqual(at('2026-03-09 18:00'))
  })

  it('the resolve clock runs from acceptance', () => {
    const d = slaDeadlines({ createdAt: at('2026-03-02 10:00'), acceptedAt: at('2026-03-04 09:00'), risk: false }, { acceptHours: 8, resolveDays: 2 }, cal)
    expect(d.resolveDueAt).toEqual(at('2026-03-06 18:00'))
  })

  it('a ticket made on the eve of 国庆 is not due during the holiday', () => {
    const d = slaDeadlines({ createdAt: at('2026-09-30 16:00'), risk: false }, normal, cal)
    expect(d.acceptDueAt).toEqual(at('2026-10-08 17:00')) // 2h on 9-30, then 3.5h + 2.5h on 10-08
    expect(d.acceptDueAt.getTime()).toBeGreaterThan(at('2026-10-07 23:59').getTime())
  })
})

// created Mon 10:00, accept due Tue 11:00 (8 working hours): reminder at 75 % = 6h → Tue 09:00;
// 督办 at Tue 11:00; duty leader a further 4h (50 %) → Tue 17:30
const waiting = (slaStage: number): SlaTicket => ({
  status: '已派单',
  createdAt: at('2026-03-02 10:00'),
  acceptedAt: null,
  acceptDueAt: at('2026-03-03 11:00'),
  resolveDueAt: at('2026-03-23 18:00'),
  slaStage,
})

describe('slaStageDue on the accept clock', () => {
  it.each([
    [0, '2026-03-03 08:59', null],
    [0, '2026-03-03 09:00', 1],
    [1, '2026-03-03 10:59', null],
    [1, '2026-03-03 11:00', 2],
    [2, '2026-03-03 17:29', null],
    [2, '2026-03-03 17:30', 3],
    [3, '2026-04-30 09:00', null],
  ])('recorded stage %s at %s → %s', (stage, now, expected) => {
    expect(slaStageDue(waiting(stage), at(now), cal)?.stage ?? null).toBe(expected)
  })

  it('names who is told at each stage', () => {
    expect(slaStageTimes(waiting(0), cal).map((s) => [s.stage, s.notify, s.clock])).toEqual([
      [1, 'handler', 'accept'],
      [2, 'unit_leader', 'accept'],
      [3, 'duty_leader', 'accept'],
    ])
  })

  it('a late run goes straight to the highest due stage, never back to a reminder', () => {
    expect(slaStageDue(waiting(0), at('2026-03-03 12:00'), cal)?.stage).toBe(2)
    expect(slaStageDue(waiting(0), at('2026-03-04 09:00'), cal)?.stage).toBe(3)
    expect(slaStageDue(waiting(2), at('2026-03-03 12:00'), cal)).toBeNull()
  })

  it('nextStageAt gives the time of the next stage above the recorded one', () => {
    expect(nextStageAt(waiting(0), cal)).toEqual(at('2026-03-03 09:00'))
    expect(nextStageAt(waiting(1), cal)).toEqual(at('2026-03-03 11:00'))
    expect(nextStageAt(waiting(2), cal)).toEqual(at('2026-03-03 17:30'))
    expect(nextStageAt(waiting(3), cal)).toBeNull()
  })

  it('the reminder does not fire over a weekend', () => {
    // Fri 17:00 + 8h → due Mon 18:00; 75 % = 6h → Mon 16:00
    const t: SlaTicket = { ...waiting(0), createdAt: at('2026-03-06 17:00'), acceptDueAt: at('2026-03-09 18:00') }
    expect(slaStageDue(t, at('2026-03-08 23:00'), cal)).toBeNull()
    expect(nextStageAt(t, cal)).toEqual(at('2026-03-09 16:00'))
  })

  it('risk tickets run on the shortened clock: reminder after 45 min, duty leader half an hour after the due time', () => {
    const created = at('2026-03-02 10:00')
    const d = slaDeadlines({ createdAt: created, risk: true }, normal, cal)
    const t: SlaTicket = { status: '待派单', createdAt: created, acceptedAt: null, ...d, slaStage: 0 }
    expect(slaStageTimes(t, cal).map((s) => s.at)).toEqual([at('2026-03-02 10:45'), at('2026-03-02 11:00'), at('2026-03-02 11:30')])
  })

  it('every stage fires exactly once, in order, when a scheduler polls every 10 minutes', () => {
    let t = waiting(0)
    const fired: { stage: number; at: number; due: number }[] = []
    for (let now = t.createdAt.getTime(); now < at('2026-03-10 00:00').getTime(); now += 10 * 60_000) {
      const step = slaStageDue(t, new Date(now), cal)
      if (step) {
        fired.push({ stage: step.stage, at: now, due: step.at.getTime() })
        t = { ...t, slaStage: step.stage } // the caller records the stage
      }
    }
    expect(fired.map((f) => f.stage)).toEqual([1, 2, 3])
    for (const f of fired) expect(f.at).toBeGreaterThanOrEqual(f.due)
  })

  it('a scheduler that sleeps until nextStageAt fires the same stages', () => {
    let t = waiting(0)
    const fired: number[] = []
    for (let next = nextStageAt(t, cal); next; next = nextStageAt(t, cal)) {
      const step = slaStageDue(t, next, cal)
      expect(step).not.toBeNull()
      fired.push(step!.stage)
      t = { ...t, slaStage: step!.stage }
    }
    expect(fired).toEqual([1, 2, 3])
  })
})

describe('slaStageDue on the resolve clock', () => {
  // accepted Tue 10:00 with 2 working days → due Thu 18:00; window 2h + 7h + 7h... from Tue 10:00 = 5.5h + 7h + 7h = 19.5h
  const working: SlaTicket = {
    status: '办理中',
    createdAt: at('2026-03-02 10:00'),
    acceptedAt: at('2026-03-03 10:00'),
    acceptDueAt: at('2026-03-03 11:00'),
    resolveDueAt: at('2026-03-05 18:00'),
    slaStage: 0,
  }

  it('reminds at 75 % of the working time since acceptance, escalates at the due time, re-escalates after one more working day at most', () => {
    // 75 % of 19.5h = 14.625h from Tue 10:00: Tue 5.5h, Wed 7h → 2.125h into Thu = 10:37:30
    const times = slaStageTimes(working, cal)
    expect(times.map((s) => s.clock)).toEqual(['resolve', 'resolve', 'resolve'])
    expect(times[0]!.at).toEqual(new Date(at('2026-03-05 10:37').getTime() + 30_000))
    expect(times[1]!.at).toEqual(at('2026-03-05 18:00'))
    // 50 % would be 9.75h; capped at one working day (7h) → Fri 18:00
    expect(times[2]!.at).toEqual(at('2026-03-06 18:00'))
  })

  it('reopened tickets use the restarted clock when given', () => {
    const t: SlaTicket = { ...working, status: '重新办理', clockStartedAt: at('2026-03-05 08:30'), resolveDueAt: at('2026-03-05 18:00') }
    // 7h window from Thu 08:30: reminder at 5.25h = 3.5h morning + 1.75h afternoon → 16:15
    expect(nextStageAt(t, cal)).toEqual(at('2026-03-05 16:15'))
  })

  it.each(['已办结', '已归档'])('no clock runs once the ticket is %s', (status) => {
    const t = { ...working, status }
    expect(slaStageDue(t, at('2026-12-31 12:00'), cal)).toBeNull()
    expect(nextStageAt(t, cal)).toBeNull()
  })

  it('no clock runs without a due date', () => {
    expect(nextStageAt({ ...working, resolveDueAt: null }, cal)).toBeNull()
  })
})
