// The runtime every adapter shares. api/runtime.ts builds it (createRuntime); tests build it with a temp DB
// and a controllable clock. Route modules are fastify plugins: `export default async function (app, { rt })`.
import type {} from 'fastify'
import type { Config } from '../core/config.js'
import type { Db } from '../db/client.js'
import type { Role } from '../db/schema/index.js'
import type { Dialogue } from '../bot/dialogue/types.js'

export interface Clock {
  now(): Date
}

/** Log lines carry no raw personal data: pass ids and masked values only (core/mask.ts). */
export interface Logger {
  info(obj: Record<string, unknown> | string, msg?: string): void
  warn(obj: Record<string, unknown> | string, msg?: string): void
  error(obj: Record<string, unknown> | string, msg?: string): void
  debug(obj: Record<string, unknown> | string, msg?: string): void
}

/** Job names and payloads (record ids only, never personal data). */
export interface JobPayloads {
  'notify-unit': {
    ticketId: number
    kind: 'new_ticket' | 'reminder' | 'escalation' | 'early_warning' | 'rating_low' | 'transferred' | 'reopened' | 'risk_followup'
    stage?: number
  }
  'notify-citizen': { messageId: number }
  'sla-check': { ticketId: number; stage: number }
  'sla-sweep': Record<string, never>
  'wechat-send': { messageId: number }
  'wechat-answer': { deliveryKey: string }
  'rating-timeout': { ticketId: number }
}
export type JobName = keyof JobPayloads
export type JobHandler<N extends JobName> = (payload: JobPayloads[N], rt: Runtime) => Promise<void>

export interface EnqueueOptions {
  /** run no earlier than this many ms from now */
  delayMs?: number
  /** de-duplication key: a second enqueue with the same key is a no-op (no ':' and not all digits — bullmq) */
  key?: string
}

export interface JobQueue {
  /** which backend runs jobs */
  readonly kind: 'bullmq' | 'in-process'
  register<N extends JobName>(name: N, handler: JobHandler<N>): void
  /**
   * Record a job in the outbox. Call inside the same db transaction as the change that causes it; the job is
   * handed to the backend after commit (call `kick()` after the transaction, or rely on the sweep).
   */
  stage<N extends JobName>(tx: Db, name: N, payload: JobPayloads[N], opts?: EnqueueOptions): Promise<void>
  /** stage + kick, for callers outside a transaction */
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts?: EnqueueOptions): Promise<void>
  /** hand staged outbox rows to the backend now */
  kick(): Promise<void>
  /** resolves when nothing is pending or running (tests, shutdown) */
  idle(): Promise<void>
  close(): Promise<void>
}

export interface StaffUser {
  id: number
  courtId: number
  username: string
  displayName: string
  role: Role
  /** the unit (body) the user belongs to; null for court-wide roles */
  bodyId: number | null
}

/** Sends a pushed message to a citizen on one channel (WeChat 客服 API, wechaty say, …). */
export interface OutboundSender {
  /** throw SuyuanError('UPSTREAM_FAILED') to have the job retried */
  send(citizenExternalId: string, text: string): Promise<void>
}

import type { UnitOfWork } from '../db/store.js'
export type { UnitOfWork }

export interface Runtime {
  config: Config
  db: Db
  uow: UnitOfWork
  /** false once the database is closed (timers stop) */
  isOpen(): boolean
  /** the default court: channels that do not name a court (one WeChat account, the terminal) go to it */
  courtId: number
  /** every court this process serves */
  courts: readonly { id: number; code: string; name: string }[]
  clock: Clock
  log: Logger
  jobs: JobQueue
  dialogue: Dialogue
  /** outbound senders by channel name; the web chat needs none (the page polls /api/chat/messages) */
  senders: Map<string, OutboundSender>
  close(): Promise<void>
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the auth hook on staff routes */
    staff?: StaffUser
  }
}
