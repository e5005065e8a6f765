// Staff accounts: scrypt password hashes, HMAC-signed bearer tokens (stateless; expiry inside the token).
import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Db } from '../client.js'
import { first } from '../query.js'
import { users, type Role } from '../schema/index.js'

export type UserRow = typeof users.$inferSelect

export function hashPassword(password: string): string {
  const salt = randomBytes(16)
  const hash = scryptSync(password, salt, 32)
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, saltHex, hashHex] = stored.split('$')
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false
  const expected = Buffer.from(hashHex, 'hex')
  const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), expected.length)
  return timingSafeEqual(actual, expected)
}

export function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return first(db.select().from(users).where(eq(users.username, username)))
}

export function getUser(db: Db, id: number): Promise<UserRow | undefined> {
  return first(db.select().from(users).where(eq(users.id, id)))
}

export async function upsertUser(
  db: Db,
  u: { courtId: number; username: string; password: string; displayName: string; role: Role; bodyId: number | null },
): Promise<UserRow> {
  const existing = await findUserByUsername(db, u.username)
  if (existing) return existing
  const [row] = await db
    .insert(users)
    .values({
      courtId: u.courtId,
      username: u.username,
      passwordHash: hashPassword(u.password),
      displayName: u.displayName,
      role: u.role,
      bodyId: u.bodyId,
    })
    .returning()
  return row!
}

export async function setPassword(db: Db, userId: number, password: string): Promise<void> {
  await db.update(users).set({ passwordHash: hashPassword(password) }).where(eq(users.id, userId))
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url')

/** token = base64url(json{uid, exp}) + '.' + hmac */
export function issueToken(secret: string, userId: number, now: Date, ttlMs = 12 * 3600_000): string {
  const body = b64url(JSON.stringify({ uid: userId, exp: now.getTime() + ttlMs }))
  const mac = createHmac('sha256', secret).update(body).digest('base64url')
  return `${body}.${mac}`
}

export function verifyToken(secret: string, token: string, now: Date): number | null {
  const [body, mac] = token.split('.')
  if (!body || !mac) return null
  const expected = createHmac('sha256', secret).update(body).digest('base64url')
  const a = Buffer.from(mac)
  const b = Buffer.from(expected)
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { uid?: unknown; exp?: unknown }
    if (typeof parsed.uid !== 'number' || typeof parsed.exp !== 'number' || parsed.exp < now.getTime()) return null
    return parsed.uid
  } catch {
    return null
  }
}
