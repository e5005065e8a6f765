// The 督办 sweep over 1,000,000 tickets in a temp SQLite file (WAL, synchronous=FULL, as in production): most are
// closed or far from their deadline, 0.2 % have a stage due. Reports the first sweep (which records
// those stages, one transaction each) and a steady-state sweep (nothing new due: the periodic cost).
import { bareRuntime } from '../support/bare-runtime.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../core/config.js'
import { openDb } from '../../db/client.js'
import { courts } from '../../db/schema/index.js'
import { seedDirectory } from '../../db/seed/directory.js'
import { commitSoon } from '../../db/group-commit.js'
import { InProcessQueue } from '../../api/jobs/in-process.js'
import { registerSlaJobs, runSlaSweep } from '../../api/jobs/sla.js'
import type { Logger } from '../../api/types.js'

const N = Number(process.env.SWEEP_BENCH_N ?? 1_000_000)
const HOUR = 3_600_000
const DAY = 24 * HOUR
const silent: Logger = { info() {}, warn() {}, error() {}, debug() {} }

export default async function bench(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'suyuan-sweep-bench-'))
  const h = openDb(join(dir, 'sweep.db'))
  try {
    const court = (await h.db.insert(courts).values({ code: 'demo', name: '示例县人民法院' }).returning())[0]!
    await seedDirectory(h.db, court.id)
    const bodyIds = (h.sqlite.prepare('select id from bodies where court_id = ? and kind != ?').all(court.id, 'referral') as { id: number }[]).map((b) => b.id)
    const now = new Date('2026-11-25T02:00:00Z') // a Wednesday, 10:00 court time
    const T = now.getTime()

    // deterministic mix
    let seed = 7
    const rand = (n: number): number => {
      // mulberry32: the low bits of a plain LCG repeat too soon for a 1,000-way mix
      seed = (seed + 0x6d2b79f5) | 0
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
      return ((x ^ (x >>> 14)) >>> 0) % n
    }
    const insert = h.sqlite.prepare(
      `insert into tickets (court_id, number, channel, source, intent, domain, summary, status, body_id, risk, priority, flags,
         sla_stage, accept_due_at, resolve_due_at, accepted_at, resolved_at, feedback_at, rating, created_at, updated_at)
       values (?, ?, 'web', 'bench', 'dispute', 'neighbor', '示例', ?, ?, 0, 0, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const event = h.sqlite.prepare(
      `insert into ticket_events (ticket_id, at, actor_type, action, from_status, to_status) values (?, ?, 'system', ?, ?, ?)`,
    )
    const mix = { archived: 0, resolved: 0, openFar: 0, dueNow: 0, done3: 0 }
    const t0 = performance.now()
    h.sqlite.transaction(() => {
      for (let i = 0; i < N; i++) {
        const body = bodyIds[rand(bodyIds.length)]!
        const number = `SY-B-${String(i).padStart(7, '0')}`
        const r = rand(10_000)
        if (r < 8800) {
          // closed long ago (已归档)
          const created = T - (30 + rand(700)) * DAY
          insert.run(court.id, number, '已归档', body, 0, created + 8 * HOUR, created + 20 * DAY, created + HOUR, created + 10 * DAY, created + 10 * DAY, 4, created, created + 13 * DAY)
          mix.archived++
        } else if (r < 8900) {
          // resolved recently, still in the rating window
          const created = T - (5 + rand(10)) * DAY
          const fb = T - rand(2 * DAY)
          insert.run(court.id, number, '已办结', body, 0, created + 8 * HOUR, created + 20 * DAY, created + HOUR, fb, fb, null, created, fb)
          mix.resolved++
        } else if (r < 9850) {
          // open, deadline weeks away (received recently or long resolve windows)
          const created = T - rand(3 * DAY)
          const accepted = rand(4) === 0 ? null : created + HOUR
          const id = insert.run(court.id, number, accepted ? '办理中' : '已派单', body, 0, T + (30 + rand(60)) * DAY, T + (40 + rand(60)) * DAY, accepted, null, null, null, created, created).lastInsertRowid
          event.run(id, accepted ?? created, accepted ? 'accepted' : 'dispatched', accepted ? '已派单' : '待派单', accepted ? '已接单' : '已派单')
          mix.openFar++
        } else if (r < 9980) {
          // overdue and already at stage 3 (督办 finished, waiting on the unit)
          const created = T - (40 + rand(20)) * DAY
          insert.run(court.id, number, '办理中', body, 3, created + 8 * HOUR, T - rand(10) * DAY, created + HOUR, null, null, null, created, created)
          mix.done3++
        } else {
          // a stage due now: near or past the deadline, stage below what is due
          const created = T - (16 + rand(10)) * DAY
          const accepted = created + HOUR
          const id = insert.run(court.id, number, '办理中', body, rand(2), created + 8 * HOUR, T - rand(3) * DAY + rand(2) * DAY, accepted, null, null, null, created, created).lastInsertRowid
          event.run(id, accepted, 'accepted', '已派单', '已接单')
          mix.dueNow++
        }
      }
    })()
    const insertMs = performance.now() - t0
    h.sqlite.exec('analyze')

    const clock = { now: () => now }
    const store = { dialect: 'sqlite' as const, db: h.db, uow: { run: <T>(w: (tx: typeof h.db) => Promise<T>) => commitSoon(h.db, w) }, isOpen: () => h.sqlite.open, close: async () => h.close() }
    const jobs = new InProcessQueue(h.db, store.uow, clock, silent)
    const rt = bareRuntime({ store, config: loadConfig({ SUYUAN_DB: join(dir, 'sweep.db') }), courtId: court.id, clock, log: silent, jobs })
    registerSlaJobs(rt)

    const first = await runSlaSweep(rt)
    const steady = [await runSlaSweep(rt), await runSlaSweep(rt), await runSlaSweep(rt)]
        const plan = (h.sqlite.prepare(
      `explain query plan select id from tickets where status in ('已接单','办理中','重新办理') and resolve_due_at <= ? and court_id = ? and sla_stage < 3`,
    ).all(T, court.id) as { detail: string }[]).map((p) => p.detail).join('; ')
    await jobs.close()
    const rate = (ms: number) => Math.round((N / ms) * 1000).toLocaleString('en')
    return [
      `sla sweep: ${N.toLocaleString('en')} tickets inserted in ${(insertMs / 1000).toFixed(1)} s (${mix.archived} archived, ${mix.resolved} in rating window, ${mix.openFar} open not due, ${mix.done3} overdue at stage 3, ${mix.dueNow} with a stage due)`,
      `sla sweep: first run ${first.ms.toFixed(0)} ms → ${first.candidates} candidates, ${first.fired.length} stages recorded (one transaction each) — ${rate(first.ms)} tickets/s`,
      `sla sweep: next sweeps ${steady.map((s) => `${s.ms.toFixed(0)} ms`).join(', ')} over ${N.toLocaleString('en')} tickets (${steady[0]!.candidates} candidates, ${steady.reduce((s, r) => s + r.fired.length, 0)} fired; the first re-checks the tickets just fired, later ones skip tickets whose next stage is not due yet) — ${rate(steady[2]!.ms)} tickets/s`,
      `sla sweep: plan ${plan}`,
    ]
  } finally {
    h.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
