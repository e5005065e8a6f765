// The demo courts of content/courts/index.json (示例县人民法院 first), each with its directory, staff
// accounts (content/courts/<folder>/staff.json) and the 以案释法 knowledge base (content/kb).
// Idempotent: runs at every start and only fills what is missing; what staff edited in the database stays.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import type { Db } from '../client.js'
import { findUserByUsername, setPassword, upsertUser } from '../repositories/users.js'
import { courts } from '../schema/index.js'
import type { Role } from '../schema/shared.js'
import { CONTENT_DIR, demoPassword, loadContent, type DemoContent } from './content.js'
import { demoBodyId, demoContent, seedDirectory } from './directory.js'
import { KB_CONTENT_DIR } from './kb/files.js'
import { seedKb } from './kb/index.js'

export { demoPassword } from './content.js'

export interface DemoUser {
  /** code of the court the account belongs to */
  court: string
  username: string
  /** computed: `<username>-demo` (demo only; change before real use) */
  password: string
  displayName: string
  role: Role
  body: string | null
}

/** Every court's demo staff with their computed passwords (the first court's first). */
export const DEMO_USERS: readonly DemoUser[] = demoContent().courts.flatMap((c) =>
  c.staff.map((s) => ({ court: c.court.code, username: s.username, password: demoPassword(s.username), displayName: s.displayName, role: s.role, body: s.body })),
)

export interface SeedResult {
  /** the first court's id (the court the runtime serves) */
  courtId: number
  /** set when the admin account was created now without a configured password */
  generatedAdminPassword: string | null
  /** every seeded court's id by code */
  courtIds: Record<string, number>
}

export interface SeedOptions {
  adminPassword?: string
  /** another content folder (tests); default the repository's content/ */
  contentDir?: string
}

export async function seedDemo(db: Db, opts: SeedOptions = {}): Promise<SeedResult> {
  const content: DemoContent = opts.contentDir === undefined || opts.contentDir === CONTENT_DIR ? demoContent() : loadContent(opts.contentDir)
  const kbDir = opts.contentDir === undefined ? KB_CONTENT_DIR : join(opts.contentDir, 'kb')
  const courtIds: Record<string, number> = {}
  let generatedAdminPassword: string | null = null
  for (const [i, c] of content.courts.entries()) {
    let [court] = await db.select().from(courts).where(eq(courts.code, c.court.code))
    if (!court) [court] = await db.insert(courts).values({ code: c.court.code, name: c.court.name, caseCode: c.court.caseCode }).returning()
    if (!court) throw new Error(`demo court ${c.court.code} could not be created`)
    const courtId = court.id
    courtIds[c.court.code] = courtId
    await seedDirectory(db, courtId, c, content.calendar)

    if (i === 0) {
      const admin = await findUserByUsername(db, 'admin')
      if (!admin) {
        const password = opts.adminPassword ?? (generatedAdminPassword = randomBytes(9).toString('base64url'))
        await upsertUser(db, { courtId, username: 'admin', password, displayName: '系统管理员', role: 'admin', bodyId: null })
      } else if (opts.adminPassword) {
        await setPassword(db, admin.id, opts.adminPassword)
      }
    }
    for (const u of c.staff) {
      // an existing account is left as it is (upsertUser does not touch it), so skip the body lookup too
      if (await findUserByUsername(db, u.username)) continue
      await upsertUser(db, {
        courtId,
        username: u.username,
        password: demoPassword(u.username),
        displayName: u.displayName,
        role: u.role,
        bodyId: u.body ? await demoBodyId(db, courtId, u.body) : null,
      })
    }
    await seedKb(db, courtId, kbDir)
  }
  const first = content.courts[0]
  if (!first) throw new Error('content/courts/index.json lists no court')
  return { courtId: courtIds[first.court.code]!, generatedAdminPassword, courtIds }
}
