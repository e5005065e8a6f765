// Redis goes away and comes back. The shared Redis server must stay up for other test files, so this runtime
// talks to it through a TCP proxy the test can cut and restore: the same thing a runtime sees when Redis restarts.
// Timers keep firing from the database during the outage; jobs staged during it are delivered after, once.
import { createServer, connect, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, like } from 'drizzle-orm'
import { BullQueue } from '../../api/jobs/bullmq.js'
import { runSlaSweep } from '../../api/jobs/sla.js'
import { outbox } from '../../db/schema/index.js'
import { createTestRuntime, TestClock, type TestRuntime } from '../support/runtime.js'
import { events, local, newTicket, notices, until, wire } from './helpers.js'

const REDIS = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')

/** A cuttable line to Redis. */
class RedisLine {
  private server: Server | null = null
  private sockets = new Set<Socket>()
  port = 0
  async up(): Promise<void> {
    if (this.server) return
    const server = createServer((client) => {
      const upstream = connect(Number(REDIS.port || 6379), REDIS.hostname)
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on('close', () => this.sockets.delete(s))
        s.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
      client.pipe(upstream)
      upstream.pipe(client)
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', resolve)
    })
    this.port = (server.address() as { port: number }).port
    this.server = server
  }
  async down(): Promise<void> {
    const s = this.server
    this.server = null
    for (const sock of this.sockets) sock.destroy()
    this.sockets.clear()
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()))
  }
}

const line = new RedisLine()
const clock = new TestClock(local('2026-11-23T10:00:00').getTime())
let t: TestRuntime

beforeAll(async () => {
  await line.up()
  t = await createTestRuntime({ clock, redis: true, env: { REDIS_URL: `redis://127.0.0.1:${line.port}` } })
  wire(t.rt)
})
afterAll(async () => {
  await line.up()
  if (t?.rt.jobs instanceof BullQueue) await t.rt.jobs.obliterate()
  await t?.close()
  await line.down()
})

const outboxRow = async (key: string) => (await t.rt.db.select().from(outbox).where(eq(outbox.jobKey, key)))[0]

describe('SLA timers with Redis down and back', () => {
  it('runs on bullmq', () => {
    expect(t.rt.jobs.kind).toBe('bullmq')
  })

  it('the sweep fires stages from the database during the outage; the job staged in it is delivered after, once', async () => {
    const tk = await newTicket(t.rt)
    await t.rt.jobs.kick()
    expect(await until(async () => !!(await t.rt.db.select().from(outbox).where(and(eq(outbox.job, 'sla-check'), like(outbox.jobKey, `sla-check-${tk.id}-%`))))[0]?.dispatchedAt)).toBe(true)

    await line.down()
    // reminder time passes while Redis is unreachable: the sweep needs only SQLite
    clock.set(local('2026-11-24T09:00:00'))
    const report = await runSlaSweep(t.rt)
    expect(report.fired.map((f) => f.stage)).toEqual([1])
    expect((await events(t.rt, tk.id, 'reminded'))).toHaveLength(1)
    expect((await notices(t.rt, tk.id)).filter((n) => n.kind === 'reminder')).toHaveLength(1)

    // the deadline passes; a check is staged now, in the outage, and cannot be handed over
    clock.set(local('2026-11-24T11:00:00'))
    const key = `outage-check-${tk.id}`
    await t.rt.jobs.stage(t.rt.db, 'sla-check', { ticketId: tk.id, stage: 2 }, { key })
    void t.rt.jobs.kick()
    await new Promise((r) => setTimeout(r, 700))
    expect((await outboxRow(key))?.doneAt).toBeNull()
    expect((await events(t.rt, tk.id, 'escalated'))).toHaveLength(0)

    // Redis is back: the staged job goes through bullmq and records the 督办 once
    await line.up()
    expect(await until(async () => !!(await outboxRow(key))?.doneAt, 20_000)).toBe(true)
    expect((await events(t.rt, tk.id, 'escalated')).map((e) => (e.data as { stage: number }).stage)).toEqual([2])

    // a sweep, a re-staged copy of the same job and the queue's own re-dispatch change nothing
    await runSlaSweep(t.rt)
    await t.rt.jobs.stage(t.rt.db, 'sla-check', { ticketId: tk.id, stage: 2 }, { key })
    await (t.rt.jobs as BullQueue).sweep()
    await t.rt.jobs.idle()
    await new Promise((r) => setTimeout(r, 300))
    expect((await events(t.rt, tk.id, 'escalated'))).toHaveLength(1)
    expect((await events(t.rt, tk.id, 'reminded'))).toHaveLength(1)
    expect((await notices(t.rt, tk.id)).filter((n) => n.kind === 'escalation')).toHaveLength(1)
    expect((await outboxRow(key))?.attempts).toBe(0)
  })
})
