// The web chat: POST /api/chat runs one dialogue turn; GET /api/chat/messages returns later pushes.
import type { FastifyInstance } from 'fastify'
import { SuyuanError } from '../../core/errors.js'
import { findCitizen, pushesAfter } from '../../db/repositories/citizens.js'
import type { Runtime } from '../types.js'

const USER_ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_\\-.:@]+$' } as const
const COURT = { type: 'string', minLength: 1, maxLength: 32, pattern: '^[a-z0-9-]+$' } as const

/**
 * The court a web chat message is for, and the citizen id under it. The default court keeps the plain id; another
 * court's citizens are `<code>/<userId>` ('/' cannot appear in a userId, so ids of two courts never meet).
 */
function webCitizen(rt: Runtime, userId: string, code: string | undefined): { courtId: number; externalId: string } {
  if (!code) return { courtId: rt.courtId, externalId: userId }
  const court = rt.courts.find((c) => c.code === code)
  if (!court) throw new SuyuanError('NOT_FOUND', '没有找到这个法院，请检查链接是否完整')
  return court.id === rt.courtId ? { courtId: court.id, externalId: userId } : { courtId: court.id, externalId: `${court.code}/${userId}` }
}

export default async function chatRoutes(app: FastifyInstance, opts: { rt: Runtime }) {
  const { rt } = opts
  app.post(
    '/api/chat',
    {
      schema: {
        body: {
          type: 'object',
          required: ['userId', 'text'],
          properties: { userId: USER_ID, text: { type: 'string', maxLength: 4000 }, court: COURT },
        },
      },
    },
    async (req) => {
      const { userId, text, court } = req.body as { userId: string; text: string; court?: string }
      const who = webCitizen(rt, userId, court)
      return rt.dialogue.handle({ channel: 'web', userId: who.externalId, text, courtId: who.courtId })
    },
  )

  app.get(
    '/api/chat/messages',
    {
      schema: {
        querystring: {
          type: 'object',
          required: ['userId'],
          properties: { userId: USER_ID, after: { type: 'integer', minimum: 0, default: 0 }, court: COURT },
        },
      },
    },
    async (req) => {
      const { userId, after, court } = req.query as { userId: string; after: number; court?: string }
      const citizen = await findCitizen(rt.db, 'web', webCitizen(rt, userId, court).externalId)
      if (!citizen) return { items: [] }
      const items = await pushesAfter(rt.db, citizen.id, after)
      return { items: items.map((m) => ({ id: m.id, text: m.text, createdAt: m.createdAt.toISOString() })) }
    },
  )

  // which courts this suyuan serves, for a court picker or an integration
  app.get('/api/courts', async () => ({ items: rt.courts.map((c) => ({ code: c.code, name: c.name })) }))

  // A citizen id is the only key the web chat has; refuse obviously bad ones with a clear reason.
  app.get('/api/chat', async () => {
    throw new SuyuanError('BAD_INPUT', '请用 POST 提交 {"userId","text"}')
  })
}
