// GET /api/stats: the dashboard numbers for the user's scope (unit staff: their unit; leaders: the court).
import type { FastifyInstance } from 'fastify'
import { SuyuanError } from '../../core/errors.js'
import { ticketStats } from '../../db/repositories/stats.js'
import { requireStaffUser } from '../auth.js'
import type { Runtime } from '../types.js'

const parseDate = (s: string | undefined, label: string): Date | undefined => {
  if (s === undefined || s === '') return undefined
  const d = new Date(s)
  if (Number.isNaN(d.getTime())) throw new SuyuanError('BAD_INPUT', `${label}日期格式不正确，应为 2026-03-01`)
  return d
}

export default async function statsRoutes(app: FastifyInstance, opts: { rt: Runtime }) {
  const { rt } = opts
  app.addHook('preHandler', app.requireStaff)

  app.get(
    '/api/stats',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { from: { type: 'string', maxLength: 40 }, to: { type: 'string', maxLength: 40 } },
        },
      },
    },
    async (req) => {
      const staff = requireStaffUser(req)
      const q = req.query as { from?: string; to?: string }
      return ticketStats(rt.db, staff, rt.clock.now(), { from: parseDate(q.from, '开始'), to: parseDate(q.to, '结束') })
    },
  )
}
