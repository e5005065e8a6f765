// Across a process restart: the database is the source of truth. Stages fired before the restart are not fired
// again; stages that came due while the process was down fire once after it starts; staged jobs left in the
// outbox are harmless when they run late.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runSlaSweep, startSlaSweep } from '../../api/jobs/sla.js'
import { getTicket } from '../../db/repositories/tickets.js'
import { createTestRuntime, dropPersistentDatabases, TestClock, type TestRuntime } from '../support/runtime.js'
import { events, local, newTicket, notices, until, wire } from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'suyuan-sla-restart-'))
const dbFile = join(dir, 'suyuan.db')
const clock = new TestClock(local('2026-11-23T10:00:00').getTime())
let open: TestRuntime | null = null

async function start(): Promise<TestRuntime> {
  open = await createTestRuntime({ clock, dbFile })
  wire(open.rt)
  return open
}
async function stop(): Promise<void> {
  await open?.close()
  open = null
}
afterAll(async () => {
  await stop()
  await dropPersistentDatabases()
  rmSync(dir, { recursive: true, force: true })
})

describe('SLA across a restart', () => {
  it('reminder before the restart, 督办 after it, nothing twice', async () => {
    let t = await start()
    const tk = await newTicket(t.rt)
    clock.set(local('2026-11-24T09:00:00'))
    await runSlaSweep(t.rt)
    await t.rt.jobs.idle()
    expect((await events(t.rt, tk.id, 'reminded'))).toHaveLength(1)
    await stop()

    // down over the deadline and past stage 3's time; back up the next morning
    clock.set(local('2026-11-25T09:00:00'))
    t = await start()
    // the start-up kick may already run the overdue sla-check left in the outbox; the stage never goes back
    expect((await getTicket(t.rt.db, tk.id))!.slaStage).toBeGreaterThanOrEqual(1)
    // the periodic sweep started the way api/runtime.ts will start it
    const sweeper = startSlaSweep(t.rt, { everyMs: 50 })
    try {
      expect(await until(async () => (await events(t.rt, tk.id, 'escalated')).length > 0)).toBe(true)
      await sweeper.runNow()
      await sweeper.runNow()
      await t.rt.jobs.idle()
    } finally {
      sweeper.stop()
    }
    // a late run records the highest due stage only: 督办 to the duty leader, not a stale stage 2 first
    expect((await events(t.rt, tk.id, 'escalated')).map((e) => (e.data as { stage: number }).stage)).toEqual([3])
    expect((await events(t.rt, tk.id, 'reminded'))).toHaveLength(1)
    await stop()

    // and once more: a restart with nothing new due changes nothing
    clock.advance(60 * 60_000)
    t = await start()
    const before = (await notices(t.rt, tk.id)).length
    await runSlaSweep(t.rt)
    clock.advance(2 * 60_000) // past the retry time of any job that ran before its handler was registered
    await t.rt.jobs.idle()
    expect((await events(t.rt, tk.id, 'reminded'))).toHaveLength(1)
    expect((await events(t.rt, tk.id, 'escalated'))).toHaveLength(1)
    expect((await notices(t.rt, tk.id))).toHaveLength(before)
  })

  it('a stage that came due while down fires once even when its job and the sweep both run after start', async () => {
    let t = open!
    clock.set(local('2026-12-07T10:00:00')) // Monday; reminder Tue 09:00, due Tue 11:00
    const tk = await newTicket(t.rt)
    await stop()
    clock.set(local('2026-12-08T09:30:00'))
    t = await start()
    // the staged sla-check from before the restart and two sweeps race for the same stage
    await Promise.all([runSlaSweep(t.rt), runSlaSweep(t.rt), t.rt.jobs.idle()])
    clock.advance(2 * 60_000)
    await t.rt.jobs.idle()
    expect((await events(t.rt, tk.id, 'reminded'))).toHaveLength(1)
    expect((await notices(t.rt, tk.id)).filter((n) => n.kind === 'reminder')).toHaveLength(1)
    expect((await events(t.rt, tk.id, 'escalated'))).toHaveLength(0)
  })
})
