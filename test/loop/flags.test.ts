// 一人一档 and early warning: a citizen's repeat requests are counted; several villagers on one matter within a
// day raise a 集体 warning to the court's duty unit.
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

async function intake(userId: string, facts: string, place: string) {
  await t.chat(userId, '我要调解')
  await t.chat(userId, facts)
  await t.chat(userId, place)
  await t.chat(userId, '不留')
  await t.chat(userId, '同意')
  const r = await t.chat(userId, '确认')
  expect(r.ticket?.number).toBeTruthy()
  return r.ticket!.number
}

const flagsOf = async (number: string) =>
  JSON.parse(((await one(t.rt.db, 'select flags from tickets where number = ?', number)) as { flags: string }).flags) as {
    repeatCount?: number
    collective?: boolean
  }

describe('flags on new tickets', () => {
  it('counts a citizen\'s repeat requests on the same matter (重复) and lists them in one person view', async () => {
    const first = await intake('repeat-1', '隔壁邻居家的排水管往我家院子里排污水，说了不改', '城关镇')
    const second = await intake('repeat-1', '还是那个邻居，排水的事情一直没解决，污水又流进来了', '城关镇')
    expect((await flagsOf(first)).repeatCount).toBeUndefined()
    expect((await flagsOf(second)).repeatCount).toBe(1)

    const token = await t.login('admin')
    const detail = (await t.app.inject({ method: 'GET', url: `/api/tickets/${second}`, headers: { authorization: `Bearer ${token}` } })).json()
    const person = await t.app.inject({ method: 'GET', url: `/api/citizens/${detail.citizenId}/tickets`, headers: { authorization: `Bearer ${token}` } })
    expect(person.statusCode).toBe(200)
    expect(person.json().items.map((x: { number: string }) => x.number).sort()).toEqual([first, second].sort())
  })

  it('raises a 集体 early warning to the duty unit when three villagers report one matter within a day', async () => {
    const numbers: string[] = []
    for (const u of ['village-a', 'village-b', 'village-c']) {
      numbers.push(await intake(u, '村里修路占了我们几家的宅基地边上的地，也没人说补偿的事，想找人调解', '东风镇红旗村'))
    }
    await t.rt.jobs.idle()
    expect((await flagsOf(numbers[0]!)).collective).toBeUndefined()
    expect((await flagsOf(numbers[2]!)).collective).toBe(true)
    const warnings = (await rows(t.rt.db, "select b.name from unit_notifications n join bodies b on b.id = n.body_id where n.kind = 'early_warning' and n.ticket_id = (select id from tickets where number = ?)", numbers[2]!)) as { name: string }[]
    expect(warnings).toEqual([{ name: '诉讼服务中心' }])
  })
})
