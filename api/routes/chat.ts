// The web chat: POST /api/chat runs one dialogue turn; GET /api/chat/messages returns later pushes.
import type { FastifyInstance } from 'fastify'
import { SuyuanError } from '../../core/errors.js'
import { findCitizen, pushesAfter } from '../../db/repositories/citizens.js'
import type { Runtime } from '../types.js'

const USER_ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_\\-.:@]+$' } as const

export default async function chatRoutes(app: FastifyInstance, opts: { rt: Runtime }) {
  const { rt } = opts
  app.post(
    '/api/chat',
    {
      schema: {
        body: {
          type: 'object',
          required: ['userId', 'text'],
          properties: { userId: USER_ID, text: { type: 'string', maxLength: 4000 } },
        },
      },
    },
    async (req) => {
      const { userId, text } = req.body as { userId: string; text: string }
      return rt.dialogue.handle({ channel: 'web', userId, text })
    },
  )

  app.get(
    '/api/chat/messages',
    {
      schema: {
        querystring: {
          type: 'object',
          required: ['userId'],
          properties: { userId: USER_ID, after: { type: 'integer', minimum: 0, default: 0 } },
        },
      },
    },
    async (req) => {
      const { userId, after } = req.query as { userId: string; after: number }
      const citizen = await findCitizen(rt.db, 'web', userId)
      if (!citizen) return { items: [] }
      const items = await pushesAfter(rt.db, citizen.id, after)
      return { items: items.map((m) => ({ id: m.id, text: m.text, createdAt: m.createdAt.toISOString() })) }
    },
  )

  // A citizen id is the only key the web chat has; refuse obviously bad ones with a clear reason.
  app.get('/api/chat', async () => {
    throw new SuyuanError('BAD_INPUT', '请用 POST 提交 {"userId","text"}')
  })
}
