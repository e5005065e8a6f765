// Throw-away PostgreSQL databases for tests. The migrations are applied once into a template database (named
// after a hash of db/migrations/pg, built under an advisory lock so parallel test files build it once); each
// test database is then `CREATE DATABASE … TEMPLATE`, a file copy instead of a migration run.
// Server: SUYUAN_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), a role that may create
// databases. Tests call pgAvailable() first and skip when nothing answers there.
import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { openPg, PG_MIGRATIONS_DIR } from '../../db/pg/open.js'

/** The maintenance database the helpers connect to (any database of the server will do). */
export const PG_TEST_BASE_URL = process.env.SUYUAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** Same server and credentials as PG_TEST_BASE_URL, another database. */
export function pgDatabaseUrl(database: string): string {
  const u = new URL(PG_TEST_BASE_URL)
  u.pathname = `/${encodeURIComponent(database)}`
  return u.toString()
}

/** Held (in the maintenance database) while a template is built; not the key openPg migrates under. */
const TEMPLATE_LOCK = 0x73_75_79_75_74_70 // 'suyutp'

let available: Promise<boolean> | undefined

/** Whether a PostgreSQL server answers at PG_TEST_BASE_URL (checked once per process, 3 s at most). */
export function pgAvailable(): Promise<boolean> {
  return (available ??= (async () => {
    const c = new pg.Client({ connectionString: PG_TEST_BASE_URL, connectionTimeoutMillis: 3000 })
    c.on('error', () => {})
    try {
      await c.connect()
      await c.query('SELECT 1')
      return true
    } catch {
      return false
    } finally {
      await c.end().catch(() => {})
    }
  })())
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_TEST_BASE_URL, connectionTimeoutMillis: 5000 })
  c.on('error', () => {})
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end().catch(() => {})
  }
}

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`

/** Changes whenever a migration file (or the journal) changes, so a stale template is never cloned. */
function migrationsHash(): string {
  const h = createHash('sha256')
  const files = [
    ...readdirSync(PG_MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort(),
    join('meta', '_journal.json'),
  ]
  for (const f of files) h.update(f).update('\0').update(readFileSync(join(PG_MIGRATIONS_DIR, f))).update('\0')
  return h.digest('hex').slice(0, 16)
}

let template: Promise<string> | undefined

/** The migrated template database's name, built on first use. */
export function pgTemplateDatabase(): Promise<string> {
  return (template ??= (async () => {
    const name = `suyuan_tpl_${migrationsHash()}`
    await admin(async (c) => {
      await c.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK])
      try {
        const found = await c.query<{ datistemplate: boolean }>('SELECT datistemplate FROM pg_database WHERE datname = $1', [name])
        if (found.rows[0]?.datistemplate) return
        // a database without the template mark is a build that died half-way: start again
        if (found.rows.length > 0) await c.query(`DROP DATABASE ${ident(name)} WITH (FORCE)`)
        await c.query(`CREATE DATABASE ${ident(name)}`)
        const h = await openPg(pgDatabaseUrl(name), { max: 1 })
        await h.close()
        // marked last: the mark means "fully migrated"; no connections, so nothing can block a clone
        await c.query(`ALTER DATABASE ${ident(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`)
      } finally {
        await c.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK])
      }
    })
    return name
  })().catch((e) => {
    template = undefined
    throw e
  }))
}

let counter = 0

export interface FreshPgDatabase {
  /** connection string of the new database (pass it to openPg) */
  url: string
  /** its name */
  name: string
  /** drops it, closing whatever connections are still open on it */
  drop(): Promise<void>
}

/**
 * A new, uniquely named database: migrated (a clone of the template) unless `empty` is set, in which case it
 * has no tables at all (for tests of the migrations themselves).
 */
export async function freshPgDatabase(opts: { empty?: boolean } = {}): Promise<FreshPgDatabase> {
  const tpl = opts.empty ? 'template0' : await pgTemplateDatabase()
  const name = `suyuan_t_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`
  await admin(async (c) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(tpl)}`)
        return
      } catch (e) {
        // 55006 "source database is being accessed by other users": PostgreSQL already waited 5 s for them
        if ((e as { code?: string }).code !== '55006' || attempt >= 3) throw e
      }
    }
  })
  let dropped: Promise<void> | undefined
  return {
    url: pgDatabaseUrl(name),
    name,
    drop: () => (dropped ??= admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)))),
  }
}
