// The 督办 sweep over 1,000,000 tickets in a temp SQLite file (WAL, synchronous=FULL, as in production): most are
// closed or far from their deadline, 0.2 % have a stage due. Reports the first sweep (which records
// those stages, one transaction each) and a steady-state sweep (nothing new due: the periodic cost).
// On PostgreSQL (run.ts's child pass, a fresh database) the same mix over SWEEP_BENCH_PG_N tickets, 200,000 by
// default: bulk-loading a million rows there costs more than the rest of the bench, and the sweep's cost is per
// candidate (0.2 % of N) plus one index range scan, so the per-ticket rates still compare.
import { bareRuntime } from '../support/bare-runtime.js'
import { and, eq, ne } from 'drizzle-orm'
import { tmpdir } from 'node:os'
import { loadConfig } from '../../core/config.js'
import type { Db } from '../../db/client.js'
import { openDb } from '../../db/client.js'
import { openPgStore } from '../../db/pg/store.js'
import type { Store } from '../../db/store.js'
import { bodies, courts } from '../../db/schema/index.js'
import { seedDirectory } from '../../db/seed/directory.js'
import { commitSoon } from '../../db/group-commit.js'
import { InProcessQueue } from '../../api/jobs/in-process.js'
import { registerSlaJobs, runSlaSweep } from '../../api/jobs/sla.js'
import type { Logger } from '../../api/types.js'
import { BACKEND_LABEL, BENCH_BACKEND, benchDatabase, pgProbe, poolOf, recordFigures } from './backend.js'

export const backends = ['sqlite', 'pg'] as const

const N = BENCH_BACKEND === 'pg' ? Number(process.env.SWEEP_BENCH_PG_N ?? 200_000) : Number(process.env.SWEEP_BENCH_N ?? 1_000_000)
const HOUR = 3_600_000
const DAY = 24 * HOUR
const silent: Logger = { info() {}, warn() {}, error() {}, debug() {} }
const OPEN_DUE = `status in ('已接单','办理中','重新办理') and resolve_due_at <= ? and court_id = ? and sla_stage < 3`

/** one ticket of the mix (ms timestamps), and the event that started its clock, if any */
interface Row {
  number: string
  status: string
  body: number
  stage: number
  acceptDue: number
  resolveDue: number
  accepted: number | null
  resolved: number | null
  feedback: number | null
  rating: number | null
  created: number
  updated: number
  event?: { at: number; action: string; from: string; to: string }
}

/** The deterministic mix, the same on both backends for the same N. */
function* ticketMix(n: number, bodyIds: number[], T: number, mix: Record<'archived' | 'resolved' | 'openFar' | 'dueNow' | 'done3', number>): Generator<Row> {
  let seed = 7
  const rand = (k: number): number => {
    // mulberry32: the low bits of a plain LCG repeat too soon for a 1,000-way mix
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) % k
  }
  for (let i = 0; i < n; i++) {
    const body = bodyIds[rand(bodyIds.length)]!
    const number = `SY-B-${String(i).padStart(7, '0')}`
    const r = rand(10_000)
    if (r < 8800) {
      // closed long ago (已归档)
      const created = T - (30 + rand(700)) * DAY
      mix.archived++
      yield { number, status: '已归档', body, stage: 0, acceptDue: created + 8 * HOUR, resolveDue: created + 20 * DAY, accepted: created + HOUR, resolved: created + 10 * DAY, feedback: created + 10 * DAY, rating: 4, created, updated: created + 13 * DAY }
    } else if (r < 8900) {
      // resolved recently, still in the rating window
      const created = T - (5 + rand(10)) * DAY
      const fb = T - rand(2 * DAY)
      mix.resolved++
      yield { number, status: '已办结', body, stage: 0, acceptDue: created + 8 * HOUR, resolveDue: created + 20 * DAY, accepted: created + HOUR, resolved: fb, feedback: fb, rating: null, created, updated: fb }
    } else if (r < 9850) {
      // open, deadline weeks away (received recently or long resolve windows)
      const created = T - rand(3 * DAY)
      const accepted = rand(4) === 0 ? null : created + HOUR
      mix.openFar++
      yield {
        number, status: accepted ? '办理中' : '已派单', body, stage: 0, acceptDue: T + (30 + rand(60)) * DAY, resolveDue: T + (40 + rand(60)) * DAY,
        accepted, resolved: null, feedback: null, rating: null, created, updated: created,
        event: { at: accepted ?? created, action: accepted ? 'accepted' : 'dispatched', from: accepted ? '已派单' : '待派单', to: accepted ? '已接单' : '已派单' },
      }
    } else if (r < 9980) {
      // overdue and already at stage 3 (督办 finished, waiting on the unit)
      const created = T - (40 + rand(20)) * DAY
      mix.done3++
      yield { number, status: '办理中', body, stage: 3, acceptDue: created + 8 * HOUR, resolveDue: T - rand(10) * DAY, accepted: created + HOUR, resolved: null, feedback: null, rating: null, created, updated: created }
    } else {
      // a stage due now: near or past the deadline, stage below what is due
      const created = T - (16 + rand(10)) * DAY
      const accepted = created + HOUR
      mix.dueNow++
      yield {
        number, status: '办理中', body, stage: rand(2), acceptDue: created + 8 * HOUR, resolveDue: T - rand(3) * DAY + rand(2) * DAY,
        accepted, resolved: null, feedback: null, rating: null, created, updated: created,
        event: { at: accepted, action: 'accepted', from: '已派单', to: '已接单' },
      }
    }
  }
}

/** SQLite: prepared inserts in one transaction (raw, not through the app). */
function insertSqlite(sqlite: ReturnType<typeof openDb>['sqlite'], courtId: number, rows: Iterable<Row>): void {
  const insert = sqlite.prepare(
    `insert into tickets (court_id, number, channel, source, intent, domain, summary, status, body_id, risk, priority, flags,
       sla_stage, accept_due_at, resolve_due_at, accepted_at, resolved_at, feedback_at, rating, created_at, updated_at)
     values (?, ?, 'web', 'bench', 'dispute', 'neighbor', '示例', ?, ?, 0, 0, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const event = sqlite.prepare(`insert into ticket_events (ticket_id, at, actor_type, action, from_status, to_status) values (?, ?, 'system', ?, ?, ?)`)
  sqlite.transaction(() => {
    for (const t of rows) {
      const id = insert.run(courtId, t.number, t.status, t.body, t.stage, t.acceptDue, t.resolveDue, t.accepted, t.resolved, t.feedback, t.rating, t.created, t.updated).lastInsertRowid
      if (t.event) event.run(id, t.event.at, t.event.action, t.event.from, t.event.to)
    }
  })()
}

/** PostgreSQL: unnest() batches of 20,000 rows with explicit ids, in one transaction; then the identity catches up. */
async function insertPg(store: Store, courtId: number, rows: Iterable<Row>): Promise<void> {
  const client = await poolOf(store.db).connect()
  const ts = (c: string) => `to_timestamp(${c} / 1000.0)`
  const ticketSql =
    `insert into tickets (id, court_id, number, channel, source, intent, domain, summary, status, body_id, risk, priority, flags,
       sla_stage, accept_due_at, resolve_due_at, accepted_at, resolved_at, feedback_at, rating, created_at, updated_at)
     select id, $1, number, 'web', 'bench', 'dispute', 'neighbor', '示例', status, body, false, 0, '{}'::jsonb, stage,
       ${['ad', 'rd', 'ac', 'rs', 'fb'].map(ts).join(', ')}, rating, ${ts('cr')}, ${ts('up')}
     from unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::float8[], $8::float8[], $9::float8[], $10::float8[],
                 $11::float8[], $12::int[], $13::float8[], $14::float8[])
       as t(id, number, status, body, stage, ad, rd, ac, rs, fb, rating, cr, up)`
  const eventSql = `insert into ticket_events (ticket_id, at, actor_type, action, from_status, to_status)
     select tid, ${ts('at')}, 'system', action, fs, tst from unnest($1::int[], $2::float8[], $3::text[], $4::text[], $5::text[]) as e(tid, at, action, fs, tst)`
  const BATCH = 20_000
  try {
    await client.query('begin')
    let id = 0
    let cols: unknown[][] = []
    let ev: unknown[][] = []
    const reset = () => {
      cols = Array.from({ length: 13 }, () => [])
      ev = Array.from({ length: 5 }, () => [])
    }
    const flush = async () => {
      if (cols[0]!.length) await client.query(ticketSql, [courtId, ...cols])
      if (ev[0]!.length) await client.query(eventSql, ev)
      reset()
    }
    reset()
    for (const t of rows) {
      id++
      const v = [id, t.number, t.status, t.body, t.stage, t.acceptDue, t.resolveDue, t.accepted, t.resolved, t.feedback, t.rating, t.created, t.updated]
      v.forEach((x, i) => cols[i]!.push(x))
      if (t.event) [id, t.event.at, t.event.action, t.event.from, t.event.to].forEach((x, i) => ev[i]!.push(x))
      if (cols[0]!.length >= BATCH) await flush()
    }
    await flush()
    await client.query(`select setval(pg_get_serial_sequence('tickets', 'id'), (select max(id) from tickets))`)
    await client.query('commit')
    await client.query('analyze')
  } catch (e) {
    await client.query('rollback').catch(() => {})
    throw e
  } finally {
    client.release()
  }
}

export default async function bench(): Promise<string[]> {
  const dbx = await benchDatabase('suyuan-sweep-bench-', tmpdir())
  let store: Store | undefined
  let sqlite: ReturnType<typeof openDb>['sqlite'] | undefined
  let jobs: InProcessQueue | undefined
  try {
    if (BENCH_BACKEND === 'pg') store = await openPgStore(dbx.env.DATABASE_URL!)
    else {
      const h = openDb(dbx.env.SUYUAN_DB)
      sqlite = h.sqlite
      store = { dialect: 'sqlite', db: h.db, uow: { run: (w) => commitSoon(h.db, w) }, isOpen: () => h.sqlite.open, close: async () => h.close() }
    }
    const db: Db = store.db
    const court = (await db.insert(courts).values({ code: 'demo', name: '示例县人民法院' }).returning())[0]!
    await seedDirectory(db, court.id)
    const bodyIds = (await db.select({ id: bodies.id }).from(bodies).where(and(eq(bodies.courtId, court.id), ne(bodies.kind, 'referral'))).orderBy(bodies.id)).map((b) => b.id)
    const now = new Date('2026-11-25T02:00:00Z') // a Wednesday, 10:00 court time
    const T = now.getTime()

    const mix = { archived: 0, resolved: 0, openFar: 0, dueNow: 0, done3: 0 }
    const t0 = performance.now()
    if (sqlite) {
      insertSqlite(sqlite, court.id, ticketMix(N, bodyIds, T, mix))
      sqlite.exec('analyze')
    } else await insertPg(store, court.id, ticketMix(N, bodyIds, T, mix))
    const insertMs = performance.now() - t0

    const clock = { now: () => now }
    jobs = new InProcessQueue(db, store.uow, clock, silent)
    const rt = bareRuntime({ store, config: loadConfig({ ...dbx.env }), courtId: court.id, clock, log: silent, jobs })
    registerSlaJobs(rt)

    // on PostgreSQL: what one recorded stage costs in statements, transactions and round trips
    const probe = BENCH_BACKEND === 'pg' && dbx.pgName ? await pgProbe(poolOf(store.db), dbx.pgName).start() : null
    const first = await runSlaSweep(rt)
    const perStage = probe ? (await probe.stop()).finish()(first.fired.length) : null
    const steady = [await runSlaSweep(rt), await runSlaSweep(rt), await runSlaSweep(rt)]
    const plan = sqlite
      ? (sqlite.prepare(`explain query plan select id from tickets where ${OPEN_DUE}`).all(T, court.id) as { detail: string }[]).map((p) => p.detail).join('; ')
      : (await poolOf(store.db).query<{ 'QUERY PLAN': string }>(`explain select id from tickets where ${OPEN_DUE.replace('?', '$1').replace('?', '$2')}`, [now, court.id])).rows
          .map((r) => r['QUERY PLAN'].trim())
          .join('; ')
    recordFigures({ bench: 'sweep', backend: BENCH_BACKEND, n: N, insertS: insertMs / 1000, firstMs: first.ms, firstFired: first.fired.length, steadyMs: steady.map((x) => x.ms), candidates: first.candidates })
    const rate = (ms: number) => Math.round((N / ms) * 1000).toLocaleString('en')
    return [
      ...(BENCH_BACKEND === 'pg' && !process.env.SWEEP_BENCH_PG_N ? [`sla sweep: PostgreSQL runs ${N.toLocaleString('en')} tickets, not the SQLite pass's million (SWEEP_BENCH_PG_N to change)`] : []),
      `sla sweep: ${N.toLocaleString('en')} tickets inserted in ${(insertMs / 1000).toFixed(1)} s into ${dbx.where} (${mix.archived} archived, ${mix.resolved} in rating window, ${mix.openFar} open not due, ${mix.done3} overdue at stage 3, ${mix.dueNow} with a stage due)`,
      `sla sweep: first run ${first.ms.toFixed(0)} ms → ${first.candidates} candidates, ${first.fired.length} stages recorded (one transaction each, ${(first.ms / Math.max(1, first.fired.length)).toFixed(2)} ms per stage) — ${rate(first.ms)} tickets/s`,
      ...(perStage
        ? [
            `sla sweep: PostgreSQL first run, per stage recorded (reads of the candidates that did not fire included): ${perStage.statementsPerTurn.toFixed(1)} statements in ` +
              `${perStage.transactionsPerTurn.toFixed(1)} transactions (${perStage.explicitTxPerTurn.toFixed(1)} BEGIN…COMMIT), round trip mean ${perStage.statementMeanMs.toFixed(2)} ms, ` +
              `COMMIT ${perStage.commitMeanMs.toFixed(2)} ms, ${perStage.dbMsPerTurn.toFixed(1)} ms of round trips; postgres backend CPU ${perStage.backendCpuPct?.toFixed(0) ?? 'n/a'}%`,
            `sla sweep: statements per stage: ${perStage.topStatements.map(([k, n]) => `${k} ${n.toFixed(2)}`).join(', ')}`,
          ]
        : []),
      `sla sweep: next sweeps ${steady.map((x) => `${x.ms.toFixed(0)} ms`).join(', ')} over ${N.toLocaleString('en')} tickets (${steady[0]!.candidates} candidates, ${steady.reduce((a, r) => a + r.fired.length, 0)} fired; the first re-checks the tickets just fired, later ones skip tickets whose next stage is not due yet) — ${rate(steady[2]!.ms)} tickets/s`,
      `sla sweep: ${BACKEND_LABEL[BENCH_BACKEND]} plan ${plan}`,
    ]
  } finally {
    await jobs?.close()
    await store?.close()
    await dbx.dispose()
  }
}
