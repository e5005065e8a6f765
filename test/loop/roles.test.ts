// SUYUAN_ROLE (main/role.ts) and what createRuntime accepts: web/worker only with PostgreSQL and Redis; SQLite is
// one process (role all), refused with a message that says what to do.
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../core/config.js'
import { createRuntime, roleProblem } from '../../api/runtime.js'
import { readRole } from '../../main/role.js'

const dir = mkdtempSync(join(tmpdir(), 'suyuan-roles-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('roles', () => {
  it('reads SUYUAN_ROLE: all by default, web, worker; anything else is an error', () => {
    expect(readRole({})).toBe('all')
    expect(readRole({ SUYUAN_ROLE: '' })).toBe('all')
    expect(readRole({ SUYUAN_ROLE: 'web' })).toBe('web')
    expect(readRole({ SUYUAN_ROLE: ' Worker ' })).toBe('worker')
    expect(() => readRole({ SUYUAN_ROLE: 'api' })).toThrow(/unknown SUYUAN_ROLE 'api'/)
  })

  it('web and worker need PostgreSQL and Redis; all runs anywhere', () => {
    const pg = 'postgres://x@h/db'
    expect(roleProblem('all', { databaseUrl: undefined, redisUrl: undefined })).toBeNull()
    expect(roleProblem('web', { databaseUrl: undefined, redisUrl: 'redis://r' })).toMatch(/SQLite database is one process only/)
    expect(roleProblem('worker', { databaseUrl: undefined, redisUrl: undefined })).toMatch(/SUYUAN_ROLE=all/)
    expect(roleProblem('worker', { databaseUrl: pg, redisUrl: undefined })).toMatch(/needs REDIS_URL/)
    expect(roleProblem('web', { databaseUrl: pg, redisUrl: 'redis://r' })).toBeNull()
  })

  it('createRuntime refuses a split on SQLite before it touches the database file', async () => {
    const file = join(dir, 'split.db')
    const config = { ...loadConfig({ SUYUAN_DB: file, SUYUAN_STATUTES_DIR: '', LOG_LEVEL: 'silent' }), databaseUrl: undefined }
    await expect(createRuntime(config, { role: 'worker' })).rejects.toThrow(/one process only/)
    await expect(createRuntime(config, { role: 'web' })).rejects.toThrow(/one process only/)
    expect(existsSync(file)).toBe(false)
  })
})
