// One citizen's turns across processes (bot/dialogue/manager.ts): two dialogue managers on two stores of one
// PostgreSQL database — two pools, as two processes have — take turns for the same citizen at once. With the
// turn lock (Store.exclusive) the turns run one after another, end to end, and every state write lands; without
// it (the control) they interleave between the intake and the answer unit, and the version check catches it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DialogueManager } from '../../bot/dialogue/manager.js'
import type { AnalysisLite, DialogueDeps } from '../../bot/dialogue/deps.js'
import { PROCESS_DIALECT } from '../../db/dialect.js'
import { openPgStore } from '../../db/pg/store.js'
import { courts } from '../../db/schema/index.js'
import { exclusive, type Store } from '../../db/store.js'
import { freshPgDatabase, type FreshPgDatabase } from '../support/pg.js'
import { one } from '../support/sql.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The dialogue's dependencies with an analyzer that takes a while and says where each turn is. */
function stubDeps(store: Store, courtId: number, trace: string[], errors: string[]): DialogueDeps {
  const none: AnalysisLite = { intent: 'consult', domain: 'other', risk: false, confidence: 0, decision: { kind: 'none' }, amount: null }
  return {
    db: store.db,
    uow: store.uow,
    courtId,
    courtName: '测试法院',
    now: () => new Date(),
    log: { info() {}, error: (_o, m) => void errors.push(m ?? '') },
    async analyze(text) {
      trace.push(`+${text}`)
      await sleep(60)
      trace.push(`-${text}`)
      return none
    },
    findRegion: () => null,
    regionExamples: '',
    answer: async () => null,
    relatedStatutes: async () => null,
    route: () => ({ kind: 'referral', target: '', contact: '', reason: '' }),
    deadlines: () => ({ acceptDueAt: null, resolveDueAt: null, acceptHours: 8 }),
    serviceContact: '12368',
    stageJob: async () => {},
    kickJobs() {},
  }
}

/** Analyzer windows of one citizen: true when two turns were inside at once. */
function overlapped(trace: string[]): boolean {
  let inside = 0
  for (const t of trace) {
    inside += t.startsWith('+') ? 1 : -1
    if (inside > 1) return true
  }
  return false
}

describe.skipIf(PROCESS_DIALECT !== 'pg')('per-citizen turn order across processes (PostgreSQL)', () => {
  let fresh: FreshPgDatabase
  let a: Store
  let b: Store
  let courtId: number
  beforeAll(async () => {
    fresh = await freshPgDatabase()
    a = await openPgStore(fresh.url, { max: 4 })
    b = await openPgStore(fresh.url, { max: 4 })
    courtId = (await a.uow.run((tx) => tx.insert(courts).values({ code: 'tl', name: '测试法院', caseCode: 'TL' }).returning()))[0]!.id
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
    await fresh?.drop()
  })

  async function storm(user: string, locked: boolean): Promise<{ trace: string[]; errors: string[]; version: number; lastText: string }> {
    const trace: string[] = []
    const errors: string[] = []
    const make = (s: Store) => new DialogueManager(stubDeps(s, courtId, trace, errors), locked ? { exclusive: (k, w) => exclusive(s, k, w) } : {})
    const [ma, mb] = [make(a), make(b)]
    const N = 8
    // all at once, alternating between the two "processes"
    await Promise.all(Array.from({ length: N }, (_, i) => (i % 2 ? mb : ma).handle({ channel: 'web', userId: user, text: `第${i}句` })))
    const row = (await one(a.db, 'select c.version, c.state from conversations c join citizens z on z.id = c.citizen_id where z.external_id = ?', user)) as {
      version: number
      state: string
    }
    return { trace, errors, version: row.version, lastText: (JSON.parse(row.state) as { lastText: string }).lastText }
  }

  it('with the turn lock: turns never overlap, every state write lands, the last turn is the state', async () => {
    const r = await storm('locked-citizen', true)
    expect(overlapped(r.trace)).toBe(false)
    expect(r.errors).toEqual([])
    expect(r.version).toBe(8)
    // the state is the one written by the turn that ran last
    expect(r.lastText).toBe(r.trace.at(-1)!.slice(1))
    const n = (await one(a.db, "select count(*) n from messages m join citizens z on z.id = m.citizen_id where z.external_id = ? and direction = 'out'", 'locked-citizen')) as { n: number }
    expect(n.n).toBe(8)
  })

  it('control, without it: turns interleave between their two units, and the version check reports it', async () => {
    const r = await storm('unlocked-citizen', false)
    expect(overlapped(r.trace)).toBe(true)
    expect(r.errors.some((e) => /state changed under this turn/.test(e))).toBe(true)
    expect(r.version).toBeLessThan(8)
  })
})
