// Citizens are known by (channel, external id) only.
import { and, asc, eq, gt } from 'drizzle-orm'
import type { Db } from '../client.js'
import { citizens, conversations, messages } from '../schema/index.js'

export type CitizenRow = typeof citizens.$inferSelect

export function getOrCreateCitizen(db: Db, channel: string, externalId: string, now: Date): CitizenRow {
  const found = db
    .select()
    .from(citizens)
    .where(and(eq(citizens.channel, channel), eq(citizens.externalId, externalId)))
    .get()
  if (found) {
    db.update(citizens).set({ lastInboundAt: now }).where(eq(citizens.id, found.id)).run()
    return { ...found, lastInboundAt: now }
  }
  return db
    .insert(citizens)
    .values({ channel, externalId, lastInboundAt: now })
    .onConflictDoUpdate({ target: [citizens.channel, citizens.externalId], set: { lastInboundAt: now } })
    .returning()
    .get()
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
  const row = db.select().from(conversations).where(eq(conversations.citizenId, citizenId)).get()
  return row ? { state: row.state, version: row.version } : undefined
}

export function saveConversation(db: Db, citizenId: number, state: Record<string, unknown>, now: Date): void {
  db.insert(conversations)
    .values({ citizenId, state, version: 1, updatedAt: now })
    .onConflictDoUpdate({
      target: conversations.citizenId,
      set: { state, updatedAt: now, version: sqlIncrement() },
    })
    .run()
}

import { sql } from 'drizzle-orm'
const sqlIncrement = () => sql`${conversations.version} + 1`

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
  return db
    .insert(messages)
    .values({
      citizenId: m.citizenId,
      direction: m.direction,
      kind: m.kind ?? 'reply',
      channel: m.channel,
      text: m.text,
      dedupKey: m.dedupKey ?? null,
      ticketId: m.ticketId ?? null,
      replyToId: m.replyToId ?? null,
      createdAt: m.now,
    })
    .returning()
    .get()
}

export function findInboundByDedupKey(db: Db, dedupKey: string): MessageRow | undefined {
  return db.select().from(messages).where(eq(messages.dedupKey, dedupKey)).get()
}

export function repliesTo(db: Db, inboundId: number): MessageRow[] {
  return db.select().from(messages).where(eq(messages.replyToId, inboundId)).orderBy(asc(messages.id)).all()
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
