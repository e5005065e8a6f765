import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../api/app.js'
import ticketActionRoutes from '../../api/routes/tickets-actions.js'
import exportRoutes from '../../api/routes/export.js'
import statsRoutes from '../../api/routes/stats.js'
import { makeCourt, PASSWORD, type Court } from './fixture.js'

let c: Court
let app: FastifyInstance
const tokens: Record<string, string> = {}

beforeEach(async () => {
  c = await makeCourt()
  app = await buildApp(c.rt)
  // until api/app.ts registers these plugins itself
  if (!app.hasRoute({ method: 'POST', url: '/api/tickets/:number/accept' })) await app.register(ticketActionRoutes, { rt: c.rt })
  if (!app.hasRoute({ method: 'GET', url: '/api/tickets/export.csv' })) await app.register(exportRoutes, { rt: c.rt })
  if (!app.hasRoute({ method: 'GET', url: '/api/stats' })) await app.register(statsRoutes, { rt: c.rt })
  await app.ready()
  for (const u of ['h1', 'h2', 'hlian', 'leader', 'editor']) {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u === 'leader' ? 'leader' : u, password: PASSWORD } })
    tokens[u] = (r.json() as { token: string }).token
  }
})
afterEach(async () => {
  await app.close()
  await c.close()
})

const post = (who: string, url: string, payload?: unknown) =>
  app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${tokens[who]}` }, ...(payload !== undefined ? { payload: payload as object } : {}) })
const get = (who: string, url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } })

describe('handlers API: ticket actions', () => {
  it('accept → reply → resolve mediation_failed creates a linked 立案 ticket that 立案庭 can see and accept', async () => {
    const t = await c.newTicket()
    const acc = await post('h1', `/api/tickets/${t.number}/accept`)
    expect(acc.statusCode).toBe(200)
    expect(acc.json()).toMatchObject({ number: t.number, status: '已接单', contactPhone: '13812345678' })

    const rep = await post('h1', `/api/tickets/${t.number}/reply`, { text: '请您周三上午九点到城关镇调委会。' })
    expect(rep.json().status).toBe('办理中')

    const res = await post('h1', `/api/tickets/${t.number}/resolve`, { outcome: 'mediation_failed', note: '对方拒绝调解' })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ status: '已办结', outcome: 'mediation_failed' })
    expect(body.linkedNumbers).toHaveLength(1)
    expect(body.events.map((e: { action: string }) => e.action)).toEqual(['created', 'dispatched', 'accepted', 'replied', 'resolved'])

    const linkedNumber = body.linkedNumbers[0] as string
    // 立案庭's handler sees it with the parent link and the citizen's facts
    const child = await get('hlian', `/api/tickets/${linkedNumber}`)
    expect(child.statusCode).toBe(200)
    expect(child.json()).toMatchObject({ parentNumber: t.number, body: { code: 'lian-ting' }, facts: t.facts, status: '已派单' })
    expect((await post('hlian', `/api/tickets/${linkedNumber}/accept`)).json().status).toBe('已接单')
    // and the mediation unit does not
    expect((await get('h1', `/api/tickets/${linkedNumber}`)).statusCode).toBe(404)
  })

  it('409 with a Chinese reason on a forbidden transition; 404 outside scope; 400 on bad bodies', async () => {
    const t = await c.newTicket()
    const r = await post('h1', `/api/tickets/${t.number}/archive`)
    expect(r.statusCode).toBe(409)
    expect(r.json()).toMatchObject({ code: 'TRANSITION_FORBIDDEN' })
    expect(r.json().message).toMatch(/已派单/)

    expect((await post('h2', `/api/tickets/${t.number}/accept`)).statusCode).toBe(404)
    expect((await post('editor', `/api/tickets/${t.number}/accept`)).statusCode).toBe(404)
    expect((await post('h1', `/api/tickets/SY-2026-424242/accept`)).statusCode).toBe(404)
    expect((await app.inject({ method: 'POST', url: `/api/tickets/${t.number}/accept` })).statusCode).toBe(401)

    await post('h1', `/api/tickets/${t.number}/accept`)
    const bad: [string, unknown][] = [
      ['reply', {}],
      ['reply', { text: '   ' }],
      ['reply', { text: 'x'.repeat(3000) }],
      ['transfer', { bodyId: 'abc', reason: '不归我们' }],
      ['transfer', { bodyId: c.body.wuye }],
      ['transfer', { bodyId: 99999, reason: '不归我们' }],
      ['resolve', { outcome: 'won' }],
      ['resolve', { outcome: 'rejected' }],
      ['reopen', {}],
    ]
    for (const [action, payload] of bad) {
      const b = await post('h1', `/api/tickets/${t.number}/${action}`, payload)
      expect(b.statusCode, `${action} ${JSON.stringify(payload)}`).toBe(400)
      expect(b.json().code).toBe('BAD_INPUT')
    }
    const notObject = await app.inject({
      method: 'POST',
      url: `/api/tickets/${t.number}/resolve`,
      headers: { authorization: `Bearer ${tokens.h1}`, 'content-type': 'application/json' },
      payload: '["answered"]',
    })
    expect(notObject.statusCode).toBe(400)
    const broken = await app.inject({
      method: 'POST',
      url: `/api/tickets/${t.number}/reply`,
      headers: { authorization: `Bearer ${tokens.h1}`, 'content-type': 'application/json' },
      payload: '{"text": ',
    })
    expect(broken.statusCode).toBe(400)
    expect((await post('h1', `/api/tickets/not-a-number/accept`)).statusCode).toBe(400)
    // a handler cannot reopen (leaders can)
    await post('h1', `/api/tickets/${t.number}/resolve`, { outcome: 'answered', note: '已答复' })
    expect((await post('h1', `/api/tickets/${t.number}/reopen`, { reason: '再办' })).statusCode).toBe(403)
    const re = await post('leader', `/api/tickets/${t.number}/reopen`, { reason: '群众来电反映仍未解决' })
    expect(re.json()).toMatchObject({ status: '重新办理' })
  })

  it('transfer, 司法确认 and feedback for a ticket without a citizen', async () => {
    const t = await c.newTicket({ citizenId: null, channel: 'staff', source: 'staff' })
    const tr = await post('h1', `/api/tickets/${t.number}/transfer`, { bodyId: c.body.other, reason: '属消费纠纷，归口消协' })
    // the old unit sees the result of its action, phone masked now that the ticket is not theirs
    expect(tr.json()).toMatchObject({ status: '已转办', body: { code: 'xiaoxie' }, transferCount: 1, contactPhone: '138****5678' })
    await post('h2', `/api/tickets/${t.number}/accept`)
    const res = await post('h2', `/api/tickets/${t.number}/resolve`, { outcome: 'mediated', note: '达成协议' })
    expect(res.json().feedbackAt).toBeNull()
    expect((await post('h2', `/api/tickets/${t.number}/archive`)).statusCode).toBe(409)
    const fb = await post('h2', `/api/tickets/${t.number}/feedback`, { note: '电话告知当事人' })
    expect(fb.json().feedbackAt).not.toBeNull()
    const jc = await post('h2', `/api/tickets/${t.number}/judicial-confirmation`, {})
    expect(jc.statusCode).toBe(200)
    expect(jc.json().linkedNumbers).toHaveLength(1)
    expect((await post('h2', `/api/tickets/${t.number}/judicial-confirmation`)).statusCode).toBe(409)
  })

  it('two handlers accepting at once: one wins, the other gets 409', async () => {
    const t = await c.newTicket()
    const [a, b] = await Promise.all([post('h1', `/api/tickets/${t.number}/accept`), post('leader', `/api/tickets/${t.number}/accept`)])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
    const events = (await get('leader', `/api/tickets/${t.number}`)).json().events as { action: string }[]
    expect(events.filter((e) => e.action === 'accepted')).toHaveLength(1)
  })

  it('the duty leader dispatches a 待派单 ticket; unit handlers cannot see it before', async () => {
    const t = await c.newTicket({ bodyId: null, routingReason: '' })
    expect(t.status).toBe('待派单')
    expect((await post('h1', `/api/tickets/${t.number}/dispatch`, { bodyId: c.body.cg })).statusCode).toBe(404)
    const d = await post('leader', `/api/tickets/${t.number}/dispatch`, { bodyId: c.body.cg, reason: '相邻纠纷归口城关镇调委会' })
    expect(d.statusCode).toBe(200)
    expect(d.json()).toMatchObject({ status: '已派单', body: { code: 'cityguan-tiaojie' } })
    expect(d.json().acceptDueAt).not.toBeNull()
    expect((await post('h1', `/api/tickets/${t.number}/accept`)).json().status).toBe('已接单')
  })
})

describe('handlers API: 台账 export and stats', () => {
  it('CSV has a BOM, a header and masked phones, scoped to the unit; the ledger lists every event', async () => {
    const a = await c.newTicket({ summary: '=HYPERLINK("x") 邻里纠纷，电话13912345678' })
    await c.newTicket({ bodyId: c.body.other, contactPhone: '13700001111' })
    await post('h1', `/api/tickets/${a.number}/accept`)
    const r = await get('h1', '/api/tickets/export.csv')
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toMatch(/text\/csv/)
    expect(r.body.charCodeAt(0)).toBe(0xfeff)
    const lines = r.body.slice(1).trim().split('\r\n')
    expect(lines).toHaveLength(2) // header + the one ticket in h1's unit
    expect(lines[0]).toContain('工单编号')
    expect(lines[1]).toContain(a.number)
    expect(lines[1]).toContain('138****5678')
    expect(r.body).not.toContain('13812345678')
    expect(r.body).not.toContain('13912345678')
    expect(r.body).not.toContain('1370000')
    expect(lines[1]).toContain(`'=HYPERLINK`) // formula neutralised

    const all = await get('leader', '/api/tickets/export.csv')
    expect(all.body.slice(1).trim().split('\r\n')).toHaveLength(3)

    const ledger = await get('h1', `/api/tickets/${a.number}/ledger.csv`)
    expect(ledger.statusCode).toBe(200)
    const rows = ledger.body.slice(1).trim().split('\r\n')
    expect(rows.slice(1).map((l) => l.split(',')[3])).toEqual(['登记', '派单', '接单'])
    expect(rows[3]).toContain('h1')
    expect((await get('h2', `/api/tickets/${a.number}/ledger.csv`)).statusCode).toBe(404)
  })

  it('XLSX parses back with a ticket sheet and an event sheet, phones masked', async () => {
    const a = await c.newTicket()
    await post('h1', `/api/tickets/${a.number}/accept`)
    await post('h1', `/api/tickets/${a.number}/resolve`, { outcome: 'answered', note: '已答复，可拨打13812345678联系' })
    const r = await get('leader', '/api/tickets/export.xlsx')
    expect(r.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer)
    const [tickets, events] = wb.worksheets
    expect(tickets!.name).toBe('工单台账')
    expect(tickets!.rowCount).toBe(2)
    const header = (tickets!.getRow(1).values as unknown[]).slice(1)
    const row = (tickets!.getRow(2).values as unknown[]).slice(1)
    const col = (name: string) => row[header.indexOf(name)]
    expect(col('工单编号')).toBe(a.number)
    expect(col('联系电话')).toBe('138****5678')
    expect(col('办理结果')).toBe('已答复')
    expect(col('承办单位')).toBe('城关镇人民调解委员会')
    expect(col('来源渠道')).toBe('网页')
    expect(events!.name).toBe('办理记录')
    expect(events!.rowCount).toBe(1 + 4) // created, dispatched, accepted, resolved
    const notes = JSON.stringify(events!.getSheetValues())
    expect(notes).toContain('138****5678')
    expect(notes).not.toContain('13812345678')
  })

  it('GET /api/stats is scoped and rejects bad dates', async () => {
    const a = await c.newTicket({ risk: true })
    await c.newTicket({ bodyId: c.body.other })
    await post('h1', `/api/tickets/${a.number}/accept`)
    const mine = (await get('h1', '/api/stats')).json()
    expect(mine.total).toBe(1)
    expect(mine.earlyWarnings).toHaveLength(1)
    const court = (await get('leader', '/api/stats')).json()
    expect(court.total).toBe(2)
    expect(court.byStatus).toEqual({ 已接单: 1, 已派单: 1 })
    expect((await get('leader', '/api/stats?from=yesterday')).statusCode).toBe(400)
  })
})
