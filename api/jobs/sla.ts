// 限时办理 / 督办 timers (issue #5). A ticket's next stage (75 % reminder, 督办 to the unit leader when overdue, then
// to the court duty leader) is fired by a delayed 'sla-check' job for timeliness, and by a periodic sweep over the
// database, which is the source of truth: a job lost with Redis or the process only makes a stage later, never
// missing or double. Recording is one transaction: conditional sla_stage update + ticket event + inbox notices.
import { lockInTx } from '../../db/connection.js'
import { addWorkingMs, withPeriods, workingDayMs, type WorkCalendar } from '../../core/calendar.js'
import { nextStageAt, slaStageDue, type SlaClock, type SlaStage, type SlaStep, type SlaTicket } from '../../core/sla.js'
import type { Db } from '../../db/client.js'
import { loadCalendar } from '../../db/repositories/directory.js'
import {
  advanceSlaStage,
  bodyName,
  bodyPolicies,
  clockStartedAt,
  dutyBodyIds,
  insertUnitNotice,
  slaCandidates,
  unratedPastWindow,
} from '../../db/repositories/sla.js'
import { appendEvent, getTicket, type TicketRow } from '../../db/repositories/tickets.js'
import { archiveOnRatingTimeout } from '../../db/repositories/ticket-actions.js'
import { SLA_EVENT_NOTES, SLA_NOTICES } from '../../strings/sla.js'
import type { Runtime } from '../types.js'
import { commandOutcome } from './rating.js'
import type { DutyLease } from './lease.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/**
 * Floors for the sweep horizon: a body whose limits were shortened after tickets were created still has tickets
 * with the old, longer windows. Deadlines set with at most these settings are always found.
 */
const HORIZON_FLOOR = { acceptHours: 8, resolveDays: 15 }

export interface SlaFired {
  ticketId: number
  stage: SlaStage
  clock: SlaClock
  /** when the stage became due */
  at: Date
}

export interface SweepReport {
  candidates: number
  fired: SlaFired[]
  /** unrated tickets archived as 未评价 by the sweep */
  archived: number
  ms: number
}

/** Calendars per body for one run (a body's own hours on the court's holidays). */
export class CalendarCache {
  private court = new Map<number, Promise<WorkCalendar>>()
  private byBody = new Map<string, Promise<WorkCalendar>>()
  constructor(private db: Db) {}
  get(courtId: number, bodyId: number | null): Promise<WorkCalendar> {
    const key = `${courtId}/${bodyId ?? ''}`
    let cal = this.byBody.get(key)
    if (!cal) {
      cal = bodyId === null ? this.courtCal(courtId) : loadCalendar(this.db, courtId, bodyId)
      this.byBody.set(key, cal)
    }
    return cal
  }
  courtCal(courtId: number): Promise<WorkCalendar> {
    let cal = this.court.get(courtId)
    if (!cal) {
      cal = loadCalendar(this.db, courtId)
      this.court.set(courtId, cal)
    }
    return cal
  }
}

const clockOf = (status: string): SlaClock | null =>
  ['待派单', '已派单', '已转办'].includes(status) ? 'accept' : ['已接单', '办理中', '重新办理'].includes(status) ? 'resolve' : null

/** "11月25日 18:00" in the court's local time. */
export function formatDue(d: Date | null, cal: WorkCalendar): string {
  if (!d) return '—'
  const local = new Date(d.getTime() + cal.offsetMinutes * 60_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`
}

function slaView(t: Pick<TicketRow, 'status' | 'createdAt' | 'acceptedAt' | 'acceptDueAt' | 'resolveDueAt' | 'slaStage'>, start: Date | null): SlaTicket {
  return {
    status: t.status,
    createdAt: t.createdAt,
    acceptedAt: t.acceptedAt,
    acceptDueAt: t.acceptDueAt,
    resolveDueAt: t.resolveDueAt,
    slaStage: t.slaStage,
    clockStartedAt: start,
  }
}

/** Outbox key of the check for one stage of one clock run: staging it twice is a no-op. */
const checkKey = (ticketId: number, clock: SlaClock, start: Date | null, stage: number) =>
  `sla-check-${ticketId}-${clock}-${start?.getTime() ?? 0}-s${stage}`

/** Stages the 'sla-check' for the next stage of the clock now running; returns when it is due (or null). */
async function stageNextCheck(tx: Db, rt: Pick<Runtime, 'jobs' | 'clock'>, ticketId: number, view: SlaTicket, cal: WorkCalendar): Promise<Date | null> {
  const clock = clockOf(view.status)
  const at = nextStageAt(view, cal)
  if (!clock || !at) return null
  const now = rt.clock.now()
  await rt.jobs.stage(
    tx,
    'sla-check',
    { ticketId, stage: view.slaStage + 1 },
    { delayMs: Math.max(0, at.getTime() - now.getTime()), key: checkKey(ticketId, clock, view.clockStartedAt ?? null, view.slaStage + 1) },
  )
  return at
}

/**
 * Call inside the transaction that creates a ticket or restarts its clock (accept, transfer, reopen), after the
 * deadlines and sla_stage (0) are written. `clockStartedAt` defaults to now (the clock starts with this change).
 * Returns when the next stage is due, or null when no clock runs.
 */
export async function scheduleSla(tx: Db, rt: Pick<Runtime, 'jobs' | 'clock'>, ticket: TicketRow, clockStartedAt?: Date): Promise<Date | null> {
  const cal = await loadCalendar(tx, ticket.courtId, ticket.bodyId ?? undefined)
  return stageNextCheck(tx, rt, ticket.id, slaView(ticket, clockStartedAt ?? rt.clock.now()), cal)
}

/**
 * Fires the stage due now for one ticket, at most once, and stages the check for the following stage. One
 * immediate transaction; returns what was fired (null: nothing due, or another run recorded it first).
 */
export async function fireSlaStage(rt: Runtime, ticketId: number, cals: CalendarCache = new CalendarCache(rt.db)): Promise<SlaFired | null> {
  const now = rt.clock.now()
  // the calendar is read before the transaction: a unit awaits nothing but its own queries
  const peek = await getTicket(rt.db, ticketId)
  if (!peek) return null
  const cal = await cals.get(peek.courtId, peek.bodyId)
  return rt.uow.run(async (tx) => {
    // the same per-ticket lock as a staff command: a 督办 and an 接单 at one moment do not interleave
    await lockInTx(tx, `ticket:${ticketId}`)
    const t = await getTicket(tx, ticketId)
    if (!t) return null
    const view = slaView(t, await clockStartedAt(tx, t.id))
    const step = slaStageDue(view, now, cal)
    if (!step || !(await advanceSlaStage(tx, t.id, t.status, step.stage))) {
      await stageNextCheck(tx, rt, t.id, view, cal)
      return null
    }
    await record(tx, rt, t, view, step, cal, now)
    await stageNextCheck(tx, rt, t.id, { ...view, slaStage: step.stage }, cal)
    return { ticketId: t.id, stage: step.stage, clock: step.clock, at: step.at }
  })
}

async function record(tx: Db, rt: Runtime, t: TicketRow, view: SlaTicket, step: SlaStep, cal: WorkCalendar, now: Date): Promise<void> {
  const due = step.clock === 'accept' ? t.acceptDueAt : t.resolveDueAt
  await appendEvent(tx, {
    ticketId: t.id,
    at: now,
    actor: { type: 'system', id: null },
    action: step.stage === 1 ? 'reminded' : 'escalated',
    fromStatus: t.status,
    toStatus: t.status,
    note: SLA_EVENT_NOTES[step.stage](step.clock),
    data: {
      stage: step.stage,
      clock: step.clock,
      notify: step.notify,
      dueAt: due?.toISOString() ?? null,
      stageAt: step.at.toISOString(),
      clockStartedAt: view.clockStartedAt?.toISOString() ?? null,
      bodyId: t.bodyId,
    },
  })
  // The unit's inbox is a table: written here, in the same transaction, it is exactly-once by construction.
  const recipients = new Set<number>()
  if (t.bodyId !== null) recipients.add(t.bodyId)
  if (step.stage === 3) for (const id of await dutyBodyIds(tx, t.courtId)) recipients.add(id)
  const text = SLA_NOTICES[step.stage]({
    number: t.number,
    summary: t.summary,
    clock: step.clock,
    due: formatDue(due, cal),
    bodyName: (await bodyName(tx, t.bodyId)) ?? '承办单位',
  })
  const run = `${t.id}-${step.clock}-${view.clockStartedAt?.getTime() ?? 0}-${step.stage}`
  for (const bodyId of recipients) {
    await insertUnitNotice(tx, { bodyId, ticketId: t.id, kind: step.stage === 1 ? 'reminder' : 'escalation', text, dedupKey: `sla-${run}-${bodyId}`, now })
  }
  rt.log.info({ ticketId: t.id, stage: step.stage, clock: step.clock }, 'sla stage recorded')
}

/**
 * The latest deadline a ticket with a stage due now can have: its reminder lies 25 % of the window before the
 * deadline, and no window is longer than the longest body setting (or the floors). Plus a day for units whose
 * hours differ from the court's.
 */
export async function sweepHorizons(db: Db, courtId: number, now: Date, cals: CalendarCache): Promise<{ accept: Date; resolve: Date }> {
  const courtCal = await cals.courtCal(courtId)
  const settings = [
    { acceptHours: HORIZON_FLOOR.acceptHours, resolveDays: HORIZON_FLOOR.resolveDays, cal: courtCal },
    ...(await bodyPolicies(db, courtId)).map((b) => ({
      acceptHours: Math.max(1, b.acceptHours),
      resolveDays: b.resolveDays,
      cal: b.workingHours?.periods?.length ? withPeriods(courtCal, b.workingHours.periods) : courtCal,
    })),
  ]
  let accept = now.getTime()
  let resolve = now.getTime()
  for (const s of settings) {
    const a = Math.max(s.acceptHours, HORIZON_FLOOR.acceptHours) * HOUR * 0.25
    const r = (Math.max(s.resolveDays, HORIZON_FLOOR.resolveDays) + 1) * workingDayMs(s.cal) * 0.25
    accept = Math.max(accept, addWorkingMs(now, a, s.cal).getTime())
    resolve = Math.max(resolve, addWorkingMs(now, r, s.cal).getTime())
  }
  return { accept: new Date(accept + DAY), resolve: new Date(resolve + DAY) }
}

/** Per runtime: candidates known not to be due before a time (dropped when the ticket's SLA fields change). */
const sweepMemo = new WeakMap<Runtime, Map<number, { sig: string; nextAt: number }>>()
function memoOf(rt: Runtime): Map<number, { sig: string; nextAt: number }> {
  let m = sweepMemo.get(rt)
  if (!m) sweepMemo.set(rt, (m = new Map()))
  return m
}

/**
 * One sweep: fire every due stage of this court's open tickets, and archive as 未评价 the resolved tickets whose
 * rating window passed (in case their rating-timeout job was lost). Safe to run concurrently with jobs and with
 * other processes.
 */
export async function runSlaSweep(rt: Runtime): Promise<SweepReport> {
  const t0 = performance.now()
  const now = rt.clock.now()
  const cals = new CalendarCache(rt.db)
  // every court's tickets: one sweep serves all the courts of this database
  const candidates: Awaited<ReturnType<typeof slaCandidates>> = []
  for (const court of rt.courts) candidates.push(...(await slaCandidates(rt.db, court.id, await sweepHorizons(rt.db, court.id, now, cals))))
  const fired: SlaFired[] = []
  const memo = memoOf(rt)
  for (const c of candidates) {
    // an overdue ticket waiting for its next stage is a candidate on every sweep: skip it until that time
    const sig = `${c.status}|${c.slaStage}|${c.acceptDueAt?.getTime()}|${c.resolveDueAt?.getTime()}|${c.acceptedAt?.getTime()}`
    const seen = memo.get(c.id)
    if (seen && seen.sig === sig && seen.nextAt > now.getTime()) continue
    const cal = await cals.get(c.courtId, c.bodyId)
    const view = slaView(c, await clockStartedAt(rt.db, c.id))
    // cheap pure check first; only tickets with a stage due open a write transaction
    if (!slaStageDue(view, now, cal)) {
      // re-checked at least hourly, so a calendar edit (a new 调休 day) is picked up
      memo.set(c.id, { sig, nextAt: Math.min(nextStageAt(view, cal)?.getTime() ?? Infinity, now.getTime() + HOUR) })
      continue
    }
    memo.delete(c.id)
    const f = await fireSlaStage(rt, c.id, cals)
    if (f) fired.push(f)
  }
  let archived = 0
  const policy = rt.config.tickets
  const unrated: number[] = []
  for (const court of rt.courts) unrated.push(...(await unratedPastWindow(rt.db, court.id, new Date(now.getTime() - policy.ratingTimeoutMs))))
  for (const id of unrated) {
    const out = await commandOutcome(archiveOnRatingTimeout(rt, id, policy))
    if (out.ok && (await getTicket(rt.db, id))?.status === '已归档') archived++
    // a refusal: the citizen rated at the same moment, nothing to do
    else if (!out.ok) rt.log.warn({ ticketId: id, err: out.error instanceof Error ? out.error.message : String(out.error) }, 'rating-timeout archive skipped')
  }
  // hand the staged checks over without waiting: a Redis outage must not stall the sweep
  if (fired.length) void rt.jobs.kick()
  return { candidates: candidates.length, fired, archived, ms: performance.now() - t0 }
}

export function registerSlaJobs(rt: Runtime): void {
  rt.jobs.register('sla-check', async (p, r) => {
    // The payload's stage is only a hint: whatever is due now is what gets recorded. No await on kick() inside a
    // handler (the in-process runner picks staged rows up in the same drain; bullmq gets them handed over).
    if (await fireSlaStage(r, p.ticketId)) void r.jobs.kick()
  })
  rt.jobs.register('sla-sweep', async (_p, r) => {
    // not awaited: the sweep may apply ticket commands, which wait for the queue this handler runs in
    void runSlaSweep(r).catch((err) => r.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'sla sweep failed'))
  })
}

export interface SlaSweeper {
  /** run one sweep now (waits for a running one first); runs whether or not this process holds the lease */
  runNow(): Promise<SweepReport>
  stop(): void
}

/**
 * A timer in this process, for both job backends: the sweep needs only the database, so it keeps working while
 * Redis is down. With a `lease` (several processes on one database), a tick sweeps only when this process holds
 * the lease, renewing it each time: one process sweeps per interval, and another takes over once a dead holder's
 * lease has expired. The sweep stays safe to run twice at once anyway (the conditional sla_stage update keeps
 * stages single), e.g. when a slow sweep outlives its lease.
 */
export function startSlaSweep(rt: Runtime, opts: { everyMs?: number; runAtStart?: boolean; lease?: DutyLease } = {}): SlaSweeper {
  const everyMs = opts.everyMs ?? 60_000
  const lease = opts.lease
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  let running: Promise<SweepReport> | null = null
  const runNow = async (): Promise<SweepReport> => {
    while (running) await running.catch(() => undefined)
    running = runSlaSweep(rt)
    try {
      return await running
    } finally {
      running = null
    }
  }
  const tick = () => {
    if (stopped) return
    if (!rt.isOpen()) return stop()
    void (async () => {
      if (lease && !(await lease.hold())) return
      if (stopped) return
      const leaseUntil = lease?.heldUntil()?.toISOString() ?? null
      const rep = await runNow()
      rt.log.debug(
        { holder: lease?.holder ?? null, leaseUntil, candidates: rep.candidates, fired: rep.fired.length, archived: rep.archived, ms: Math.round(rep.ms) },
        'sla sweep',
      )
    })()
      .catch((err: unknown) => rt.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'sla sweep failed'))
      .finally(() => {
        if (stopped) return
        timer = setTimeout(tick, everyMs)
        timer.unref()
      })
  }
  const stop = () => {
    stopped = true
    if (timer) clearTimeout(timer)
  }
  timer = setTimeout(tick, opts.runAtStart === false ? everyMs : 0)
  timer.unref()
  return { runNow, stop }
}
