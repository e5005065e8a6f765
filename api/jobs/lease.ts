// A duty one process of the cluster performs at a time (the SLA sweep and retention), on a lease in the database
// (db/repositories/leases.ts). The holder renews it every time it is about to do the duty; when the holder stops
// cleanly it gives the lease up, and when it dies another process takes over once the lease has expired.
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { releaseLease, tryHoldLease } from '../../db/repositories/leases.js'
import type { UnitOfWork } from '../types.js'

/** The lease name of the SLA sweep and retention. */
export const SWEEP_LEASE = 'sla-sweep'

export interface DutyLease {
  readonly name: string
  /** this runtime's holder id: host:pid:random */
  readonly holder: string
  readonly ttlMs: number
  /** claims or renews the lease; true when this runtime holds it now */
  hold(): Promise<boolean>
  /** until when the last successful hold() holds it (null: never held, or released) */
  heldUntil(): Date | null
  /** gives it up if it is ours (clean shutdown) */
  release(): Promise<void>
}

export const newHolderId = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`

/**
 * Leases are timed on the wall clock (not the runtime's business clock, which tests move): every process must
 * read the same time, to well within the TTL.
 */
export function dutyLease(store: { uow: UnitOfWork }, name: string, opts: { ttlMs: number; holder?: string; now?: () => Date }): DutyLease {
  const holder = opts.holder ?? newHolderId()
  const now = opts.now ?? (() => new Date())
  let until: Date | null = null
  return {
    name,
    holder,
    ttlMs: opts.ttlMs,
    async hold() {
      const at = now()
      const held = await tryHoldLease(store, name, holder, opts.ttlMs, at)
      // the stored expiry is computed from the time passed in, not from when the statement ran
      until = held ? new Date(at.getTime() + opts.ttlMs) : null
      return held
    },
    heldUntil: () => until,
    async release() {
      until = null
      await releaseLease(store, name, holder)
    },
  }
}
