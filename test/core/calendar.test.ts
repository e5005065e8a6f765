import { describe, expect, it } from 'vitest'
import {
  addWorkingDays,
  addWorkingHours,
  isWorkingDay,
  localDateKey,
  makeCalendar,
  withPeriods,
  workingDayMs,
  workingMsBetween,
} from '../../core/calendar.js'
import { isSuyuanError } from '../../core/errors.js'
import { DEMO_CALENDAR } from '../../db/seed/directory.js'

// court-local wall time (UTC+8) → instant
const at = (s: string): Date => new Date(`${s.replace(' ', 'T')}:00+08:00`)
const H = 3_600_000
const cal = makeCalendar({ days: DEMO_CALENDAR })

describe('isWorkingDay', () => {
  it.each([
    ['2026-03-02', true, 'Monday'],
    ['2026-03-06', true, 'Friday'],
    ['2026-03-07', false, 'Saturday'],
    ['2026-03-08', false, 'Sunday'],
    ['2026-10-01', false, '国庆 holiday on a Thursday'],
    ['2026-02-16', false, '春节 holiday on a Monday'],
    ['2026-02-14', true, '调休 workday on a Saturday'],
    ['2026-02-28', true, '调休 workday on a Saturday'],
    ['2026-01-04', true, '元旦调休 on a Sunday'],
    ['2027-02-08', false, '2027 春节 on a Monday'],
    ['2027-01-31', true, '2027 调休 on a Sunday'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(isWorkingDay(date, cal)).toBe(expected)
  })

  it('judges an instant by the court-local date, not the UTC date', () => {
    // Saturday 01:00 in the court is still Friday 17:00 UTC
    expect(isWorkingDay(at('2026-03-07 01:00'), cal)).toBe(false)
    expect(localDateKey(at('2026-03-07 01:00'), cal)).toBe('2026-03-07')
    // Monday 07:00 local is Sunday 23:00 UTC
    expect(isWorkingDay(at('2026-03-02 07:00'), cal)).toBe(true)
  })

  it('without configured holidays only weekends are days off', () => {
    expect(isWorkingDay('2026-10-01', makeCalendar())).toBe(true)
    expect(isWorkingDay('2026-02-14', makeCalendar())).toBe(false)
  })
})

describe('addWorkingHours', () => {
  it.each([
    ['2026-03-02 09:00', 2, '2026-03-02 11:00', 'inside the morning'],
    ['2026-03-02 11:00', 1, '2026-03-02 12:00', 'ends exactly at lunch: stays at 12:00'],
    ['2026-03-02 11:00', 2, '2026-03-02 15:30', 'crosses lunch'],
    ['2026-03-02 12:30', 1, '2026-03-02 15:30', 'starts in the lunch break'],
    ['2026-03-02 07:00', 1, '2026-03-02 09:30', 'starts before opening'],
    ['2026-03-02 08:30', 7, '2026-03-02 18:00', 'a full working day'],
    ['2026-03-02 17:00', 2, '2026-03-03 09:30', 'crosses the night'],
    ['2026-03-02 19:00', 1, '2026-03-03 09:30', 'starts after closing'],
    ['2026-03-06 17:00', 2, '2026-03-09 09:30', 'crosses a weekend'],
    ['2026-03-07 10:00', 1, '2026-03-09 09:30', 'starts on a Saturday'],
    ['2026-09-30 17:00', 2, '2026-10-08 09:30', 'crosses the 国庆 week'],
    ['2026-02-13 17:00', 2, '2026-02-14 09:30', 'lands on the 调休 Saturday'],
    ['2026-03-02 10:00', 0.25, '2026-03-02 10:15', 'fractions of an hour'],
  ])('%s + %sh → %s (%s)', (start, hours, expected) => {
    expect(addWorkingHours(at(start), hours, cal).toISOString()).toBe(at(expected).toISOString())
  })

  it('adds nothing for 0 hours, even outside business hours', () => {
    expect(addWorkingHours(at('2026-03-07 22:00'), 0, cal).toISOString()).toBe(at('2026-03-07 22:00').toISOString())
  })

  it('matches the Zammad reference on an 08:00–18:00 calendar: 09:30 + 60/120/180 min', () => {
    const z = withPeriods(cal, [['08:00', '18:00']])
    expect(addWorkingHours(at('2026-03-02 09:30'), 1, z)).toEqual(at('2026-03-02 10:30'))
    expect(addWorkingHours(at('2026-03-02 09:30'), 2, z)).toEqual(at('2026-03-02 11:30'))
    expect(addWorkingHours(at('2026-03-02 09:30'), 3, z)).toEqual(at('2026-03-02 12:30'))
  })

  it('refuses negative hours and calendars without working time', () => {
    expect(() => addWorkingHours(at('2026-03-02 09:00'), -1, cal)).toThrowError(/非负/)
    const allHolidays = makeCalendar({
      days: Array.from({ length: 4000 }, (_, i) => ({ date: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), kind: 'holiday' as const })),
    })
    expect(() => addWorkingHours(at('2026-03-02 09:00'), 1, allHolidays)).toThrowError(/工作日/)
  })

  it('is the inverse of workingMsBetween for many starts and lengths', () => {
    let seed = 7
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const base = at('2026-01-01 00:00').getTime()
    for (let i = 0; i < 500; i++) {
      const start = new Date(base + Math.floor(rand() * 700 * 24) * (H / 4))
      const hours = Math.floor(rand() * 120) / 4
      const end = addWorkingHours(start, hours, cal)
      expect(workingMsBetween(start, end, cal)).toBe(hours * H)
    }
  })
})

describe('addWorkingDays', () => {
  it.each([
    ['2026-03-02 10:00', 1, '2026-03-03 18:00', 'counted from the next day, to closing time'],
    ['2026-03-06 10:00', 1, '2026-03-09 18:00', 'Friday → Monday'],
    ['2026-03-07 10:00', 1, '2026-03-09 18:00', 'made on a Saturday'],
    ['2026-03-02 10:00', 15, '2026-03-23 18:00', 'three weeks'],
    ['2026-02-12 10:00', 3, '2026-02-24 18:00', 'through the 调休 Saturday and the 春节 week'],
    ['2026-09-29 10:00', 2, '2026-10-08 18:00', 'through 国庆'],
  ])('%s + %s days → %s (%s)', (start, days, expected) => {
    expect(addWorkingDays(at(start), days, cal).toISOString()).toBe(at(expected).toISOString())
  })

  it('0 days is the start itself; fractions are refused', () => {
    expect(addWorkingDays(at('2026-03-02 10:00'), 0, cal)).toEqual(at('2026-03-02 10:00'))
    expect(() => addWorkingDays(at('2026-03-02 10:00'), 1.5, cal)).toThrow()
  })
})

describe('workingMsBetween', () => {
  it.each([
    ['2026-03-02 11:00', '2026-03-02 15:00', 1.5, 'across lunch'],
    ['2026-03-06 17:00', '2026-03-09 09:00', 1.5, 'across a weekend'],
    ['2026-03-02 00:00', '2026-03-03 00:00', 7, 'a whole working day'],
    ['2026-10-01 00:00', '2026-10-08 00:00', 0, 'the 国庆 week'],
    ['2026-02-14 00:00', '2026-02-15 00:00', 7, 'the 调休 Saturday counts'],
    ['2026-03-02 12:10', '2026-03-02 14:20', 0, 'inside the lunch break'],
  ])('%s → %s = %sh (%s)', (a, b, hours) => {
    expect(workingMsBetween(at(a), at(b), cal)).toBe(hours * H)
  })

  it('is negative when the end is before the start', () => {
    expect(workingMsBetween(at('2026-03-02 15:00'), at('2026-03-02 11:00'), cal)).toBe(-1.5 * H)
  })

  it('a working day is 7 hours with the default hours', () => {
    expect(workingDayMs(cal)).toBe(7 * H)
  })
})

describe('makeCalendar', () => {
  it.each([
    [[['12:00', '08:30']]],
    [[['08:30', '12:00'], ['11:00', '18:00']]],
    [[['8:30', '12:00']]],
  ] as [string, string][][][])('refuses bad business hours %j', (periods) => {
    let err: unknown
    try {
      makeCalendar({ periods })
    } catch (e) {
      err = e
    }
    expect(isSuyuanError(err) && err.code === 'BAD_INPUT').toBe(true)
  })

  it('refuses dates that do not exist', () => {
    expect(() => makeCalendar({ days: [{ date: '2026-02-30', kind: 'holiday' }] })).toThrowError(/日期不存在/)
  })
})
