// The SLA sweep and retention on the 'sla-sweep' lease (api/jobs/lease.ts): two runtimes on one database — as two
// processes of a cluster — both tick, one sweeps; the other takes over after the holder stops renewing (once the
// lease has expired) or at once after a clean release; retention runs only in the holder.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InProcessQueue } from '../../api/jobs/in-process.js'
import { dutyLease, SWEEP_LEASE, type DutyLease } from '../../api/jobs/lease.js'
import { startRetention } from '../../api/jobs/retention.js'
import { startSlaSweep, type SlaSweeper } from '../../api/jobs/sla.js'
import type { Logger, Runtime } from '../../api/types.js'
import { loadConfig } from '../../core/config.js'
import { getLease } from '../../db/repositories/leases.js'
import { recordMessage, getOrCreateCitizen } from '../../db/repositories/citizens.js'
import { courts, messages } from '../../db/schema/index.js'
import type { Store } from '../../db/store.js'
import { bareRuntime } from '../support/bare-runtime.js'
import { testStore } from '../support/store.js'
import { eq } from 'drizzle-orm'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Counts this runtime's sweeps and keeps the lease term (until) of each. */
function recordingLog(): Logger & { sweeps: number; terms: number[] } {
  const l = {
    sweeps: 0,
    terms: [] as number[],
    info() {},
    warn() {},
    error() {},
    debug(o: unknown, m?: string) {
      if (m !== 'sla sweep') return
      l.sweeps++
      l.terms.push(Date.parse((o as { leaseUntil: string }).leaseUntil))
    },
  }
  return l as Logger & { sweeps: number; terms: number[] }
}

describe('the sla-sweep lease', () => {
  let store: Store
  let courtId: number
  const made: { rt: Runtime; sweeper?: SlaSweeper; retention?: { stop(): void } }[] = []
  beforeEach(async () => {
    store = await testStore()
    courtId = (await store.uow.run((tx) => tx.insert(courts).values({ code: 'ls', name: '租约法院', caseCode: 'LS' }).returning()))[0]!.id
  })
  afterEach(async () => {
    for (const m of made.splice(0)) {
      m.sweeper?.stop()
      m.retention?.stop()
      await m.rt.jobs.close()
    }
    await store.close()
  })

  function proc(name: string, ttlMs: number): { rt: Runtime; log: ReturnType<typeof recordingLog>; lease: DutyLease } {
    const log = recordingLog()
    const clock = { now: () => new Date() }
    const rt = bareRuntime({ store, config: loadConfig({ SUYUAN_DB: ':memory:' }), clock, log, courtId, jobs: new InProcessQueue(store.db, store.uow, clock, log) })
    made.push({ rt })
    return { rt, log, lease: dutyLease(store, SWEEP_LEASE, { ttlMs, holder: name }) }
  }
  const sweep = (p: ReturnType<typeof proc>, everyMs: number) => (made.find((m) => m.rt === p.rt)!.sweeper = startSlaSweep(p.rt, { everyMs, lease: p.lease }))

  it('one of two processes sweeps; the other takes over when the holder stops renewing, after expiry', async () => {
    const a = proc('A', 600)
    const b = proc('B', 600)
    const sa = sweep(a, 100)
    await sleep(30)
    sweep(b, 100)
    await sleep(600)
    expect(a.log.sweeps).toBeGreaterThanOrEqual(2)
    expect(b.log.sweeps).toBe(0)
    expect((await getLease(store.db, SWEEP_LEASE))?.holder).toBe('A')
    // A hangs (stops ticking) without letting go: B waits out the lease, then sweeps
    sa.stop()
    const aUntil = a.lease.heldUntil()!.getTime()
    await sleep(150)
    expect(b.log.sweeps).toBe(0)
    const end = Date.now() + 5000
    while (b.log.sweeps === 0 && Date.now() < end) await sleep(20)
    expect(b.log.sweeps).toBeGreaterThan(0)
    expect((await getLease(store.db, SWEEP_LEASE))?.holder).toBe('B')
    // B's first term began (until − TTL) only after A's last one had run out
    expect(b.log.terms[0]! - 600).toBeGreaterThan(aUntil)
  })

  it('a clean release hands over at the next tick', async () => {
    const a = proc('A', 60_000)
    const b = proc('B', 60_000)
    const sa = sweep(a, 100)
    await sleep(50)
    sweep(b, 100)
    await sleep(300)
    expect(b.log.sweeps).toBe(0)
    sa.stop()
    await a.lease.release()
    const end = Date.now() + 5000
    while (b.log.sweeps === 0 && Date.now() < end) await sleep(20)
    expect(b.log.sweeps).toBeGreaterThan(0)
    // long before the 60 s lease would have run out
    expect(Date.now() - end + 5000).toBeLessThan(5000)
  })

  it('retention runs only in the lease holder', async () => {
    const old = new Date(Date.now() - 400 * 86_400_000)
    const id = await store.uow.run(async (tx) => {
      const c = await getOrCreateCitizen(tx, 'web', 'retained', old, courtId)
      return (await recordMessage(tx, { citizenId: c.id, direction: 'in', channel: 'web', text: '一年多以前的话', now: old })).id
    })
    const text = async () => (await store.db.select({ t: messages.text }).from(messages).where(eq(messages.id, id)))[0]!.t
    const a = proc('A', 60_000)
    const b = proc('B', 60_000)
    expect(await a.lease.hold()).toBe(true)
    made.find((m) => m.rt === b.rt)!.retention = startRetention(b.rt, 60_000, b.lease)
    await sleep(200)
    expect(await text()).toBe('一年多以前的话')
    made.find((m) => m.rt === a.rt)!.retention = startRetention(a.rt, 60_000, a.lease)
    await sleep(200)
    expect(await text()).not.toBe('一年多以前的话')
  })
})
