// Opens the PostgreSQL database (node-postgres Pool + drizzle) and brings its schema up to date. Several
// processes may start at once (web + workers): migrations run under a session advisory lock, so one migrates and
// the others wait, then find nothing left to do. Re-running is a no-op.
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import * as schema from '../schema/pg/index.js'

export type PgDb = NodePgDatabase<typeof schema>
export interface PgHandle {
  db: PgDb
  pool: pg.Pool
  /** Ends the pool (idempotent). */
  close(): Promise<void>
}

export const PG_MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../migrations/pg')

/**
 * pg_advisory_lock key held while migrating ('suyuan' in ASCII). One bigint key: it cannot collide with locks
 * taken with the two-int4 form (pg_advisory_xact_lock(ns, hashtext(key))), which PostgreSQL keeps apart.
 */
export const PG_MIGRATION_LOCK = 0x73_75_79_75_61_6e

/** Runs the migrations in db/migrations/pg on one connection of the pool, under PG_MIGRATION_LOCK. */
export async function migratePg(pool: pg.Pool, migrationsFolder = PG_MIGRATIONS_DIR): Promise<void> {
  const client = await pool.connect()
  let broken: Error | undefined
  // a checked-out client has no error listener of the pool's: without this one, the connection dying between two
  // statements would be an uncaught exception instead of a failed migration
  const onError = (e: Error): void => void (broken ??= e)
  client.on('error', onError)
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PG_MIGRATION_LOCK])
    try {
      // the migrator's own transaction runs on this same connection (a client, not the pool)
      await migrate(drizzle(client, { schema }), { migrationsFolder })
    } finally {
      // when this fails the session is unusable; destroying it (release(err)) releases the lock
      await client.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATION_LOCK]).catch(onError)
    }
  } catch (e) {
    onError(e as Error)
    throw e
  } finally {
    client.off('error', onError)
    client.release(broken)
  }
}

export async function openPg(url: string, opts: { max?: number } = {}): Promise<PgHandle> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, application_name: 'suyuan' })
  // An idle pooled connection can die (server restart, pg_terminate_backend, DROP DATABASE … FORCE); without a
  // listener node-postgres would crash the process. The pool drops the client and the next query reconnects.
  pool.on('error', (err) => console.error(`[suyuan] idle PostgreSQL connection lost: ${err.message}`))
  let ended: Promise<void> | undefined
  const close = (): Promise<void> => (ended ??= pool.end())
  try {
    await migratePg(pool)
  } catch (e) {
    await close().catch(() => {})
    throw e
  }
  return { db: drizzle(pool, { schema }), pool, close }
}
