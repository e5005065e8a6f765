// 台账导出: the user's tickets as CSV (UTF-8 with BOM, so Excel opens Chinese correctly) or XLSX (a ticket sheet
// and an event sheet), and one ticket's full audit trail (一案一台账). Phones are masked; free text has phone and
// ID numbers masked; cells that Excel would run as formulas are neutralised.
import type { FastifyInstance } from 'fastify'
import ExcelJS from 'exceljs'
import { and, asc, desc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm'
import { SuyuanError } from '../../core/errors.js'
import { DOMAIN_NAMES, INTENT_NAMES, isDomain, isIntent } from '../../core/labels.js'
import { maskPhone, maskText } from '../../core/mask.js'
import { isResolveOutcome, OUTCOME_NAMES } from '../../core/ticket-state.js'
import { TICKET_NUMBER_RE } from '../../core/ticket-number.js'
import type { Db } from '../../db/client.js'
import { getTicketByNumber, inScope, scopeCondition, type Scope, type TicketEventRow, type TicketRow } from '../../db/repositories/tickets.js'
import { bodies, regions, ticketEvents, tickets, users } from '../../db/schema/index.js'
import { CHANNEL_NAMES, EVENT_ACTION_NAMES, EVENT_HEADERS, LEDGER_HEADERS, TICKET_TEXTS } from '../../strings/tickets.js'
import { requireStaffUser } from '../auth.js'
import type { Runtime } from '../types.js'

type Cell = string | number
const COURT_OFFSET_MS = 8 * 3600 * 1000

/** Court-local time as 2026-03-10 09:00. */
export function localTime(d: Date | null): string {
  if (!d) return ''
  return new Date(d.getTime() + COURT_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}

/** Free text from citizens can start with = + - @: Excel would treat it as a formula (CSV injection). */
const safe = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s)

function csvLine(cells: Cell[]): string {
  return cells
    .map((c) => {
      const s = typeof c === 'number' ? String(c) : safe(c)
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
    })
    .join(',')
}
export const toCsv = (header: string[], rows: Cell[][]): string => '\ufeff' + [header, ...rows].map(csvLine).join('\r\n') + '\r\n'

interface Names {
  body: Map<number, string>
  region: Map<number, string>
  user: Map<number, string>
}
async function loadNames(db: Db, courtId: number): Promise<Names> {
  const bodyRows = await db.select({ id: bodies.id, name: bodies.name }).from(bodies).where(eq(bodies.courtId, courtId))
  const regionRows = await db.select({ id: regions.id, name: regions.name }).from(regions).where(eq(regions.courtId, courtId))
  const userRows = await db.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.courtId, courtId))
  return {
    body: new Map(bodyRows.map((b) => [b.id, b.name])),
    region: new Map(regionRows.map((r) => [r.id, r.name])),
    user: new Map(userRows.map((u) => [u.id, u.name])),
  }
}

const LEDGER_KEYS = Object.keys(LEDGER_HEADERS) as (keyof typeof LEDGER_HEADERS)[]
const EVENT_KEYS = Object.keys(EVENT_HEADERS) as (keyof typeof EVENT_HEADERS)[]

function ticketRow(t: TicketRow, n: Names): Cell[] {
  const v: Record<keyof typeof LEDGER_HEADERS, Cell> = {
    number: t.number,
    createdAt: localTime(t.createdAt),
    channel: CHANNEL_NAMES[t.channel] ?? t.channel,
    intent: isIntent(t.intent) ? INTENT_NAMES[t.intent] : t.intent,
    domain: isDomain(t.domain) ? DOMAIN_NAMES[t.domain] : t.domain,
    region: t.regionId !== null ? (n.region.get(t.regionId) ?? '') : t.place,
    summary: maskText(t.summary),
    status: t.status,
    body: t.bodyId !== null ? (n.body.get(t.bodyId) ?? '') : '',
    routingReason: t.routingReason,
    acceptDueAt: localTime(t.acceptDueAt),
    resolveDueAt: localTime(t.resolveDueAt),
    acceptedAt: localTime(t.acceptedAt),
    resolvedAt: localTime(t.resolvedAt),
    outcome: isResolveOutcome(t.outcome) ? OUTCOME_NAMES[t.outcome] : '',
    rating: t.rating ?? (t.status === '已归档' ? TICKET_TEXTS.unrated : ''),
    phone: maskPhone(t.contactPhone),
    transferCount: t.transferCount,
  }
  return LEDGER_KEYS.map((k) => v[k])
}

function eventRow(number: string, e: TicketEventRow, n: Names): Cell[] {
  const actor =
    e.actorType === 'user' ? (e.actorId !== null ? (n.user.get(e.actorId) ?? `用户${e.actorId}`) : '工作人员') : e.actorType === 'citizen' ? '群众' : '系统'
  const v: Record<keyof typeof EVENT_HEADERS, Cell> = {
    number,
    at: localTime(e.at),
    actor,
    action: EVENT_ACTION_NAMES[e.action] ?? e.action,
    fromStatus: e.fromStatus ?? '',
    toStatus: e.toStatus ?? '',
    reason: maskText(e.reason ?? ''),
    note: maskText(e.note ?? ''),
  }
  return EVENT_KEYS.map((k) => v[k])
}

interface Range {
  from?: string
  to?: string
}
function scopedTickets(db: Db, scope: Scope, q: Range): Promise<TicketRow[]> {
  const conds: (SQL | undefined)[] = [scopeCondition(scope)]
  const date = (s: string, label: string) => {
    const d = new Date(s)
    if (Number.isNaN(d.getTime())) throw new SuyuanError('BAD_INPUT', `${label}日期格式不正确，应为 2026-03-01`)
    return d
  }
  if (q.from) conds.push(gte(tickets.createdAt, date(q.from, '开始')))
  if (q.to) conds.push(lt(tickets.createdAt, date(q.to, '结束')))
  return db.select().from(tickets).where(and(...conds)).orderBy(desc(tickets.id))
}

async function eventsOf(db: Db, ids: number[]): Promise<TicketEventRow[]> {
  const out: TicketEventRow[] = []
  // SQLite caps bound parameters; chunk the id list.
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    out.push(...(await db.select().from(ticketEvents).where(inArray(ticketEvents.ticketId, chunk)).orderBy(asc(ticketEvents.id))))
  }
  return out
}

export async function ledgerWorkbook(db: Db, scope: Scope, q: Range = {}): Promise<Buffer> {
  const list = await scopedTickets(db, scope, q)
  const n = await loadNames(db, scope.courtId)
  const numbers = new Map(list.map((t) => [t.id, t.number]))
  const wb = new ExcelJS.Workbook()
  wb.creator = 'suyuan'
  const ws = wb.addWorksheet('工单台账')
  ws.addRow(LEDGER_KEYS.map((k) => LEDGER_HEADERS[k]))
  for (const t of list) ws.addRow(ticketRow(t, n).map((c) => (typeof c === 'string' ? safe(c) : c)))
  ws.getRow(1).font = { bold: true }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  const es = wb.addWorksheet('办理记录')
  es.addRow(EVENT_KEYS.map((k) => EVENT_HEADERS[k]))
  for (const e of await eventsOf(db, [...numbers.keys()])) {
    es.addRow(eventRow(numbers.get(e.ticketId) ?? '', e, n).map((c) => (typeof c === 'string' ? safe(c) : c)))
  }
  es.getRow(1).font = { bold: true }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const rangeQuery = {
  type: 'object',
  properties: { from: { type: 'string', maxLength: 40 }, to: { type: 'string', maxLength: 40 } },
} as const

export default async function exportRoutes(app: FastifyInstance, opts: { rt: Runtime }) {
  const { rt } = opts
  app.addHook('preHandler', app.requireStaff)

  app.get('/api/tickets/export.csv', { schema: { querystring: rangeQuery } }, async (req, reply) => {
    const staff = requireStaffUser(req)
    const n = await loadNames(rt.db, staff.courtId)
    const rows = (await scopedTickets(rt.db, staff, req.query as Range)).map((t) => ticketRow(t, n))
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ledger.csv"; filename*=UTF-8''${encodeURIComponent('工单台账.csv')}`)
      .send(toCsv(LEDGER_KEYS.map((k) => LEDGER_HEADERS[k]), rows))
  })

  app.get('/api/tickets/export.xlsx', { schema: { querystring: rangeQuery } }, async (req, reply) => {
    const staff = requireStaffUser(req)
    const buf = await ledgerWorkbook(rt.db, staff, req.query as Range)
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent('工单台账.xlsx')}`)
      .send(buf)
  })

  app.get(
    '/api/tickets/:number/ledger.csv',
    { schema: { params: { type: 'object', required: ['number'], properties: { number: { type: 'string', maxLength: 32 } } } } },
    async (req, reply) => {
      const staff = requireStaffUser(req)
      const { number } = req.params as { number: string }
      if (!TICKET_NUMBER_RE.test(number)) throw new SuyuanError('BAD_INPUT', '工单号格式应为 SY-2026-000123')
      const t = await getTicketByNumber(rt.db, staff.courtId, number.toUpperCase())
      if (!t || !inScope(staff, t)) throw new SuyuanError('NOT_FOUND', TICKET_TEXTS.ticketNotFound)
      const n = await loadNames(rt.db, staff.courtId)
      const rows = (await eventsOf(rt.db, [t.id])).map((e) => eventRow(t.number, e, n))
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${t.number}.csv"`)
        .send(toCsv(EVENT_KEYS.map((k) => EVENT_HEADERS[k]), rows))
    },
  )
}
