// Handlers work a ticket through these routes: 派单 (duty leader), 接单, 答复, 转办, 办结, 重新办理, 办结反馈, 归档, 申请司法确认.
// Every route answers with the updated ticket in the same shape as GET /api/tickets/:number.
// 办结反馈: resolving a ticket that came from a citizen channel pushes the outcome and counts as the feedback;
// POST /feedback is for staff-entered tickets where the handler told the citizen by phone or in person.
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify'
import { SuyuanError } from '../../core/errors.js'
import { RESOLVE_OUTCOMES, type TicketCommand } from '../../core/ticket-state.js'
import { TICKET_NUMBER_RE } from '../../core/ticket-number.js'
import { applyStaffCommand } from '../../db/repositories/ticket-actions.js'
import { inScope, ticketToJson } from '../../db/repositories/tickets.js'
import { requireStaffUser } from '../auth.js'
import type { Runtime } from '../types.js'

const params = {
  type: 'object',
  required: ['number'],
  properties: { number: { type: 'string', minLength: 6, maxLength: 32 } },
} as const

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const
const optionalNote = { type: 'string', maxLength: 2000 } as const
const objectBody = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
})

interface ActionSpec {
  body?: Record<string, unknown>
  toCommand(body: Record<string, unknown>): TicketCommand
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

const ACTIONS: Record<string, ActionSpec> = {
  /** 待派单 tickets (no unit matched) are dispatched by the duty leader or admin */
  dispatch: {
    body: objectBody({ bodyId: { type: 'integer', minimum: 1 }, reason: { type: 'string', maxLength: 500 } }, ['bodyId']),
    toCommand: (b) => ({ type: 'dispatch', bodyId: Number(b.bodyId), reason: str(b.reason) }),
  },
  accept: { toCommand: () => ({ type: 'accept' }) },
  reply: {
    body: objectBody({ text: text(2000) }, ['text']),
    toCommand: (b) => ({ type: 'reply', text: String(b.text) }),
  },
  transfer: {
    body: objectBody({ bodyId: { type: 'integer', minimum: 1 }, reason: text(500) }, ['bodyId', 'reason']),
    toCommand: (b) => ({ type: 'transfer', bodyId: Number(b.bodyId), reason: String(b.reason) }),
  },
  resolve: {
    body: objectBody({ outcome: { type: 'string', enum: [...RESOLVE_OUTCOMES] }, note: optionalNote }, ['outcome']),
    toCommand: (b) => ({ type: 'resolve', outcome: b.outcome as (typeof RESOLVE_OUTCOMES)[number], note: str(b.note) }),
  },
  reopen: {
    body: objectBody({ reason: text(500) }, ['reason']),
    toCommand: (b) => ({ type: 'reopen', reason: String(b.reason) }),
  },
  feedback: { body: objectBody({ note: optionalNote }), toCommand: (b) => ({ type: 'feedback', note: str(b.note) }) },
  archive: { body: objectBody({ note: optionalNote }), toCommand: (b) => ({ type: 'archive', note: str(b.note) }) },
  'judicial-confirmation': {
    body: objectBody({ note: optionalNote }),
    toCommand: (b) => ({ type: 'judicial-confirmation', note: str(b.note) }),
  },
}

export default async function ticketActionRoutes(app: FastifyInstance, opts: { rt: Runtime }) {
  const { rt } = opts
  app.addHook('preHandler', app.requireStaff)

  for (const [name, spec] of Object.entries(ACTIONS)) {
    // Bodies are optional where nothing is required: a bare POST is the same as {}.
    const schema: FastifySchema = { params, ...(spec.body ? { body: spec.body } : {}) }
    const preValidation = async (req: FastifyRequest) => {
      if (req.body === undefined || req.body === null) req.body = {}
    }
    app.post(`/api/tickets/:number/${name}`, { schema, preValidation }, async (req) => {
      const staff = requireStaffUser(req)
      const { number } = req.params as { number: string }
      if (!TICKET_NUMBER_RE.test(number)) throw new SuyuanError('BAD_INPUT', '工单号格式应为 SY-2026-000123')
      const body = (req.body ?? {}) as Record<string, unknown>
      if (typeof body !== 'object' || Array.isArray(body)) throw new SuyuanError('BAD_INPUT', '请求格式不正确')
      const { ticket } = await applyStaffCommand(rt, staff, number.toUpperCase(), spec.toCommand(body), rt.config.tickets)
      // After a transfer the ticket has left the user's unit: show the result of their action, but no longer the
      // citizen's full phone number.
      return await ticketToJson(rt.db, ticket, { full: inScope(staff, ticket), events: true })
    })
  }
}

