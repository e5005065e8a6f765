// Staff authentication: POST /api/auth/login issues a bearer token; `requireStaff` guards staff routes and puts
// the user on request.staff. Every staff request is written to the append-only access log (PIPL).
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { SuyuanError } from '../core/errors.js'
import { getUser, findUserByUsername, issueToken, verifyPassword, verifyToken } from '../db/repositories/users.js'
import { accessLog } from '../db/schema/index.js'
import type { Runtime, StaffUser } from './types.js'

declare module 'fastify' {
  interface FastifyInstance {
    requireStaff: (req: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
}

export function registerAuth(app: FastifyInstance, rt: Runtime): void {
  // Without a configured secret, tokens live as long as this process.
  const secret = rt.config.tokenSecret ?? randomBytes(32).toString('hex')
  const logAccess = (e: { userId: number | null; action: string; target: string; ip: string }) => {
    const at = rt.clock.now()
    return rt.uow.run(async (tx) => {
      await tx.insert(accessLog).values({ at, ...e })
    })
  }

  app.decorate('requireStaff', async (req: FastifyRequest) => {
    const h = req.headers.authorization ?? ''
    const m = h.match(/^Bearer\s+(\S+)$/i)
    if (!m?.[1]) throw new SuyuanError('UNAUTHENTICATED', '请先登录')
    const uid = verifyToken(secret, m[1], rt.clock.now())
    const user = uid == null ? undefined : await getUser(rt.db, uid)
    if (!user || !user.active) throw new SuyuanError('UNAUTHENTICATED', '登录已失效，请重新登录')
    const staff: StaffUser = {
      id: user.id,
      courtId: user.courtId,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      bodyId: user.bodyId,
    }
    req.staff = staff
    await logAccess({ userId: user.id, action: `${req.method} ${req.routeOptions.url ?? req.url}`, target: req.url.slice(0, 200), ip: req.ip })
  })

  app.post(
    '/api/auth/login',
    {
      schema: {
        body: {
          type: 'object',
          required: ['username', 'password'],
          properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
        },
      },
    },
    async (req) => {
      const { username, password } = req.body as { username: string; password: string }
      const user = await findUserByUsername(rt.db, username)
      if (!user || !user.active || !verifyPassword(password, user.passwordHash)) {
        await logAccess({ userId: null, action: 'login_failed', target: '', ip: req.ip })
        throw new SuyuanError('UNAUTHENTICATED', '用户名或密码不正确')
      }
      await logAccess({ userId: user.id, action: 'login', target: '', ip: req.ip })
      return {
        token: issueToken(secret, user.id, rt.clock.now()),
        user: { username: user.username, displayName: user.displayName, role: user.role, bodyId: user.bodyId },
      }
    },
  )
}

export function requireStaffUser(req: FastifyRequest): StaffUser {
  if (!req.staff) throw new SuyuanError('UNAUTHENTICATED', '请先登录')
  return req.staff
}
