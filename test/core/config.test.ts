import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../core/config.js'

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env)
  } catch (e) {
    if (e instanceof ConfigError) return e.problems
    throw e
  }
  return []
}

describe('config is read and checked once at start-up', () => {
  it('the defaults need nothing set', () => {
    const c = loadConfig({})
    expect(c.port).toBe(3000)
    expect(c.databaseUrl).toBeUndefined()
    expect(c.tickets.ratingTimeoutMs).toBe(3 * 24 * 3600 * 1000)
  })

  it('reads what is set', () => {
    const c = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@h:5432/db', SUYUAN_RATING_TIMEOUT_DAYS: '7', SUYUAN_NLP_WORKER: '0', LOG_LEVEL: 'warn' })
    expect(c).toMatchObject({ port: 8080, databaseUrl: 'postgres://u@h:5432/db', nlp: { worker: false }, logLevel: 'warn' })
    expect(c.tickets.ratingTimeoutMs).toBe(7 * 24 * 3600 * 1000)
  })

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'localhost:6379'],
    ['SUYUAN_RATING_TIMEOUT_DAYS', '-1'],
    ['SUYUAN_MAX_TRANSFERS', '2.5'],
    ['SUYUAN_NLP_WORKER', 'yes'],
    ['LOG_LEVEL', 'loud'],
    ['NLP_CONFIDENT_THRESHOLD', '1.5'],
    ['WECHAT_ENCODING_AES_KEY', 'short'],
  ])('a bad %s=%s stops start-up with a message naming the variable', (name, value) => {
    const problems = problemsOf({ [name]: value })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(name)
  })

  it('reports every bad variable at once, in plain Chinese', () => {
    let err: unknown
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toMatch(/配置有误[\s\S]*PORT[\s\S]*LOG_LEVEL/)
  })
})
