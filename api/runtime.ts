// The composition root: opens the database, seeds the demo court when empty, loads the model, wires the dialogue
// and the job backend (bullmq with REDIS_URL, in-process without). Every adapter (HTTP, WeChat, wechaty, terminal)
// runs on one Runtime.
//
// Roles (docs/processes.md): 'all' (default) is one process doing everything; with PostgreSQL and Redis the app
// can be split into 'web' processes (HTTP adapters, producing jobs) and 'worker' processes (bullmq Worker, outbox
// relay, and — in the one process holding the 'sla-sweep' lease — the SLA sweep and retention). Any number of
// either; 'all' processes may join too. SQLite is one process: only 'all'.
import { existsSync } from 'node:fs'
import type { WorkCalendar } from '../core/calendar.js'
import type { Config } from '../core/config.js'
import { route as routeMatter, findRegion, type Directory } from '../core/router.js'
import { effectivePolicy, slaDeadlines } from '../core/sla.js'
import { DialogueManager } from '../bot/dialogue/manager.js'
import type { AnalysisLite, DialogueDeps } from '../bot/dialogue/deps.js'
import { openStore } from '../db/open-store.js'
import { exclusive } from '../db/store.js'
import { SuyuanError } from '../core/errors.js'
import { first } from '../db/query.js'
import { loadCalendar, loadDirectory, type LoadedDirectory } from '../db/repositories/directory.js'
import { citeLawRef, formatKbAnswer, searchKb } from '../db/repositories/kb.js'
import { getStatuteTexts, importStatutes, searchStatutes } from '../db/repositories/statutes.js'
import { courts, statuteArticles } from '../db/schema/index.js'
import { seedDemo } from '../db/seed/index.js'
import { loadClassifier, type Analysis, type Classifier } from '../nlp/index.js'
import { startAnalyzerThread } from '../nlp/analyzer-thread.js'
import { BullQueue } from './jobs/bullmq.js'
import { registerAllJobs } from './jobs/register.js'
import { rateTicket } from './jobs/rating.js'
import { scheduleSla, startSlaSweep } from './jobs/sla.js'
import { startRetention } from './jobs/retention.js'
import { dutyLease, newHolderId, SWEEP_LEASE, type DutyLease } from './jobs/lease.js'
import { createWeChatSender } from './wechat/jobs.js'
import { InProcessQueue } from './jobs/in-process.js'
import { createLogger } from './log.js'
import type { Clock, JobQueue, Logger, OutboundSender, Runtime } from './types.js'

type CourtRow = typeof courts.$inferSelect
interface CourtView {
  directory: LoadedDirectory
  calendar: WorkCalendar
}

/** What this process does: 'all' (everything, the default), 'web' (HTTP + producers) or 'worker' (jobs, sweep). */
export type Role = 'all' | 'web' | 'worker'
export const ROLES: readonly Role[] = ['all', 'web', 'worker']

/** Why a role cannot run with this configuration, or null. */
export function roleProblem(role: Role, config: Pick<Config, 'databaseUrl' | 'redisUrl'>): string | null {
  if (!ROLES.includes(role)) return `unknown SUYUAN_ROLE '${String(role)}': use all, web or worker`
  if (role === 'all') return null
  if (!config.databaseUrl) {
    return (
      `SUYUAN_ROLE=${role} splits the app over several processes, but the SQLite database is one process only. ` +
      'Run one process with SUYUAN_ROLE=all (the default), or use PostgreSQL (DATABASE_URL=postgres://…) and Redis (REDIS_URL). See docs/processes.md.'
    )
  }
  if (!config.redisUrl) {
    return `SUYUAN_ROLE=${role} needs REDIS_URL: jobs go from web processes to worker processes through bullmq. See docs/processes.md.`
  }
  return null
}

export interface RuntimeOptions {
  /** what this process does (default 'all'); main/role.ts reads SUYUAN_ROLE */
  role?: Role
  clock?: Clock
  log?: Logger
  /** bullmq key prefix (tests) */
  queuePrefix?: string
  /** seed the demo court when the database is empty (default true) */
  seed?: boolean
  /** a pre-loaded classifier (tests share one) */
  classifier?: Classifier
  /** run the periodic SLA sweep and retention (default true; tests drive the sweep themselves); never in 'web' */
  slaSweep?: boolean
  /** how often the SLA sweep runs, ms (default 60 s); the 'sla-sweep' lease lasts three intervals */
  slaSweepMs?: number
  /** this runtime's lease holder id (default host:pid:random) */
  holder?: string
  /** PostgreSQL connections of the main pool (default 10; the turn locks take one more) */
  pool?: { max?: number }
}

export interface SuyuanRuntime extends Runtime {
  classifier: Classifier
  directory(): Directory
  calendar(): WorkCalendar
  /** re-read bodies, rules, regions and holidays after staff edit them */
  reloadDirectory(): Promise<void>
  /** the admin password when it was generated at this start (printed once by server.ts) */
  generatedAdminPassword: string | null
  /** false when the statute table is empty (no folder at SUYUAN_STATUTES_DIR): server.ts says how to import */
  statutesLoaded: boolean
  /** what this process does */
  role: Role
  /** the 'sla-sweep' lease this runtime competes for (null when it does not sweep) */
  sweepLease: DutyLease | null
}

export async function createRuntime(config: Config, opts: RuntimeOptions = {}): Promise<SuyuanRuntime> {
  const clock = opts.clock ?? { now: () => new Date() }
  const log = opts.log ?? createLogger(config.logLevel)
  const role = opts.role ?? 'all'
  const problem = roleProblem(role, config)
  if (problem) throw new SuyuanError('BAD_INPUT', problem)
  const store = await openStore(config, opts.pool)
  const { db, uow } = store

  let generatedAdminPassword: string | null = null
  // Processes starting together on an empty database would seed it twice: one seeds, the others wait, then find
  // it seeded. (No wait limit: the first start may import the statutes.)
  await exclusive(
    store,
    'suyuan:seed',
    async () => {
      if (opts.seed !== false) generatedAdminPassword = (await seedDemo(db, { adminPassword: config.adminPassword })).generatedAdminPassword
      // Statutes are public law texts kept outside the repository; import them once when a folder is configured.
      if (config.statutesDir && existsSync(config.statutesDir) && !(await first(db.select({ id: statuteArticles.id }).from(statuteArticles).limit(1)))) {
        const n = await importStatutes(store, config.statutesDir)
        log.info({ laws: n.laws, articles: n.articles }, 'statutes imported')
      }
    },
    { waitMs: 0 },
  )
  const statutesLoaded = !!(await first(db.select({ id: statuteArticles.id }).from(statuteArticles).limit(1)))
  if (!statutesLoaded) {
    log.warn({ statutesDir: config.statutesDir || '(off)' }, 'no statutes loaded: answers name articles without quoting them; run npm run kb:import-statutes -- <dir>')
  }
  // every court in the database is served; the first is the default for channels that do not name one
  const courtRows = await db.select().from(courts).orderBy(courts.id)
  const court = courtRows[0]
  if (!court) throw new Error('no court in the database: run with seeding enabled')
  const courtId = court.id
  const readCourt = async (id: number): Promise<CourtView> => {
    const d = await loadDirectory(db, id)
    // a broken rule row is skipped by the loader; staff must hear about it
    for (const p of d.problems) log.warn({ courtId: id, problem: p }, 'routing rule skipped')
    return { directory: d, calendar: await loadCalendar(db, id) }
  }
  const views = new Map<number, CourtView>()
  for (const c of courtRows) views.set(c.id, await readCourt(c.id))
  const viewOf = (id: number): CourtView => views.get(id) ?? views.get(courtId)!

  const classifier =
    opts.classifier ?? (await loadClassifier({ modelDir: config.modelDir, thresholds: config.nlp, log: (m) => log.info(m) }))

  // a worker process runs no dialogue turns: no analyzer thread
  const analyzer = config.nlp.worker && role !== 'worker' ? await startAnalyzerThread({ modelDir: config.modelDir, thresholds: config.nlp }) : null

  const jobs: JobQueue & { rt: Runtime | null } = config.redisUrl
    ? new BullQueue(db, uow, clock, log, { redisUrl: config.redisUrl, prefix: opts.queuePrefix })
    : new InProcessQueue(db, uow, clock, log)

  // the directory in memory is the routing's source; deadlines read the same rows
  const depsCache = new Map<number, DialogueDeps>()
  const depsOf = (id: number): DialogueDeps => {
    let d = depsCache.get(id)
    if (!d) {
      const row = courtRows.find((c) => c.id === id) ?? court
      depsCache.set(row.id, (d = depsFor(row)))
    }
    return d
  }
  const depsFor = (c: CourtRow): DialogueDeps => {
  const directory = () => viewOf(c.id).directory
  const bodyPolicy = (bodyId: number) => directory().policies.get(bodyId) ?? { acceptHours: 8, resolveDays: 15 }
  const catchAll = () => directory().bodies.find((b) => b.isCatchAll)
  return {
    db,
    uow,
    courtId: c.id,
    courtName: c.name,
    forCourt: depsOf,
    now: () => clock.now(),
    log,
    async analyze(text, now): Promise<AnalysisLite> {
      let a: Analysis
      try {
        a = analyzer ? await analyzer.analyze(text, now) : classifier.analyze(text, { now })
      } catch (err) {
        // the thread died: answer on the main thread rather than leave the citizen without a reply
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'analyzer thread failed; using the main thread')
        a = classifier.analyze(text, { now })
      }
      return {
        intent: a.intent,
        domain: a.domain,
        risk: a.risk,
        riskKinds: a.riskKinds,
        confidence: a.confidence,
        decision: a.decision,
        amount: a.entities.amounts.length ? Math.max(...a.entities.amounts.map((x) => x.value)) : null,
      }
    },
    findRegion(text) {
      const r = findRegion(text, directory().regions)
      return r ? { id: r.id, name: r.name } : null
    },
    get regionExamples() {
      // two towns, and a 苏木 and a 嘎查/村 when the court has them, so pastoral areas see their own words
      const towns = directory().regions.filter((r) => r.parentId === null)
      const villages = directory().regions.filter((r) => r.parentId !== null)
      const pick = [
        ...towns.slice(0, 2),
        towns.find((r) => r.kind === 'sumu'),
        villages.find((r) => r.kind === 'gacha') ?? villages[0],
      ]
      return [...new Set(pick.filter((r) => r !== undefined).map((r) => r.name))].join('、')
    },
    async answer(text, hints) {
      const hits = await searchKb(db, c.id, text, { domain: hints.domain, intent: hints.intent, limit: 1 })
      const best = hits[0]
      if (!best || best.score < config.nlp.kbMinScore) return null
      return formatKbAnswer(best.article, await getStatuteTexts(db, best.article.lawRefs))
    },
    async relatedStatutes(text) {
      const hits = (await searchStatutes(db, text, 3)).filter((h) => h.score >= 0.6)
      if (hits.length === 0) return null
      return hits
        .map((h) => {
          const body = h.row.text.replace(/\s+/g, '')
          return `${citeLawRef({ law: h.row.law, article: h.row.article, suffix: h.row.suffix || undefined })}：${body.length > 120 ? `${body.slice(0, 120)}…` : body}`
        })
        .join('\n')
    },
    route(req) {
      const d = routeMatter(req, directory())
      return d.kind === 'ticket'
        ? { kind: 'ticket', bodyId: d.bodyId, bodyName: d.bodyName, reason: d.reason, fastTrack: d.fastTrack }
        : d
    },
    deadlines(bodyId, priority, now) {
      const policy = bodyPolicy(bodyId)
      const due = slaDeadlines({ createdAt: now, risk: false, priority }, policy, viewOf(c.id).calendar)
      return { ...due, acceptHours: effectivePolicy(policy, false, priority).acceptHours }
    },
    get serviceContact() {
      return catchAll()?.contact ?? '12368'
    },
    stageJob: (tx, name, payload, key) => jobs.stage(tx, name, payload, { key }),
    kickJobs() {
      void jobs.kick()
    },
    scheduleSla: (tx, t) => scheduleSla(tx, { jobs, clock }, t),
    rate: (ticketId, rating, comment) => rateTicket(rt, ticketId, rating, comment),
  }
  }
  const deps = depsOf(courtId)

  const senders = new Map<string, OutboundSender>()
  let sweeper: { stop(): void } | null = null
  let retention: { stop(): void } | null = null
  const sweepMs = opts.slaSweepMs ?? 60_000
  const sweeps = role !== 'web' && opts.slaSweep !== false
  // renewed every sweep; a holder that died is replaced after three missed intervals
  const sweepLease = sweeps ? dutyLease(store, SWEEP_LEASE, { ttlMs: 3 * sweepMs, holder: opts.holder ?? newHolderId() }) : null
  const rt: SuyuanRuntime = {
    config,
    db,
    uow,
    isOpen: () => store.isOpen(),
    courtId,
    courts: courtRows.map((c) => ({ id: c.id, code: c.code, name: c.name })),
    clock,
    log,
    jobs,
    senders,
    // one citizen's turn at a time across processes (a session lock on PostgreSQL; SQLite is one process)
    dialogue: new DialogueManager(deps, { exclusive: (key, work) => exclusive(store, key, work) }),
    classifier,
    directory: () => viewOf(courtId).directory,
    calendar: () => viewOf(courtId).calendar,
    async reloadDirectory() {
      for (const c of courtRows) views.set(c.id, await readCourt(c.id))
    },
    generatedAdminPassword,
    statutesLoaded,
    role,
    sweepLease,
    async close() {
      sweeper?.stop()
      retention?.stop()
      // a clean stop hands the sweep over at once rather than after the lease expires
      if (sweepLease) await sweepLease.release().catch(() => undefined)
      await analyzer?.close()
      await jobs.close()
      await store.close()
    },
  }
  jobs.rt = rt
  registerAllJobs(rt)
  // pushes to WeChat OA citizens go through the customer-service API when the account is configured
  if (config.wechat.appId && config.wechat.appSecret) senders.set('wechat_oa', createWeChatSender(rt))
  // the bullmq Worker and the outbox relay run in 'worker' and 'all' processes; 'web' only produces
  if (jobs instanceof BullQueue && role !== 'web') jobs.start()
  // the sweep over the database is the source of truth for deadlines, whatever happened to Redis or the process;
  // one process of the cluster runs it (and retention): the one holding the lease
  if (sweepLease) {
    sweeper = startSlaSweep(rt, { everyMs: sweepMs, lease: sweepLease })
    retention = startRetention(rt, undefined, sweepLease)
  }
  // hand over whatever the outbox held from before a restart
  void jobs.kick()
  return rt
}
