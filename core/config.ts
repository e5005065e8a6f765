// Config is read once at start-up into this typed object (loadConfig(process.env)) and passed down.
// loadConfig is pure over the env object it is given, so tests build configs without touching process.env.
import { join } from 'node:path'
import { sharedDataDir } from './shared-dir.js'

export interface Config {
  port: number
  host: string
  /** SQLite file; ':memory:' for tests */
  dbFile: string
  /** postgres://… to run on PostgreSQL instead of the SQLite file (DATABASE_URL) */
  databaseUrl: string | undefined
  /** optional; without it jobs run in-process */
  redisUrl: string | undefined
  adminPassword: string | undefined
  /** HMAC secret for staff tokens */
  tokenSecret: string | undefined
  /** court shown in replies */
  courtName: string
  /** statutes in the markdown layout of shared/data/statutes, imported at start when the table is empty ('' : never);
   *  default: statutes/ in the shared data folder (core/shared-dir.ts) */
  statutesDir: string
  /** the folder with the node-nlp model cache */
  modelDir: string
  nlp: {
    /** top intent score at or above this is a candidate for "confident" */
    confidentThreshold: number
    /** and the gap to the second must be at least this */
    confidentMargin: number
    /** below this nothing is offered ("none") */
    noneThreshold: number
    /** KB answers below this retrieval score are not shown */
    kbMinScore: number
    /** run the classifier on a worker thread (uses the second core under load) */
    worker: boolean
  }
  wechat: {
    token: string | undefined
    appId: string | undefined
    appSecret: string | undefined
    encodingAesKey: string | undefined
    apiBase: string
    /** reply budget for a passive reply, ms (WeChat waits 5 s) */
    replyBudgetMs: number
    /** largest body we accept, bytes */
    maxBodyBytes: number
  }
  wechaty: {
    puppet: string | undefined
    token: string | undefined
  }
  /** ticket lifecycle rules (core/ticket-state.ts LifecyclePolicy) */
  tickets: {
    maxTransfers: number
    ratingTimeoutMs: number
    lowRatingMax: number
  }
  /** PIPL: keep personal data only as long as needed */
  retention: {
    /** message texts older than this are cleared (the rows stay for statistics) */
    messageDays: number
    /** contact phones of archived tickets are removed this long after archiving */
    phoneDaysAfterArchive: number
    /** WeChat delivery dedup records */
    deliveryDays: number
  }
  /** log level for fastify/pino */
  logLevel: string
}

/** A bad value stops start-up: every problem is named by its variable, all at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误，请修改后再启动：\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
}

/** Reads typed values out of the environment, collecting what is wrong instead of guessing a default. */
class EnvReader {
  readonly problems: string[] = []
  constructor(private readonly env: Record<string, string | undefined>) {}

  private raw(name: string): string | undefined {
    const v = this.env[name]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }
  str(name: string, d: string): string {
    return this.env[name] ?? d
  }
  opt(name: string): string | undefined {
    return this.raw(name)
  }
  num(name: string, d: number, o: { min?: number; max?: number; integer?: boolean } = {}): number {
    const v = this.raw(name)
    if (v === undefined) return d
    const n = Number(v)
    const ok = Number.isFinite(n) && (!o.integer || Number.isInteger(n)) && (o.min === undefined || n >= o.min) && (o.max === undefined || n <= o.max)
    if (!ok) {
      const range = `${o.min ?? '−∞'}–${o.max ?? '∞'}`
      this.problems.push(`${name}=${JSON.stringify(v)}：应为${o.integer ? '整数' : '数字'}，范围 ${range}`)
      return d
    }
    return n
  }
  int(name: string, d: number, o: { min?: number; max?: number } = {}): number {
    return this.num(name, d, { ...o, integer: true })
  }
  flag(name: string, d: boolean): boolean {
    const v = this.raw(name)
    if (v === undefined) return d
    if (v === '1' || v === 'true') return true
    if (v === '0' || v === 'false') return false
    this.problems.push(`${name}=${JSON.stringify(v)}：应为 1 或 0`)
    return d
  }
  oneOf<T extends string>(name: string, allowed: readonly T[], d: T): T {
    const v = this.raw(name)
    if (v === undefined) return d
    if ((allowed as readonly string[]).includes(v)) return v as T
    this.problems.push(`${name}=${JSON.stringify(v)}：应为 ${allowed.join(' / ')} 之一`)
    return d
  }
  url(name: string, protocols: readonly string[]): string | undefined {
    const v = this.raw(name)
    if (v === undefined) return undefined
    try {
      const u = new URL(v)
      if (protocols.includes(u.protocol)) return v
    } catch {
      // reported below
    }
    this.problems.push(`${name}：应为 ${protocols.map((p) => `${p}//…`).join(' 或 ')} 形式的地址`)
    return undefined
  }
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const e = new EnvReader(env)
  const config: Config = {
    port: e.int('PORT', 3000, { min: 0, max: 65535 }),
    host: e.str('HOST', '0.0.0.0'),
    dbFile: e.str('SUYUAN_DB', './data/suyuan.db'),
    databaseUrl: e.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: e.url('REDIS_URL', ['redis:', 'rediss:']),
    adminPassword: e.opt('SUYUAN_ADMIN_PASSWORD'),
    tokenSecret: e.opt('SUYUAN_TOKEN_SECRET'),
    courtName: e.str('SUYUAN_COURT_NAME', '示例县人民法院'),
    modelDir: e.str('SUYUAN_MODEL_DIR', './data/model'),
    statutesDir: env.SUYUAN_STATUTES_DIR ?? join(sharedDataDir(env), 'statutes'),
    nlp: {
      confidentThreshold: e.num('NLP_CONFIDENT_THRESHOLD', 0.6, { min: 0, max: 1 }),
      confidentMargin: e.num('NLP_CONFIDENT_MARGIN', 0.15, { min: 0, max: 1 }),
      noneThreshold: e.num('NLP_NONE_THRESHOLD', 0.3, { min: 0, max: 1 }),
      kbMinScore: e.num('KB_MIN_SCORE', 0.35, { min: 0 }),
      worker: e.flag('SUYUAN_NLP_WORKER', true),
    },
    wechat: {
      token: e.opt('WECHAT_TOKEN'),
      appId: e.opt('WECHAT_APPID'),
      appSecret: e.opt('WECHAT_APPSECRET'),
      encodingAesKey: e.opt('WECHAT_ENCODING_AES_KEY'),
      apiBase: e.url('WECHAT_API_BASE', ['https:', 'http:']) ?? 'https://api.weixin.qq.com',
      replyBudgetMs: e.int('WECHAT_REPLY_BUDGET_MS', 4500, { min: 100, max: 4900 }),
      maxBodyBytes: e.int('WECHAT_MAX_BODY_BYTES', 64 * 1024, { min: 1024 }),
    },
    wechaty: {
      puppet: e.opt('WECHATY_PUPPET'),
      token: e.opt('WECHATY_PUPPET_TOKEN'),
    },
    tickets: {
      maxTransfers: e.int('SUYUAN_MAX_TRANSFERS', 3, { min: 0 }),
      ratingTimeoutMs: e.num('SUYUAN_RATING_TIMEOUT_DAYS', 3, { min: 0 }) * 24 * 3600 * 1000,
      lowRatingMax: e.int('SUYUAN_LOW_RATING_MAX', 2, { min: 1, max: 5 }),
    },
    retention: {
      messageDays: e.int('SUYUAN_RETAIN_MESSAGE_DAYS', 365, { min: 1 }),
      phoneDaysAfterArchive: e.int('SUYUAN_RETAIN_PHONE_DAYS', 180, { min: 1 }),
      deliveryDays: e.int('SUYUAN_RETAIN_DELIVERY_DAYS', 7, { min: 1 }),
    },
    logLevel: e.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
  }
  if (env.WECHAT_ENCODING_AES_KEY && env.WECHAT_ENCODING_AES_KEY.trim().length !== 43) {
    e.problems.push('WECHAT_ENCODING_AES_KEY：应为公众号后台给出的 43 位 EncodingAESKey')
  }
  if (e.problems.length) throw new ConfigError(e.problems)
  return config
}
