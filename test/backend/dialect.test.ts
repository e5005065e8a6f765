// Which backend this pass runs on, checked end to end: the runtime's database handle is the dialect the process
// picked from DATABASE_URL (so the pg pass really runs on PostgreSQL, not silently on SQLite).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialectOf } from '../../db/connection.js'
import { PROCESS_DIALECT } from '../../db/dialect.js'
import { createTestRuntime, type TestRuntime } from '../support/runtime.js'

let t: TestRuntime
beforeAll(async () => {
  t = await createTestRuntime()
})
afterAll(async () => {
  await t?.close()
})

describe('backend', () => {
  it('the runtime talks to the database this pass is for', () => {
    expect(dialectOf(t.rt.db)).toBe(PROCESS_DIALECT)
    expect(PROCESS_DIALECT).toBe(process.env.DATABASE_URL?.startsWith('postgres') ? 'pg' : 'sqlite')
  })

  it('says plainly when no statutes are loaded (a fresh clone without the shared data)', () => {
    expect(t.rt.statutesLoaded).toBe(false)
    expect(t.log.lines.some((l) => l.includes('no statutes loaded') && l.includes('kb:import-statutes'))).toBe(true)
  })
})
