import { Socket } from 'node:net'
import { configDefaults, defineConfig, type ViteUserConfig } from 'vitest/config'

// Two passes over the same code: every suite on the embedded SQLite default, and the suites that go through the
// storage seam (runtime, tickets, SLA, jobs, channels) again on PostgreSQL — each test its own database cloned from
// a migrated template (test/support/pg.ts). Suites that test SQLite itself (group commit, FTS5, kill -9 on the
// file, sqlite_master scans) run on SQLite only.
const PG_URL = process.env.SUYUAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const PG_SUITES = [
  'test/db/**/*.test.ts',
  'test/loop/{lifecycle-e2e,courts,web-chat,risk,flags,retention,bullmq,fuzz,statutes-fixture}.test.ts',
  'test/tickets/**/*.test.ts',
  'test/sla/**/*.test.ts',
  'test/wechat/{integration,outbound,webhook}.test.ts',
  'test/backend/**/*.test.ts',
  // several processes on one database: PostgreSQL + Redis only (SQLite is one process, test/db/process-lock.test.ts)
  'test/procs/**/*.test.ts',
]
/** Suites that need PostgreSQL: not on the SQLite pass at all. */
const PG_ONLY = ['test/procs/**']

function reachable(url: string): Promise<boolean> {
  const u = new URL(url)
  return new Promise((resolve) => {
    const s = new Socket()
    const done = (ok: boolean) => {
      s.destroy()
      resolve(ok)
    }
    s.setTimeout(1500, () => done(false))
    s.once('error', () => done(false))
    s.connect(Number(u.port || 5432), u.hostname, () => done(true))
  })
}

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const pg = process.env.SUYUAN_TEST_PG !== '0' && (await reachable(PG_URL))
  if (!pg) console.warn(`[suyuan] PostgreSQL is not reachable at ${PG_URL}: the pg pass is skipped (start PostgreSQL or set SUYUAN_TEST_PG_URL)`)
  return {
    test: {
      // Tests share one Redis and spawn servers; files run in parallel processes, tests inside a file in order.
      testTimeout: 30_000,
      hookTimeout: 60_000,
      pool: 'forks' as const,
      globalSetup: ['test/support/global-setup.ts'],
      projects: [
        { extends: true as const, test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...PG_ONLY] } },
        ...(pg ? [{ extends: true as const, test: { name: 'pg', include: PG_SUITES, env: { DATABASE_URL: PG_URL } } }] : []),
      ],
    },
  }
})
