// The court's working-day calendar (issue #5): weekends, public holidays, 调休 working days and business hours.
// Pure. Instants are Date (UTC inside); "local" means the court's fixed offset (Asia/Shanghai = UTC+8, no DST),
// so the arithmetic needs no timezone library.
import { SuyuanError } from './errors.js'

export type DayKind = 'holiday' | 'workday'

export interface WorkCalendar {
  /** special days, 'YYYY-MM-DD' → holiday (法定节假日) | workday (调休上班) */
  days: ReadonlyMap<string, DayKind>
  /** business periods as [start, end) minutes after local midnight, sorted, non-overlapping */
  periods: readonly (readonly [number, number])[]
  /** the court's UTC offset in minutes */
  offsetMinutes: number
}

export interface CalendarInput {
  days?: readonly { date: string; kind: DayKind }[]
  /** e.g. [["08:30","12:00"],["14:30","18:00"]] */
  periods?: readonly (readonly [string, string])[]
  offsetMinutes?: number
}

export const COURT_OFFSET_MINUTES = 8 * 60
export const DEFAULT_PERIODS: readonly (readonly [string, string])[] = [
  ['08:30', '12:00'],
  ['14:30', '18:00'],
]

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** no calendar has a year without a working day; beyond this the calendar is broken */
const MAX_SCAN_DAYS = 3 * 366

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME_RE = /^([01]\d|2[0-4]):([0-5]\d)$/

function parseClock(s: string): number {
  const m = TIME_RE.exec(s)
  if (!m) throw new SuyuanError('BAD_INPUT', `工作时间格式应为 HH:MM：${s}`)
  const min = Number(m[1]) * 60 + Number(m[2])
  if (min > 24 * 60) throw new SuyuanError('BAD_INPUT', `工作时间超出一天：${s}`)
  return min
}

function parseDateKey(s: string): number {
  const m = DATE_RE.exec(s)
  if (!m) throw new SuyuanError('BAD_INPUT', `日期格式应为 YYYY-MM-DD：${s}`)
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  if (new Date(ms).toISOString().slice(0, 10) !== s) throw new SuyuanError('BAD_INPUT', `日期不存在：${s}`)
  return ms / DAY
}

export function makeCalendar(input: CalendarInput = {}): WorkCalendar {
  const periods = (input.periods ?? DEFAULT_PERIODS).map(([a, b]) => [parseClock(a), parseClock(b)] as const)
  let prevEnd = -1
  for (const [a, b] of periods) {
    if (a >= b || a < prevEnd) throw new SuyuanError('BAD_INPUT', '工作时段必须按时间先后排列且互不重叠')
    prevEnd = b
  }
  const days = new Map<string, DayKind>()
  for (const d of input.days ?? []) {
    parseDateKey(d.date)
    days.set(d.date, d.kind)
  }
  return { days, periods, offsetMinutes: input.offsetMinutes ?? COURT_OFFSET_MINUTES }
}

/** The same calendar with a unit's own business hours (bodies.working_hours). */
export function withPeriods(cal: WorkCalendar, periods: readonly (readonly [string, string])[]): WorkCalendar {
  return { ...makeCalendar({ periods, offsetMinutes: cal.offsetMinutes }), days: cal.days }
}

// ---- day numbers: whole local days since 1970-01-01 ----

const localDay = (ms: number, cal: WorkCalendar): number => Math.floor((ms + cal.offsetMinutes * MINUTE) / DAY)
/** the UTC instant of a local day's midnight */
const dayStart = (day: number, cal: WorkCalendar): number => day * DAY - cal.offsetMinutes * MINUTE
const dayKey = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10)

function isWorkingDayNum(day: number, cal: WorkCalendar): boolean {
  const special = cal.days.get(dayKey(day))
  if (special) return special === 'workday'
  const wd = new Date(day * DAY).getUTCDay()
  return wd !== 0 && wd !== 6
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export const localDateKey = (d: Date, cal: WorkCalendar): string => dayKey(localDay(d.getTime(), cal))

/** A Date is judged by its local date; a 'YYYY-MM-DD' string is taken as that date. */
export function isWorkingDay(date: Date | string, cal: WorkCalendar): boolean {
  const day = typeof date === 'string' ? parseDateKey(date) : localDay(date.getTime(), cal)
  return isWorkingDayNum(day, cal)
}

/** Working milliseconds in one ordinary working day (7 h with the default hours). */
export const workingDayMs = (cal: WorkCalendar): number =>
  cal.periods.reduce((sum, [a, b]) => sum + (b - a) * MINUTE, 0)

function assertUsable(cal: WorkCalendar): void {
  if (workingDayMs(cal) <= 0) throw new SuyuanError('BAD_INPUT', '日历没有工作时段')
}

/**
 * The instant after `ms` working milliseconds counted from `start`. A clock that runs out exactly at the end
 * of a period stops there (12:00, not 14:30); time outside business hours does not count.
 */
export function addWorkingMs(start: Date, ms: number, cal: WorkCalendar): Date {
  if (!Number.isFinite(ms) || ms < 0) throw new SuyuanError('BAD_INPUT', '工作时长必须是非负数')
  assertUsable(cal)
  let remaining = Math.round(ms)
  let cursor = start.getTime()
  if (remaining === 0) return new Date(cursor)
  let day = localDay(cursor, cal)
  for (let i = 0; i < MAX_SCAN_DAYS; i++, day++) {
    if (isWorkingDayNum(day, cal)) {
      const base = dayStart(day, cal)
      for (const [a, b] of cal.periods) {
        const from = Math.max(cursor, base + a * MINUTE)
        const end = base + b * MINUTE
        if (from >= end) continue
        if (remaining <= end - from) return new Date(from + remaining)
        remaining -= end - from
      }
    }
    cursor = dayStart(day + 1, cal)
  }
  throw new SuyuanError('BAD_INPUT', '日历中找不到足够的工作日')
}

export const addWorkingHours = (start: Date, hours: number, cal: WorkCalendar): Date =>
  addWorkingMs(start, hours * HOUR, cal)

/**
 * Close of business on the `days`-th working day after the start's local date (期限从次日起算, the last day
 * counts in full). A ticket made on Saturday with 1 working day is due Monday at closing time. 0 days: `start`.
 */
export function addWorkingDays(start: Date, days: number, cal: WorkCalendar): Date {
  if (!Number.isInteger(days) || days < 0) throw new SuyuanError('BAD_INPUT', '工作日数必须是非负整数')
  assertUsable(cal)
  if (days === 0) return new Date(start.getTime())
  let day = localDay(start.getTime(), cal)
  let left = days
  for (let i = 0, limit = MAX_SCAN_DAYS + days * 7; i < limit; i++) {
    day++
    if (isWorkingDayNum(day, cal) && --left === 0) {
      const last = cal.periods[cal.periods.length - 1]
      return new Date(dayStart(day, cal) + (last ? last[1] : 0) * MINUTE)
    }
  }
  throw new SuyuanError('BAD_INPUT', '日历中找不到足够的工作日')
}

/** Working milliseconds in [a, b); negative when b is before a. */
export function workingMsBetween(a: Date, b: Date, cal: WorkCalendar): number {
  const from = a.getTime()
  const to = b.getTime()
  if (to < from) return -workingMsBetween(b, a, cal)
  let sum = 0
  for (let day = localDay(from, cal), last = localDay(to, cal); day <= last; day++) {
    if (!isWorkingDayNum(day, cal)) continue
    const base = dayStart(day, cal)
    for (const [pa, pb] of cal.periods) {
      const s = Math.max(from, base + pa * MINUTE)
      const e = Math.min(to, base + pb * MINUTE)
      if (e > s) sum += e - s
    }
  }
  return sum
}
