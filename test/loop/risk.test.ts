// Risk wins over everything: a calm reply with 110 / 120 and where to get help now, and an urgent ticket to the
// court's duty unit — also in the middle of an intake; more messages go onto the same open urgent ticket.
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
const text = (r: { replies: { text: string }[] }) => r.replies.map((x) => x.text).join('\n')
const row = async (number: string) =>
  (await one(t.rt.db, 'select t.risk, t.priority, b.name body from tickets t join bodies b on b.id = t.body_id where number = ?', number)) as {
    risk: number
    priority: number
    body: string
  }

describe('risk', () => {
  it('answers with help lines and opens an urgent ticket for the duty unit', async () => {
    const r = await t.chat('risk-1', '他又喝醉了在家打我，我现在躲在厕所里，好害怕')
    expect(text(r)).toMatch(/110/)
    expect(r.ticket?.number).toBeTruthy()
    expect((await row(r.ticket!.number))).toEqual({ risk: 1, priority: 2, body: '诉讼服务中心' })

    const again = await t.chat('risk-1', '他还在砸门，我不知道怎么办')
    expect(again.ticket?.number).toBe(r.ticket!.number)
    await t.rt.jobs.idle()
    const notices = (await rows(t.rt.db, 'select kind from unit_notifications where ticket_id = (select id from tickets where number = ?) order by id', r.ticket!.number))
    expect(notices).toEqual([{ kind: 'new_ticket' }, { kind: 'risk_followup' }])
  })

  it('interrupts an intake', async () => {
    await t.chat('risk-2', '我要调解')
    const r = await t.chat('risk-2', '他们要是再不给钱我就从楼上跳下去')
    expect(text(r)).toMatch(/110|12356/)
    expect((await row(r.ticket!.number)).risk).toBe(1)
    // and the intake is over: the next message is read afresh
    const next = await t.chat('risk-2', '取消')
    expect(text(next)).toMatch(/当前没有正在办理的登记/)
  })

  it.each([
    ['group action', '村里三十多户说好了明天一起去县政府门口拉横幅，征地款再不给就堵路', /信访接待|院长接待日/, /代表/],
    ['going over levels', '我已经买好了去北京的火车票，这事在你们这儿办不了我就去上面反映', /北京|省里/, /院长接待日/],
    ['violence against others', '他要是再敢拦我浇地，我就拿铁锹跟他拼了', /刑事责任/, /冷静/],
  ])('%s gets the reply for its kind, an urgent ticket and a request for a phone number', async (_, msg, a, b) => {
    const r = await t.chat(`risk-kind-${msg.length}`, msg)
    expect(text(r)).toMatch(a)
    expect(text(r)).toMatch(b)
    expect(text(r)).toMatch(/电话/)
    expect((await row(r.ticket!.number)).priority).toBe(2)
  })
})
