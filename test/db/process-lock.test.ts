// SQLite is one process per database file (db/process-lock.ts): a second process is refused with a message that
// says why and what to do; stores inside one process share the file; the lock goes with its process (kill -9).
// And Store.exclusive (db/pg/session-lock.ts): a lock across processes on PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../../db/client.js'
import { PROCESS_DIALECT } from '../../db/dialect.js'
import { openPgStore } from '../../db/pg/store.js'
import { isSuyuanError } from '../../core/errors.js'
import { exclusive } from '../../db/store.js'
import { freshPgDatabase } from '../support/pg.js'

const dir = mkdtempSync(join(tmpdir(), 'suyuan-plock-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function child(file: string, hold = false): { proc: ChildProcess; first: Promise<string>; exit: Promise<number | null> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/support/open-sqlite-child.ts', file, ...(hold ? ['hold'] : [])], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  const first = new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const i = out.indexOf('\n')
      if (i >= 0) resolve(out.slice(0, i))
    })
    let err = ''
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    proc.on('exit', () => reject(new Error(`child exited without a word: ${err}`)))
  })
  const exit = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)))
  return { proc, first, exit }
}

describe.skipIf(PROCESS_DIALECT !== 'sqlite')('SQLite: one process per database file', () => {
  it('refuses a second process with a clear message, and admits one after the first is gone (even after kill -9)', async () => {
    const file = join(dir, 'one.db')
    const holder = child(file, true)
    expect(await holder.first).toBe('opened')
    const second = child(file)
    const said = await second.first
    expect(said).toMatch(/^refused another process has the SQLite database .*one\.db open/)
    expect(said).toMatch(/one process only/)
    expect(said).toMatch(/DATABASE_URL=postgres/)
    expect(await second.exit).toBe(3)
    // this process too is a "second process" while the child holds the file
    expect(() => openSqliteStore(file)).toThrow(/one process only/)
    holder.proc.kill('SIGKILL')
    await holder.exit
    const third = child(file)
    expect(await third.first).toBe('opened')
    expect(await third.exit).toBe(0)
  }, 60_000)

  it('stores inside one process share the file; closing the last one lets another process in', async () => {
    const file = join(dir, 'shared.db')
    const a = openSqliteStore(file)
    const b = openSqliteStore(file)
    await a.close()
    // b still holds the file for this process
    const blocked = child(file)
    expect(await blocked.first).toMatch(/^refused/)
    await blocked.exit
    await b.close()
    const after = child(file)
    expect(await after.first).toBe('opened')
    await after.exit
    expect(existsSync(`${file}.lock`)).toBe(true)
    // ':memory:' has nothing to share and needs no lock
    const m1 = openSqliteStore(':memory:')
    const m2 = openSqliteStore(':memory:')
    await m1.close()
    await m2.close()
  }, 60_000)

  it('exclusive() runs the work directly on SQLite', async () => {
    const s = openSqliteStore(':memory:')
    expect(await exclusive(s, 'k', async () => 42)).toBe(42)
    await s.close()
  })
})

describe.skipIf(PROCESS_DIALECT !== 'pg')('PostgreSQL: Store.exclusive across pools (as across processes)', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

  it('serialises one key across two stores, lets other keys run alongside, survives a throwing holder, times out', async () => {
    const fresh = await freshPgDatabase()
    const a = await openPgStore(fresh.url, { max: 2 })
    const b = await openPgStore(fresh.url, { max: 2 })
    try {
      const log: string[] = []
      const job = (s: typeof a, name: string, key: string, ms: number) =>
        exclusive(s, key, async () => {
          log.push(`${name}+`)
          await sleep(ms)
          log.push(`${name}-`)
        })
      // both lock connections open first, so the timings below are the locks' own
      await Promise.all([exclusive(a, 'warm', async () => {}), exclusive(b, 'warm', async () => {})])
      // the same key from two "processes": never inside at once
      await Promise.all([job(a, 'a1', 'citizen:x', 150), sleep(20).then(() => job(b, 'b1', 'citizen:x', 50)), sleep(40).then(() => job(a, 'a2', 'citizen:x', 50))])
      for (let i = 0; i < log.length; i += 2) expect(log[i + 1]).toBe(log[i]!.replace('+', '-'))
      expect(log[0]).toBe('a1+')
      // different keys overlap
      log.length = 0
      await Promise.all([job(a, 'k1', 'citizen:y', 150), sleep(20).then(() => job(b, 'k2', 'citizen:z', 20))])
      expect(log).toEqual(['k1+', 'k2+', 'k2-', 'k1-'])
      // a holder that throws still lets go
      await expect(exclusive(a, 'citizen:x', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
      expect(await exclusive(b, 'citizen:x', async () => 'next')).toBe('next')
      // waiting longer than waitMs fails (UNAVAILABLE), and the holder is unaffected
      const holding = exclusive(a, 'citizen:w', () => sleep(400).then(() => 'held'))
      await sleep(50)
      const err = await exclusive(b, 'citizen:w', async () => 'never', { waitMs: 100 }).catch((e: unknown) => e)
      expect(isSuyuanError(err) && err.code).toBe('UNAVAILABLE')
      expect(await holding).toBe('held')
      // inside one store, callers of one key queue too (a session would grant a key it holds a second time)
      log.length = 0
      await Promise.all([job(a, 'x1', 'citizen:v', 80), job(a, 'x2', 'citizen:v', 10), job(a, 'x3', 'citizen:v', 10)])
      expect(log).toEqual(['x1+', 'x1-', 'x2+', 'x2-', 'x3+', 'x3-'])
      // the transaction lock of the same name (lockInTx) is another key space: no self-deadlock
      const inner = await exclusive(a, 'citizen:q', () => a.uow.run(async (tx) => {
        const { lockInTx } = await import('../../db/connection.js')
        await lockInTx(tx, 'citizen:q')
        return 'ok'
      }))
      expect(inner).toBe('ok')
    } finally {
      await a.close()
      await b.close()
      await fresh.drop()
    }
  }, 30_000)

  it('the lock dies with its session: a killed holder connection frees the key', async () => {
    const fresh = await freshPgDatabase()
    const a = await openPgStore(fresh.url, { max: 2 })
    const b = await openPgStore(fresh.url, { max: 2 })
    try {
      let release!: () => void
      const held = exclusive(a, 'citizen:dead', () => new Promise<void>((r) => (release = r)))
      await sleep(100)
      // the holder's lock connection goes away (as when its process is killed)
      await b.uow.run(async (tx) => {
        const { sql } = await import('drizzle-orm')
        await (tx as unknown as { execute(q: unknown): Promise<unknown> }).execute(
          sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and classid = ${0x73_79} and pid <> pg_backend_pid()`,
        )
      })
      expect(await exclusive(b, 'citizen:dead', async () => 'free', { waitMs: 5000 })).toBe('free')
      release()
      await held
    } finally {
      await a.close()
      await b.close()
      await fresh.drop()
    }
  }, 30_000)
})
