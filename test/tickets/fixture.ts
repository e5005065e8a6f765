// A small court for the lifecycle tests: migrated in-memory SQLite, the real in-process job queue and a clock
// the test moves. Rows are inserted here so these tests do not depend on the demo seed.
import { bareRuntime } from '../support/bare-runtime.js'
import { loadConfig } from '../../core/config.js'
import { testStore } from '../support/store.js'
import { bodies, citizens, courts, users, type Role } from '../../db/schema/index.js'
import { insertTicket, type TicketRow } from '../../db/repositories/tickets.js'
import { hashPassword } from '../../db/repositories/users.js'
import { randomUUID } from 'node:crypto'
import { InProcessQueue } from '../../api/jobs/in-process.js'
import { BullQueue } from '../../api/jobs/bullmq.js'
import { registerAllJobs } from '../../api/jobs/register.js'
import { applyCommand, type ActionResult } from '../../db/repositories/ticket-actions.js'
import { getTicketByNumber } from '../../db/repositories/tickets.js'
import type { Logger, Runtime, StaffUser } from '../../api/types.js'

/** every fixture user has this password */
export const PASSWORD = 'pw-test'
const PASSWORD_HASH = hashPassword(PASSWORD)
const silent: Logger = { info() {}, warn() {}, error() {}, debug() {} }

export interface Court {
  rt: Runtime
  clock: { t: Date; now(): Date; advance(ms: number): void }
  body: Record<'cg' | 'wuye' | 'lian' | 'other', number>
  staff: Record<'h1' | 'h2' | 'hwuye' | 'hlian' | 'leader' | 'unitLeader' | 'editor', StaffUser>
  citizenId: number
  newTicket(over?: Partial<Parameters<typeof insertTicket>[1]>): Promise<TicketRow>
  /** the citizen rates a ticket through the state machine */
  rate(number: string, rating: number, comment?: string, citizenId?: number): Promise<ActionResult>
  close(): Promise<void>
}

/** `redis: true` runs jobs through bullmq on the local Redis (unique key prefix per court). */
export async function makeCourt(start = new Date('2026-03-10T01:00:00Z'), opts: { redis?: boolean } = {}): Promise<Court> {
  const store = await testStore()
  const db = store.db
  const clock = {
    t: start,
    now() {
      return this.t
    },
    advance(ms: number) {
      this.t = new Date(this.t.getTime() + ms)
    },
  }
  const [court] = await db.insert(courts).values({ code: 'demo', name: '示例县人民法院' }).returning()
  if (!court) throw new Error('no court')
  const mk = async (code: string, name: string, kind: 'mediation' | 'court_queue', extra: Partial<typeof bodies.$inferInsert> = {}) =>
    (await db.insert(bodies).values({ courtId: court.id, code, name, kind, ...extra }).returning())[0]!.id
  const body = {
    cg: await mk('cityguan-tiaojie', '城关镇人民调解委员会', 'mediation', { acceptHours: 8, resolveDays: 15 }),
    wuye: await mk('wuye-tiaojie', '物业纠纷联合调解室', 'mediation', { acceptHours: 4, resolveDays: 10 }),
    lian: await mk('lian-ting', '立案庭', 'court_queue', { intents: ['filing'] }),
    other: await mk('xiaoxie', '消费者协会', 'mediation'),
  }
  const mkUser = async (username: string, role: Role, bodyId: number | null): Promise<StaffUser> => {
    const [u] = await db
      .insert(users)
      .values({ courtId: court.id, username, passwordHash: PASSWORD_HASH, displayName: username, role, bodyId })
      .returning()
    if (!u) throw new Error('no user')
    return { id: u.id, courtId: court.id, username, displayName: username, role, bodyId }
  }
  const staff = {
    h1: await mkUser('h1', 'handler', body.cg),
    h2: await mkUser('h2', 'handler', body.other),
    hwuye: await mkUser('hwuye', 'handler', body.wuye),
    hlian: await mkUser('hlian', 'handler', body.lian),
    leader: await mkUser('leader', 'duty_leader', null),
    unitLeader: await mkUser('cgleader', 'unit_leader', body.cg),
    editor: await mkUser('editor', 'kb_editor', null),
  }
  const citizenId = (await db.insert(citizens).values({ channel: 'web', externalId: 'web-user-1' }).returning())[0]!.id
  const jobs = opts.redis
    ? new BullQueue(db, store.uow, clock, silent, { redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `h6-${randomUUID().slice(0, 8)}`, sweepMs: 200 })
    : new InProcessQueue(db, store.uow, clock, silent)
  const rt = bareRuntime({
    store,
    config: loadConfig({ SUYUAN_DB: ':memory:' }),
    courtId: court.id,
    clock,
    log: silent,
    jobs,
    beforeClose: async () => {
      if (jobs instanceof BullQueue) await jobs.obliterate()
    },
  })
  registerAllJobs(rt)
  if (jobs instanceof BullQueue) jobs.start()
  const newTicket: Court['newTicket'] = (over = {}) =>
    store.uow.run((tx) => insertTicket(
      tx,
      {
        courtId: court.id,
        citizenId,
        channel: 'web',
        source: 'web_chat',
        intent: 'dispute',
        domain: 'neighbor',
        regionId: null,
        place: '城关镇红旗路',
        summary: '邻居装修噪音扰民',
        facts: '楼上邻居每天晚上十点后装修，协商无果。',
        contactPhone: '13812345678',
        consentAt: clock.now(),
        risk: false,
        priority: 0,
        flags: {},
        bodyId: body.cg,
        routingReason: '相邻纠纷，发生在城关镇 → 城关镇人民调解委员会',
        acceptDueAt: null,
        resolveDueAt: null,
        intakeKey: null,
        ...over,
      },
      { type: 'citizen', id: citizenId },
      clock.now(),
    ))
  const rate: Court['rate'] = async (number, rating, comment, who = citizenId) =>
    applyCommand(rt, (await getTicketByNumber(db, court.id, number))!.id, { type: 'rate', rating, comment }, { type: 'citizen', id: who })
  return { rt, clock, body, staff, citizenId, newTicket, rate, close: () => rt.close() }
}
