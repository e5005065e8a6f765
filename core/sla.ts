// Deadlines (限时办理) and 督办 stages for tickets (issue #5). Pure: plain ticket data + the working calendar.
//
// Two clocks: the accept clock (派单 → 接单, in working hours) runs until a unit accepts; then the resolve clock
// (接单 → 办结, in working days). On each clock: stage 1 reminds the handler at 75 % of the time, stage 2 is
// 督办 to the unit leader when overdue, stage 3 goes to the court's duty leader a further 50 % of the time
// later (at most one working day, at least half a working hour). The caller records the stage it fired in
// tickets.sla_stage; these functions only ever return a stage above it, so nothing fires twice.
import { addWorkingDays, addWorkingHours, addWorkingMs, workingDayMs, workingMsBetween, type WorkCalendar } from './calendar.js'
import { SuyuanError } from './errors.js'

export interface SlaPolicy {
  /** accept (接单) within N working hours */
  acceptHours: number
  /** resolve (办结) within N working days */
  resolveDays: number
}

export interface SlaClockInput {
  createdAt: Date
  acceptedAt?: Date | null
  risk: boolean
  /** 0 normal, 1 high (repeat, …), 2 urgent */
  priority?: number
}

export interface SlaDeadlines {
  acceptDueAt: Date
  resolveDueAt: Date
}

export type SlaStage = 1 | 2 | 3
export type SlaClock = 'accept' | 'resolve'
export const SLA_STAGE_NOTIFY = { 1: 'handler', 2: 'unit_leader', 3: 'duty_leader' } as const

/** A new ticket's priority: 2 urgent (risk), 1 high (the citizen came about the same matter before), 0 normal. */
export function ticketPriority(risk: boolean, flags: { repeatCount?: number }): number {
  return risk ? 2 : flags.repeatCount ? 1 : 0
}

/** Risk and urgent tickets: accept within 1 working hour, resolve in a third of the days (at least 1). */
export function effectivePolicy(policy: SlaPolicy, risk: boolean, priority = 0): SlaPolicy {
  if (!(policy.acceptHours > 0) || !Number.isInteger(policy.resolveDays) || policy.resolveDays < 1) {
    throw new SuyuanError('BAD_INPUT', '时限配置无效：接单时限须大于0，办结时限须为正整数')
  }
  if (risk || priority >= 2) {
    return { acceptHours: Math.min(1, policy.acceptHours), resolveDays: Math.max(1, Math.ceil(policy.resolveDays / 3)) }
  }
  // high priority (重复来访等): accept in half the time, resolve as usual
  if (priority === 1) return { acceptHours: Math.max(1, policy.acceptHours / 2), resolveDays: policy.resolveDays }
  return { ...policy }
}

/**
 * Deadlines for a ticket. The resolve deadline runs from acceptance; before acceptance it is provisional
 * (counted from creation) and should be recomputed when the unit accepts.
 */
export function slaDeadlines(t: SlaClockInput, policy: SlaPolicy, cal: WorkCalendar): SlaDeadlines {
  const p = effectivePolicy(policy, t.risk, t.priority ?? 0)
  return {
    acceptDueAt: addWorkingHours(t.createdAt, p.acceptHours, cal),
    resolveDueAt: addWorkingDays(t.acceptedAt ?? t.createdAt, p.resolveDays, cal),
  }
}

export interface SlaTicket {
  status: string
  createdAt: Date
  acceptedAt: Date | null
  acceptDueAt: Date | null
  resolveDueAt: Date | null
  /** 0 none, 1 reminder sent, 2 unit leader, 3 duty leader */
  slaStage: number
  /** when the running clock (re)started, e.g. the transfer or reopen time; defaults to created/accepted */
  clockStartedAt?: Date | null
}

/** Statuses waiting for a unit to accept vs. being worked on; other statuses stop the clock. */
const ACCEPT_CLOCK = new Set(['待派单', '已派单', '已转办'])
const RESOLVE_CLOCK = new Set(['已接单', '办理中', '重新办理'])

export interface SlaStep {
  stage: SlaStage
  clock: SlaClock
  at: Date
  /** who is told */
  notify: (typeof SLA_STAGE_NOTIFY)[SlaStage]
}

const HALF_HOUR = 30 * 60_000

/** The three stage times of the clock that is running now (empty when no clock runs). */
export function slaStageTimes(t: SlaTicket, cal: WorkCalendar): SlaStep[] {
  let clock: SlaClock
  let start: Date
  let due: Date | null
  if (ACCEPT_CLOCK.has(t.status)) {
    clock = 'accept'
    start = t.clockStartedAt ?? t.createdAt
    due = t.acceptDueAt
  } else if (RESOLVE_CLOCK.has(t.status)) {
    clock = 'resolve'
    start = t.clockStartedAt ?? t.acceptedAt ?? t.createdAt
    due = t.resolveDueAt
  } else {
    return []
  }
  if (!due) return []
  const window = Math.max(0, workingMsBetween(start, due, cal))
  const reminderAt = start.getTime() <= due.getTime() ? addWorkingMs(start, window * 0.75, cal) : due
  const further = Math.max(HALF_HOUR, Math.min(window * 0.5, workingDayMs(cal)))
  const times: [SlaStage, Date][] = [
    [1, reminderAt],
    [2, due],
    [3, addWorkingMs(due, further, cal)],
  ]
  return times.map(([stage, at]) => ({ stage, clock, at, notify: SLA_STAGE_NOTIFY[stage] }))
}

/**
 * The stage to fire at `now`: the highest stage that is due and above the recorded one (a late run goes
 * straight to 督办 instead of sending a stale reminder), or null.
 */
export function slaStageDue(t: SlaTicket, now: Date, cal: WorkCalendar): SlaStep | null {
  let due: SlaStep | null = null
  for (const step of slaStageTimes(t, cal)) {
    if (step.stage > t.slaStage && step.at.getTime() <= now.getTime()) due = step
  }
  return due
}

/** When the next stage above the recorded one becomes due (to schedule a delayed job), or null. */
export function nextStageAt(t: SlaTicket, cal: WorkCalendar): Date | null {
  return slaStageTimes(t, cal).find((s) => s.stage > t.slaStage)?.at ?? null
}
