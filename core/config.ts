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

const int = (v: string | undefined, d: number): number => {
  const n = v === undefined || v === '' ? NaN : Number(v)
  return Number.isFinite(n) ? n : d
}
const num = int
const opt = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v)

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return {
    port: int(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    dbFile: env.SUYUAN_DB ?? './data/suyuan.db',
    databaseUrl: opt(env.DATABASE_URL),
    redisUrl: opt(env.REDIS_URL),
    adminPassword: opt(env.SUYUAN_ADMIN_PASSWORD),
    tokenSecret: opt(env.SUYUAN_TOKEN_SECRET),
    courtName: env.SUYUAN_COURT_NAME ?? '示例县人民法院',
    modelDir: env.SUYUAN_MODEL_DIR ?? './data/model',
    statutesDir: env.SUYUAN_STATUTES_DIR ?? join(sharedDataDir(env), 'statutes'),
    nlp: {
      confidentThreshold: num(env.NLP_CONFIDENT_THRESHOLD, 0.6),
      confidentMargin: num(env.NLP_CONFIDENT_MARGIN, 0.15),
      noneThreshold: num(env.NLP_NONE_THRESHOLD, 0.3),
      kbMinScore: num(env.KB_MIN_SCORE, 0.35),
      worker: (env.SUYUAN_NLP_WORKER ?? '1') !== '0',
    },
    wechat: {
      token: opt(env.WECHAT_TOKEN),
      appId: opt(env.WECHAT_APPID),
      appSecret: opt(env.WECHAT_APPSECRET),
      encodingAesKey: opt(env.WECHAT_ENCODING_AES_KEY),
      apiBase: env.WECHAT_API_BASE ?? 'https://api.weixin.qq.com',
      replyBudgetMs: int(env.WECHAT_REPLY_BUDGET_MS, 4500),
      maxBodyBytes: int(env.WECHAT_MAX_BODY_BYTES, 64 * 1024),
    },
    wechaty: {
      puppet: opt(env.WECHATY_PUPPET),
      token: opt(env.WECHATY_PUPPET_TOKEN),
    },
    tickets: {
      maxTransfers: int(env.SUYUAN_MAX_TRANSFERS, 3),
      ratingTimeoutMs: num(env.SUYUAN_RATING_TIMEOUT_DAYS, 3) * 24 * 3600 * 1000,
      lowRatingMax: int(env.SUYUAN_LOW_RATING_MAX, 2),
    },
    retention: {
      messageDays: int(env.SUYUAN_RETAIN_MESSAGE_DAYS, 365),
      phoneDaysAfterArchive: int(env.SUYUAN_RETAIN_PHONE_DAYS, 180),
      deliveryDays: int(env.SUYUAN_RETAIN_DELIVERY_DAYS, 7),
    },
    logLevel: env.LOG_LEVEL ?? 'info',
  }
}
