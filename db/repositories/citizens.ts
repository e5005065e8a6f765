// Citizens are known by (channel, external id) only.
import type Database from 'better-sqlite3'
import { and, asc, eq, gt } from 'drizzle-orm'
import type { Db } from '../client.js'
import { citizens, messages } from '../schema/index.js'

export type CitizenRow = typeof citizens.$inferSelect

export function getOrCreateCitizen(db: Db, channel: string, externalId: string, now: Date): CitizenRow {
  const h = hot(db)
  const found = h.citizenByExternal.get(channel, externalId) as RawCitizen | undefined
  if (found) {
    h.touchCitizen.run(now.getTime(), found.id)
    return { ...citizenRow(found), lastInboundAt: now }
  }
  return citizenRow(h.insertCitizen.get(channel, externalId, now.getTime(), now.getTime()) as RawCitizen)
}

export function findCitizen(db: Db, channel: string, externalId: string): CitizenRow | undefined {
  return db
    .select()
    .from(citizens)
    .where(and(eq(citizens.channel, channel), eq(citizens.externalId, externalId)))
    .get()
}

export function getCitizen(db: Db, id: number): CitizenRow | undefined {
  return db.select().from(citizens).where(eq(citizens.id, id)).get()
}

export interface StoredState {
  state: Record<string, unknown>
  version: number
}

export function loadConversation(db: Db, citizenId: number): StoredState | undefined {
  const row = hot(db).conversationOf.get(citizenId) as { state: string; version: number } | undefined
  return row ? { state: JSON.parse(row.state) as Record<string, unknown>, version: row.version } : undefined
}

export function saveConversation(db: Db, citizenId: number, state: Record<string, unknown>, now: Date): void {
  hot(db).saveConversation.run({ citizenId, state: JSON.stringify(state), now: now.getTime() })
}

export type MessageRow = typeof messages.$inferSelect

export function recordMessage(
  db: Db,
  m: {
    citizenId: number
    direction: 'in' | 'out'
    kind?: 'reply' | 'push'
    channel: string
    text: string
    dedupKey?: string | null
    ticketId?: number | null
    replyToId?: number | null
    now: Date
  },
): MessageRow {
  const raw = hot(db).insertMessage.get(
    m.citizenId,
    m.direction,
    m.kind ?? 'reply',
    m.channel,
    m.text,
    m.dedupKey ?? null,
    m.ticketId ?? null,
    m.replyToId ?? null,
    m.now.getTime(),
  ) as RawMessage
  return messageRow(raw)
}

export function findInboundByDedupKey(db: Db, dedupKey: string): MessageRow | undefined {
  const raw = hot(db).messageByDedupKey.get(dedupKey) as RawMessage | undefined
  return raw ? messageRow(raw) : undefined
}

export function repliesTo(db: Db, inboundId: number): MessageRow[] {
  return (hot(db).repliesTo.all(inboundId) as RawMessage[]).map(messageRow)
}

/** Pushed messages for a citizen after a given id (the web chat polls these). */
export function pushesAfter(db: Db, citizenId: number, afterId: number, limit = 50): MessageRow[] {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.citizenId, citizenId), eq(messages.kind, 'push'), gt(messages.id, afterId)))
    .orderBy(asc(messages.id))
    .limit(limit)
    .all()
}

// ---- the dialogue's hot path: statements prepared once per connection ----
// Every turn runs these; drizzle builds and prepares its SQL anew each call, which cost more than the queries.

interface RawCitizen {
  id: number
  channel: string
  external_id: string
  created_at: number
  last_inbound_at: number | null
  unsubscribed_at: number | null
}

interface RawMessage {
  id: number
  citizen_id: number
  direction: 'in' | 'out'
  kind: 'reply' | 'push'
  channel: string
  dedup_key: string | null
  text: string
  ticket_id: number | null
  reply_to_id: number | null
  created_at: number
  delivered_at: number | null
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms))

const citizenRow = (r: RawCitizen): CitizenRow => ({
  id: r.id,
  channel: r.channel,
  externalId: r.external_id,
  createdAt: new Date(r.created_at),
  lastInboundAt: date(r.last_inbound_at),
  unsubscribedAt: date(r.unsubscribed_at),
})

const messageRow = (r: RawMessage): MessageRow => ({
  id: r.id,
  citizenId: r.citizen_id,
  direction: r.direction,
  kind: r.kind,
  channel: r.channel,
  dedupKey: r.dedup_key,
  text: r.text,
  ticketId: r.ticket_id,
  replyToId: r.reply_to_id,
  createdAt: new Date(r.created_at),
  deliveredAt: date(r.delivered_at),
})

const MESSAGE_COLUMNS = 'id, citizen_id, direction, kind, channel, dedup_key, text, ticket_id, reply_to_id, created_at, delivered_at'

function prepareHot(client: Database.Database) {
  return {
    citizenByExternal: client.prepare('SELECT * FROM citizens WHERE channel = ? AND external_id = ?'),
    touchCitizen: client.prepare('UPDATE citizens SET last_inbound_at = ? WHERE id = ?'),
    insertCitizen: client.prepare(
      `INSERT INTO citizens (channel, external_id, last_inbound_at) VALUES (?, ?, ?)
       ON CONFLICT (channel, external_id) DO UPDATE SET last_inbound_at = ? RETURNING *`,
    ),
    conversationOf: client.prepare('SELECT state, version FROM conversations WHERE citizen_id = ?'),
    saveConversation: client.prepare(
      `INSERT INTO conversations (citizen_id, state, version, updated_at) VALUES (@citizenId, @state, 1, @now)
       ON CONFLICT (citizen_id) DO UPDATE SET state = @state, updated_at = @now, version = version + 1`,
    ),
    insertMessage: client.prepare(
      `INSERT INTO messages (citizen_id, direction, kind, channel, text, dedup_key, ticket_id, reply_to_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${MESSAGE_COLUMNS}`,
    ),
    messageByDedupKey: client.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE dedup_key = ?`),
    repliesTo: client.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE reply_to_id = ? ORDER BY id`),
  }
}

type Hot = ReturnType<typeof prepareHot>
const hotByClient = new WeakMap<Database.Database, Hot>()

/** the connection under a database or transaction handle (drizzle's transactions share their session's client) */
const clientOf = (db: Db): Database.Database =>
  (db as unknown as { session: { client: Database.Database } }).session.client

function hot(db: Db): Hot {
  const client = clientOf(db)
  let h = hotByClient.get(client)
  if (!h) {
    h = prepareHot(client)
    hotByClient.set(client, h)
  }
  return h
}
