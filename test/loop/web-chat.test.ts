// The whole loop through the web chat API: question → KB answer; dispute → intake → ticket routed with a reason →
// notify-unit job → a handler sees it through the API → every step in the ticket's audit trail.
import { one, rows } from '../support/sql.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestRuntime, type TestRuntime } from '../support/runtime.js'

let t: TestRuntime
beforeAll(async () => {
  t = await createTestRuntime()
})
afterAll(async () => {
  await t?.close()
})

const replyText = (r: { replies: { text: string }[] }) => r.replies.map((x) => x.text).join('\n')

describe('web chat loop', () => {
  it('greets and says what it can do', async () => {
    const r = await t.chat('u-greet', '你好')
    expect(replyText(r)).toMatch(/我可以帮您/)
  })

  it('answers a legal question with a 以案释法 article citing the law, marked as general information', async () => {
    const r = await t.chat('u-consult', '老板拖欠我三个月工资不给，我该怎么办')
    const text = replyText(r)
    expect(text).toMatch(/法/)
    expect(text).toMatch(/第\s*\d+\s*条|第[一二三四五六七八九十百千零]+条/)
    expect(text).toMatch(/一般性|不是针对您个案的法律意见/)
    expect(r.ticket).toBeUndefined()
  })

  it('runs an intake for a dispute and creates a ticket routed to the right body with a reason', async () => {
    const u = 'u-dispute'
    let r = await t.chat(u, '邻居家盖房占了我家院子一米多，说了好几次也不听，想找人调解')
    expect(replyText(r)).toMatch(/镇|苏木|村|嘎查/) // asks where
    r = await t.chat(u, '东风镇红旗村')
    expect(replyText(r)).toMatch(/电话/)
    r = await t.chat(u, '13812345678')
    expect(replyText(r)).toMatch(/同意/)
    r = await t.chat(u, '同意')
    expect(replyText(r)).toMatch(/确认/)
    expect(replyText(r)).toContain('138****5678') // the summary masks the phone
    r = await t.chat(u, '确认')
    expect(r.ticket?.number).toMatch(/^SY-\d{4}-\d{6}$/)
    expect(r.ticket?.body?.name).toBe('东风镇人民调解委员会')
    expect(replyText(r)).toContain(r.ticket!.number)
    expect(replyText(r)).toMatch(/理由/)

    await t.rt.jobs.idle()
    const token = await t.login('admin')
    const got = await t.app.inject({ method: 'GET', url: `/api/tickets/${r.ticket!.number}`, headers: { authorization: `Bearer ${token}` } })
    expect(got.statusCode).toBe(200)
    const ticket = got.json()
    expect(ticket.status).toBe('已派单')
    expect(ticket.region.name).toBe('红旗村')
    expect(ticket.routingReason).toMatch(/东风镇|红旗村/)
    expect(ticket.events.map((e: { action: string }) => e.action)).toEqual(['created', 'dispatched'])
    const notices = (await rows(t.rt.db, 'select kind from unit_notifications where ticket_id = (select id from tickets where number = ?)', r.ticket!.number))
    expect(notices).toEqual([{ kind: 'new_ticket' }])
  })

  it('cancels an intake on 取消 and creates nothing', async () => {
    const before = ((await one(t.rt.db, 'select count(*) n from tickets')) as { n: number }).n
    await t.chat('u-cancel', '物业公司不给修漏水，天花板都泡坏了，想调解一下')
    const r = await t.chat('u-cancel', '取消')
    expect(replyText(r)).toMatch(/取消/)
    const after = ((await one(t.rt.db, 'select count(*) n from tickets')) as { n: number }).n
    expect(after).toBe(before)
  })

  it('never stays silent on unclear input', async () => {
    for (const text of ['？？', 'asdfgh', '嗯']) {
      const r = await t.chat('u-unclear', text)
      expect(r.replies.length).toBeGreaterThan(0)
      expect(replyText(r).length).toBeGreaterThan(5)
    }
  })

  it('answers 我的工单 with the citizen\'s own tickets only', async () => {
    const mine = await t.chat('u-dispute', '我的工单')
    expect(replyText(mine)).toMatch(/SY-\d{4}-\d{6}/)
    const other = await t.chat('u-stranger', '我的工单')
    expect(replyText(other)).not.toMatch(/SY-\d{4}-\d{6}/)
  })

  it('rejects bad API input with a 4xx and a reason, and changes nothing', async () => {
    const before = ((await one(t.rt.db, 'select count(*) n from messages')) as { n: number }).n
    for (const payload of [{}, { userId: 'x' }, { userId: '', text: 'hi' }, { userId: 'a b', text: 'hi' }, { userId: 'x', text: { a: 1 } }]) {
      const r = await t.app.inject({ method: 'POST', url: '/api/chat', payload })
      expect(r.statusCode).toBe(400)
      expect(r.json().message).toBeTruthy()
    }
    const bad = await t.app.inject({ method: 'POST', url: '/api/chat', headers: { 'content-type': 'application/json' }, payload: '{"userId":' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).not.toMatch(/at .*\.ts|stack/i)
    const after = ((await one(t.rt.db, 'select count(*) n from messages')) as { n: number }).n
    expect(after).toBe(before)
  })

  it('keeps staff routes behind login and scopes handlers to their unit', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/tickets' })).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'wrong' } })).statusCode).toBe(401)
    const h2 = await t.login('handler2') // 立案庭
    const list = await t.app.inject({ method: 'GET', url: '/api/tickets', headers: { authorization: `Bearer ${h2}` } })
    expect(list.statusCode).toBe(200)
    const numbers = list.json().items.map((x: { number: string }) => x.number)
    const dongfeng = (await rows(t.rt.db, "select t.number from tickets t join bodies b on b.id=t.body_id where b.name='东风镇人民调解委员会'")) as { number: string }[]
    expect(dongfeng.length).toBeGreaterThan(0)
    for (const d of dongfeng) expect(numbers).not.toContain(d.number)
    const one = await t.app.inject({ method: 'GET', url: `/api/tickets/${dongfeng[0]!.number}`, headers: { authorization: `Bearer ${h2}` } })
    expect(one.statusCode).toBe(404)
  })
})
