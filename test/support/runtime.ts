// A whole suyuan runtime for tests: a fresh SQLite file, the demo court, the shared trained model, jobs in-process
// (or bullmq when redisUrl is given), and a fastify app to inject into.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { loadConfig, type Config } from '../../core/config.js'
import { buildApp } from '../../api/app.js'
import { createRuntime, type SuyuanRuntime } from '../../api/runtime.js'
import type { Clock, Logger } from '../../api/types.js'
import { DEMO_USERS } from '../../db/seed/index.js'
import { PROCESS_DIALECT } from '../../db/dialect.js'
import { freshPgDatabase, type FreshPgDatabase } from './pg.js'

export const ADMIN_PASSWORD = 'admin-test-password'
export const MODEL_DIR = join(process.cwd(), 'data', 'model')

export const silentLogger = (): Logger & { lines: string[] } => {
  const lines: string[] = []
  const rec = (level: string) => (o: Record<string, unknown> | string, m?: string) => {
    lines.push(JSON.stringify({ level, ...(typeof o === 'string' ? { msg: o } : o), ...(m ? { msg: m } : {}) }))
    // SUYUAN_TEST_LOG=1 shows warnings and errors while debugging a test
    if (process.env.SUYUAN_TEST_LOG && (level === 'error' || level === 'warn')) console.error(lines.at(-1))
  }
  return { lines, debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') }
}

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(private t: number = Date.UTC(2026, 10, 23, 2, 0, 0)) {}
  now() {
    return new Date(this.t)
  }
  set(d: Date) {
    this.t = d.getTime()
  }
  advance(ms: number) {
    this.t += ms
  }
}

export interface TestRuntime {
  rt: SuyuanRuntime
  app: FastifyInstance
  dir: string
  log: ReturnType<typeof silentLogger>
  login(username: string): Promise<string>
  chat(userId: string, text: string): Promise<{ replies: { text: string }[]; ticket?: { number: string; status: string; body: { id: number; name: string } | null } }>
  close(): Promise<void>
}

const persistent = new Map<string, Promise<FreshPgDatabase>>()
function persistentPgDatabase(key: string): Promise<FreshPgDatabase> {
  let p = persistent.get(key)
  if (!p) persistent.set(key, (p = freshPgDatabase()))
  return p
}
/** Drops the PostgreSQL databases kept for restart tests (call in afterAll). */
export async function dropPersistentDatabases(): Promise<void> {
  for (const p of persistent.values()) await (await p).drop()
  persistent.clear()
}

export async function createTestRuntime(
  o: { env?: Record<string, string>; config?: Partial<Config>; clock?: Clock; dbFile?: string; redis?: boolean; slaSweep?: boolean } = {},
): Promise<TestRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'suyuan-test-'))
  const base = loadConfig({
    SUYUAN_DB: o.dbFile ?? join(dir, 'suyuan.db'),
    SUYUAN_ADMIN_PASSWORD: ADMIN_PASSWORD,
    SUYUAN_MODEL_DIR: MODEL_DIR,
    SUYUAN_TOKEN_SECRET: 'test-secret',
    LOG_LEVEL: 'silent',
    SUYUAN_STATUTES_DIR: '',
    // one classifier per test runtime is enough; the thread has its own test
    SUYUAN_NLP_WORKER: '0',
    ...(o.redis ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } : {}),
    ...o.env,
  })
  // on the PostgreSQL pass (DATABASE_URL=postgres://… for the whole run) every runtime gets its own database
  // a test that restarts on the same dbFile gets the same database back; it is dropped when the file's test ends
  const pgDb = PROCESS_DIALECT !== 'pg' ? null : o.dbFile ? await persistentPgDatabase(o.dbFile) : await freshPgDatabase()
  const config = { ...base, ...(pgDb ? { databaseUrl: pgDb.url } : {}), ...o.config }
  const log = silentLogger()
  const rt = await createRuntime(config, {
    clock: o.clock,
    log,
    queuePrefix: `t-${randomUUID().slice(0, 8)}`,
    slaSweep: o.slaSweep ?? false,
  })
  const app = await buildApp(rt)
  await app.ready()
  const passwords: Record<string, string> = Object.fromEntries(DEMO_USERS.map((u) => [u.username, u.password]))
  passwords.admin = ADMIN_PASSWORD
  return {
    rt,
    app,
    dir,
    log,
    async login(username) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: passwords[username] } })
      if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`)
      return (r.json() as { token: string }).token
    },
    async chat(userId, text) {
      const r = await app.inject({ method: 'POST', url: '/api/chat', payload: { userId, text } })
      if (r.statusCode !== 200) throw new Error(`chat failed: ${r.statusCode} ${r.body}`)
      return r.json()
    },
    async close() {
      await app.close()
      await rt.close()
      if (!o.dbFile) await pgDb?.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
