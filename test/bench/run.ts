// npm run bench: runs every test/bench/*.bench.ts (default export: async () => string[]) and prints its lines.
// Benchmarks print ratios against a baseline measured in the same run, and percentiles; the few targets say PASS/MISS.
//
// Two backends. The storage dialect is fixed per process (db/dialect.ts reads DATABASE_URL at import), so this
// process is the SQLite pass and a bench that exports `backends` including 'pg' runs again right after, in a child
// process of this file started with DATABASE_URL=postgres://… (SUYUAN_BENCH_PASS=pg). Each scenario there opens a
// fresh database cloned from the migrated template (test/support/pg.ts) and drops it afterwards. The child hands
// its figures back on one `@@bench-figures` line; the end of the run prints both side by side.
//
//   npm run bench [name…]            e.g. `npm run bench webhook`
//   BENCH_BACKENDS=sqlite|pg|sqlite,pg (default both); SUYUAN_TEST_PG_URL names the PostgreSQL server
//   (default postgres://postgres@127.0.0.1:5432/postgres); when nothing answers there the pg pass is skipped.
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const PASS: 'sqlite' | 'pg' = process.env.SUYUAN_BENCH_PASS === 'pg' ? 'pg' : 'sqlite'
const FIGURES_TAG = '@@bench-figures '
if (PASS === 'sqlite' && process.env.DATABASE_URL) {
  // before anything imports db/dialect.ts: this process is the SQLite pass whatever the shell says
  process.stdout.write('note: DATABASE_URL is ignored here; the PostgreSQL pass uses SUYUAN_TEST_PG_URL (a fresh database per scenario)\n')
  delete process.env.DATABASE_URL
}
const { BACKEND_LABEL, collectedFigures } = await import('./backend.js')
type Figures = ReturnType<typeof collectedFigures>[number]

const only = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
const wanted = new Set((process.env.BENCH_BACKENDS ?? 'sqlite,pg').split(',').map((s) => s.trim()))

interface BenchModule {
  default?: () => Promise<string[]>
  backends?: readonly string[]
}

async function runHere(f: string, mod: BenchModule): Promise<void> {
  process.stdout.write(`\n== ${f.replace('.bench.ts', '')} (${BACKEND_LABEL[PASS]})\n`)
  const started = Date.now()
  try {
    for (const line of await mod.default!()) process.stdout.write(`${line}\n`)
  } catch (err) {
    process.stdout.write(`failed: ${err instanceof Error ? err.message : String(err)}\n`)
  }
  process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
}

if (PASS === 'pg') {
  // the child: run what the parent named, then hand the figures back
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(here, f)).href)) as BenchModule
    if (typeof mod.default === 'function' && mod.backends?.includes('pg')) await runHere(f, mod)
  }
  process.stdout.write(`${FIGURES_TAG}${JSON.stringify(collectedFigures())}\n`)
  process.exit(0)
}

const childFigures: Figures[] = []
const pgStatus: { state: 'unchecked' | 'up' | 'down' } = { state: 'unchecked' }
let pgBase = ''

/** The same bench file on PostgreSQL, in a child process with DATABASE_URL set. */
async function runPgPass(f: string): Promise<void> {
  const { pgAvailable, PG_TEST_BASE_URL } = await import('../support/pg.js')
  pgBase = PG_TEST_BASE_URL
  if (pgStatus.state === 'unchecked') pgStatus.state = (await pgAvailable()) ? 'up' : 'down'
  if (pgStatus.state === 'down') {
    process.stdout.write(`\n== ${f.replace('.bench.ts', '')} (PostgreSQL)\nskipped: PostgreSQL does not answer at ${redact(pgBase)} (start it, or set SUYUAN_TEST_PG_URL)\n`)
    return
  }
  const bare = collectedFigures().find((x) => x.bench === 'bare')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SUYUAN_BENCH_PASS: 'pg',
    // only fixes this process's dialect: every scenario opens its own fresh database on this server
    DATABASE_URL: PG_TEST_BASE_URL,
    ...(bare && bare.bench === 'bare' ? { WEBHOOK_BENCH_BARE_RPS: String(bare.rps) } : {}),
  }
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), f], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  let buf = ''
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString()
    let nl: number
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl)
      buf = buf.slice(nl + 1)
      if (line.startsWith(FIGURES_TAG)) childFigures.push(...(JSON.parse(line.slice(FIGURES_TAG.length)) as Figures[]))
      else process.stdout.write(`${line}\n`)
    }
  })
  const code = await new Promise<number | null>((r) => child.on('exit', r))
  if (code !== 0) process.stdout.write(`PostgreSQL pass of ${f} exited with ${code}\n`)
  await dropLeftovers(child.pid)
}

/** Databases a crashed child left behind (freshPgDatabase names them suyuan_t_<pid>_…). */
async function dropLeftovers(pid: number | undefined): Promise<void> {
  if (!pid) return
  const pg = (await import('pg')).default
  const c = new pg.Client({ connectionString: pgBase, connectionTimeoutMillis: 3000 })
  c.on('error', () => {})
  try {
    await c.connect()
    const r = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`suyuan\\_t\\_${pid}\\_%`])
    for (const { datname } of r.rows) {
      await c.query(`drop database if exists "${datname.replaceAll('"', '""')}" with (force)`)
      process.stdout.write(`dropped leftover database ${datname}\n`)
    }
  } catch {
    // nothing to clean, or no server
  } finally {
    await c.end().catch(() => {})
  }
}

const redact = (url: string): string => {
  try {
    const u = new URL(url)
    return `postgres://${u.host}${u.pathname}`
  } catch {
    return '(unparsable URL)'
  }
}

const load0 = loadavg()[0] ?? 0
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as BenchModule
  if (typeof mod.default !== 'function') continue
  if (wanted.has('sqlite')) await runHere(f, mod)
  if (wanted.has('pg') && mod.backends?.includes('pg')) await runPgPass(f)
}

const all = [...collectedFigures(), ...childFigures]
const { summary } = await import('./summary.js')
const lines = summary(all, { loadAtStart: load0, loadAtEnd: loadavg()[0] ?? 0, pgSkipped: pgStatus.state === 'down' ? redact(pgBase) : null })
if (lines.length) process.stdout.write(`\n${lines.join('\n')}\n`)
process.exit(0)
