// The leases table (db/repositories/leases.ts) on this run's backend: claim, renew, refuse while held, take over
// after expiry, release; and one winner among concurrent claims.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getLease, releaseLease, tryHoldLease } from '../../db/repositories/leases.js'
import type { Store } from '../../db/store.js'
import { testStore } from '../support/store.js'

const T0 = new Date('2026-03-02T01:00:00Z')
const at = (ms: number) => new Date(T0.getTime() + ms)

describe('leases', () => {
  let store: Store
  beforeEach(async () => {
    store = await testStore()
  })
  afterEach(async () => {
    await store.close()
  })

  it('claim, renew, refuse while held, take over after expiry, release', async () => {
    const cases: { who: string; now: number; ttl?: number; held: boolean; holder: string; expires: number }[] = [
      // a free lease is claimed
      { who: 'A', now: 0, held: true, holder: 'A', expires: 1000 },
      // the holder renews it before it runs out
      { who: 'A', now: 600, held: true, holder: 'A', expires: 1600 },
      // another process is refused while it runs, and does not move it
      { who: 'B', now: 900, held: false, holder: 'A', expires: 1600 },
      // … even at the very instant it expires (expires_at < now is needed)
      { who: 'B', now: 1600, held: false, holder: 'A', expires: 1600 },
      // once expired, the other takes it over
      { who: 'B', now: 1601, held: true, holder: 'B', expires: 2601 },
      // and the old holder is refused
      { who: 'A', now: 1700, held: false, holder: 'B', expires: 2601 },
      // a longer TTL is stored as given
      { who: 'B', now: 2000, ttl: 5000, held: true, holder: 'B', expires: 7000 },
    ]
    for (const c of cases) {
      const held = await tryHoldLease(store, 'sla-sweep', c.who, c.ttl ?? 1000, at(c.now))
      expect(held, `${c.who} at +${c.now}`).toBe(c.held)
      const row = await getLease(store.db, 'sla-sweep')
      expect(row?.holder, `${c.who} at +${c.now}`).toBe(c.holder)
      expect(row?.expiresAt.getTime(), `${c.who} at +${c.now}`).toBe(at(c.expires).getTime())
    }
    // only the holder can release it; then anyone may claim it at once
    expect(await releaseLease(store, 'sla-sweep', 'A')).toBe(false)
    expect(await releaseLease(store, 'sla-sweep', 'B')).toBe(true)
    expect(await getLease(store.db, 'sla-sweep')).toBeUndefined()
    expect(await tryHoldLease(store, 'sla-sweep', 'A', 1000, at(2100))).toBe(true)
  })

  it('leases are independent by name', async () => {
    expect(await tryHoldLease(store, 'one', 'A', 1000, T0)).toBe(true)
    expect(await tryHoldLease(store, 'two', 'B', 1000, T0)).toBe(true)
    expect(await tryHoldLease(store, 'one', 'B', 1000, T0)).toBe(false)
    expect(await tryHoldLease(store, 'two', 'A', 1000, T0)).toBe(false)
  })

  it('concurrent claims: exactly one winner, on a free lease and on an expired one', async () => {
    const holders = Array.from({ length: 12 }, (_, i) => `p${i}`)
    const first = await Promise.all(holders.map((h) => tryHoldLease(store, 'race', h, 1000, T0)))
    expect(first.filter(Boolean)).toHaveLength(1)
    const winner = holders[first.indexOf(true)]
    expect((await getLease(store.db, 'race'))?.holder).toBe(winner)
    const later = await Promise.all(holders.map((h) => tryHoldLease(store, 'race', h, 1000, at(5000))))
    expect(later.filter(Boolean)).toHaveLength(1)
    expect((await getLease(store.db, 'race'))?.holder).toBe(holders[later.indexOf(true)])
  })
})
