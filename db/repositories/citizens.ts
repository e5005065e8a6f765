// Citizens are known by (channel, external id) only.
import { and, asc, eq, gt, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { first } from '../query.js'
import { citizens, conversations, messages } from '../schema/index.js'

export type CitizenRow = typeof citizens.$inferSelect

/** The citizen of a channel id, created on first contact; records the time of this inbound message. */
/** The citizen behind a channel id; a new one belongs to `courtId` (the court they wrote to) from then on. */
export async function getOrCreateCitizen(db: Db, channel: string, externalId: string, now: Date, courtId: number | null = null): Promise<CitizenRow> {
  const rows = await db
    .insert(citizens)
    .values({ channel, externalId, courtId, lastInboundAt: now, createdAt: now })
    .onConflictDoUpdate({ target: [citizens.channel, citizens.externalId], set: { lastInboundAt: now } })
    .returning()
  return rows[0]!
}

export function findCitizen(db: Db, channel: string, externalId: string): Promise<CitizenRow | undefined> {
  return first(
    db
      .select()
      .from(citizens)
      .where(and(eq(citizens.channel, channel), eq(citizens.externalId, externalId))),
  )
}

export function getCitizen(db: Db, id: number): Promise<CitizenRow | undefined> {
  return first(db.select().from(citizens).where(eq(citizens.id, id)))
}

export interface StoredState {
  state: Record<string, unknown>
  version: number
}

export function loadConversation(db: Db, citizenId: number): Promise<StoredState | undefined> {
  return first(
    db.select({ state: conversations.state, version: conversations.version }).from(conversations).where(eq(conversations.citizenId, citizenId)),
  )
}

export async function saveConversation(db: Db, citizenId: number, state: Record<string, unknown>, now: Date): Promise<void> {
  await db
    .insert(conversations)
    .values({ citizenId, state, version: 1, updatedAt: now })
    .onConflictDoUpdate({
      target: conversations.citizenId,
      set: { state, updatedAt: now, version: sql`${conversations.version} + 1` },
    })
}

/**
 * Compare-and-set on conversations.version: writes `state` only if the stored version is still `expected` (null:
 * no row yet). Returns false when someone else wrote the citizen's state since it was read.
 */
export async function saveConversationIf(db: Db, citizenId: number, state: Record<string, unknown>, expected: number | null, now: Date): Promise<boolean> {
  if (expected === null) {
    const r = await db
      .insert(conversations)
      .values({ citizenId, state, version: 1, updatedAt: now })
      .onConflictDoNothing({ target: conversations.citizenId })
      .returning({ id: conversations.id })
    return r.length === 1
  }
  const r = await db
    .update(conversations)
    .set({ state, updatedAt: now, version: sql`${conversations.version} + 1` })
    .where(and(eq(conversations.citizenId, citizenId), eq(conversations.version, expected)))
    .returning({ id: conversations.id })
  return r.length === 1
}

export type MessageRow = typeof messages.$inferSelect

export async function recordMessage(
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
): Promise<MessageRow> {
  const rows = await db
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
  return rows[0]!
}

export function findInboundByDedupKey(db: Db, dedupKey: string): Promise<MessageRow | undefined> {
  return first(db.select().from(messages).where(eq(messages.dedupKey, dedupKey)))
}

export function repliesTo(db: Db, inboundId: number): Promise<MessageRow[]> {
  return db.select().from(messages).where(eq(messages.replyToId, inboundId)).orderBy(asc(messages.id))
}

/** Pushed messages for a citizen after a given id (the web chat polls these). */
export function pushesAfter(db: Db, citizenId: number, afterId: number, limit = 50): Promise<MessageRow[]> {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.citizenId, citizenId), eq(messages.kind, 'push'), gt(messages.id, afterId)))
    .orderBy(asc(messages.id))
    .limit(limit)
}
