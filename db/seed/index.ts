// The demo court: 示例县人民法院 with its directory, staff accounts and 以案释法 knowledge base.
// Idempotent: runs at every start and only fills what is missing.
import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Db } from '../client.js'
import { findUserByUsername, setPassword, upsertUser } from '../repositories/users.js'
import { courts } from '../schema/index.js'
import { DEMO_BODY_CODES, DEMO_COURT, demoBodyId, seedDirectory } from './directory.js'
import { seedKb } from './kb/index.js'

/** Demo staff. Handlers' passwords are for the demo only; change them before real use. */
export const DEMO_USERS = [
  { username: 'handler1', password: 'handler1-demo', displayName: '城关镇调委会 李调解员', role: 'handler', body: DEMO_BODY_CODES.chengguanTiaojie },
  { username: 'handler2', password: 'handler2-demo', displayName: '立案庭 王书记员', role: 'handler', body: DEMO_BODY_CODES.lianTing },
  { username: 'leader1', password: 'leader1-demo', displayName: '城关镇调委会 赵主任', role: 'unit_leader', body: DEMO_BODY_CODES.chengguanTiaojie },
  { username: 'duty', password: 'duty-demo', displayName: '院值班领导 陈副院长', role: 'duty_leader', body: null },
  { username: 'editor', password: 'editor-demo', displayName: '研究室 知识库编辑', role: 'kb_editor', body: null },
] as const

export interface SeedResult {
  courtId: number
  /** set when the admin account was created now without a configured password */
  generatedAdminPassword: string | null
}

export async function seedDemo(db: Db, opts: { adminPassword?: string } = {}): Promise<SeedResult> {
  let [court] = await db.select().from(courts).where(eq(courts.code, DEMO_COURT.code))
  if (!court) [court] = await db.insert(courts).values({ ...DEMO_COURT }).returning()
  if (!court) throw new Error('demo court could not be created')
  const courtId = court.id
  await seedDirectory(db, courtId)

  let generatedAdminPassword: string | null = null
  const admin = await findUserByUsername(db, 'admin')
  if (!admin) {
    const password = opts.adminPassword ?? (generatedAdminPassword = randomBytes(9).toString('base64url'))
    await upsertUser(db, { courtId, username: 'admin', password, displayName: '系统管理员', role: 'admin', bodyId: null })
  } else if (opts.adminPassword) {
    await setPassword(db, admin.id, opts.adminPassword)
  }
  for (const u of DEMO_USERS) {
    await upsertUser(db, {
      courtId,
      username: u.username,
      password: u.password,
      displayName: u.displayName,
      role: u.role,
      bodyId: u.body ? await demoBodyId(db, courtId, u.body) : null,
    })
  }
  await seedKb(db, courtId)
  return { courtId, generatedAdminPassword }
}
