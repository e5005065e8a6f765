// Handlers see tickets through these routes, scoped to their unit (admin and duty leader: the whole court).
import type { FastifyInstance } from 'fastify'
import { SuyuanError } from '../../core/errors.js'
import { TICKET_NUMBER_RE } from '../../core/ticket-number.js'
import { citizenTickets, getTicketByNumber, inScope, listTickets, ticketToJson } from '../../db/repositories/tickets.js'
import { requireStaffUser } from '../auth.js'
import type { Runtime } from '../types.js'

const csv = (v: unknown) =>
  typeof v === 'string' && v.length ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined

export default async function ticketRoutes(app: FastifyInstance, opts: { rt: Runtime }) {
  const { rt } = opts
  app.addHook('preHandler', app.requireStaff)

  app.get(
    '/api/tickets',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', maxLength: 200 },
            domain: { type: 'string', maxLength: 400 },
            overdue: { type: 'boolean' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
      },
    },
    async (req) => {
      const staff = requireStaffUser(req)
      const q = req.query as { status?: string; domain?: string; overdue?: boolean; limit: number; offset: number }
      const rows = await listTickets(
        rt.db,
        staff,
        { status: csv(q.status), domain: csv(q.domain), overdue: q.overdue, limit: q.limit, offset: q.offset },
        rt.clock.now(),
      )
      return { items: await Promise.all(rows.map((t) => ticketToJson(rt.db, t))) }
    },
  )

  app.get(
    '/api/citizens/:id/tickets',
    { schema: { params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } } },
    async (req) => {
      const staff = requireStaffUser(req)
      const { id } = req.params as { id: number }
      const rows = await citizenTickets(rt.db, staff, id)
      return { citizenId: id, count: rows.length, items: await Promise.all(rows.map((t) => ticketToJson(rt.db, t))) }
    },
  )

  app.get('/api/tickets/:number', async (req) => {
    const staff = requireStaffUser(req)
    const { number } = req.params as { number: string }
    if (!TICKET_NUMBER_RE.test(number)) throw new SuyuanError('BAD_INPUT', '工单号格式应为 SY-2026-000123')
    const t = await getTicketByNumber(rt.db, staff.courtId, number.toUpperCase())
    // outside the user's scope looks exactly like "does not exist"
    if (!t || !inScope(staff, t)) throw new SuyuanError('NOT_FOUND', '没有找到这个工单')
    return ticketToJson(rt.db, t, { full: true, events: true })
  })
}
