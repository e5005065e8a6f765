// SQLite is one process per database file. The group commit, the per-citizen promise chains and the in-process
// job runner all assume that nothing else writes the file; a second process would still "work" — SQLite locks
// keep the file whole — but turns would interleave, jobs would run twice and sweeps would race. So the store
// refuses to open a file that another live process has open.
//
// The guard is an exclusive lock held for the process's lifetime on a side file `<db>.lock` (itself a tiny
// SQLite database: BEGIN EXCLUSIVE is a portable advisory file lock). The operating system drops it when the
// process ends, however it ends (kill -9 included), so a restart after a crash is never refused. Several stores
// on one file inside one process share the lock (tests reopen a file; the bench falls back to a bare store).
import { resolve } from 'node:path'
import Database from 'better-sqlite3'
import { SuyuanError } from '../core/errors.js'

interface Held {
  lock: Database.Database
  refs: number
}
const held = new Map<string, Held>()

export const lockFileOf = (file: string): string => `${resolve(file)}.lock`

/** Takes (or shares, within this process) the one-process lock of a SQLite file; ':memory:' needs none. */
export function holdSqliteFile(file: string): { release(): void } {
  if (file === ':memory:' || file === '') return { release() {} }
  const path = lockFileOf(file)
  let h = held.get(path)
  if (!h) {
    const lock = new Database(path, { timeout: 0 })
    try {
      // no journal file next to the lock; nothing is ever written to it
      lock.pragma('journal_mode = MEMORY')
      lock.exec('BEGIN EXCLUSIVE')
    } catch (e) {
      lock.close()
      if ((e as { code?: string }).code === 'SQLITE_BUSY') {
        throw new SuyuanError(
          'UNAVAILABLE',
          `another process has the SQLite database ${resolve(file)} open (lock: ${path}). SQLite runs as one process only; ` +
            'to run several processes (web + worker), use PostgreSQL (DATABASE_URL=postgres://…) and Redis (REDIS_URL). See docs/processes.md.',
        )
      }
      throw e
    }
    h = { lock, refs: 0 }
    held.set(path, h)
  }
  h.refs++
  let released = false
  const mine = h
  return {
    release() {
      if (released) return
      released = true
      if (--mine.refs > 0) return
      held.delete(path)
      if (mine.lock.inTransaction) mine.lock.exec('ROLLBACK')
      mine.lock.close()
    },
  }
}
