// Issue #5 end to end, through the web chat and the real API: a dispute from the citizen's first message to 归档
// with a rating; and a mediation failure that becomes a linked 立案 ticket for 立案庭.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestRuntime, type TestRuntime } from '../support/runtime.js'

let t: TestRuntime
beforeAll(async () => {
  t = await createTestRuntime()
})
afterAll(async () => {
  await t?.close()
})

async function dispute(userId: string, facts: string): Promise<string> {
  await t.chat(userId, facts)
  await t.chat(userId, '城关镇')
  await t.chat(userId, '13600001111')
  await t.chat(userId, '同意')
  const r = await t.chat(userId, '确认')
  expect(r.ticket?.body?.name).toBe('城关镇人民调解委员会')
  return r.ticket!.number
}

async function act(token: string, number: string, action: string, payload?: object) {
  const r = await t.app.inject({ method: 'POST', url: `/api/tickets/${number}/${action}`, headers: { authorization: `Bearer ${token}` }, payload })
  expect(r.statusCode, r.body).toBe(200)
  return r.json()
}

async function pushes(userId: string, after = 0): Promise<{ id: number; text: string }[]> {
  await t.rt.jobs.idle()
  const r = await t.app.inject({ method: 'GET', url: `/api/chat/messages?userId=${userId}&after=${after}` })
  return r.json().items
}

describe('the loop closes', () => {
  it('dispute → accepted → reply relayed → 调解成功 → rating in the chat → 已归档', async () => {
    const u = 'e2e-citizen-1'
    const number = await dispute(u, '邻居在两家中间的过道上堆了很多杂物，我家车进不去，找他说了几次都不挪，想请人调解')
    const h1 = await t.login('handler1')

    expect((await act(h1, number, 'accept')).status).toBe('已接单')
    await act(h1, number, 'reply', { text: '您好，我们约在本周三上午到现场调解，请您在家。' })
    let seen = await pushes(u)
    expect(seen.map((m) => m.text).join('\n')).toMatch(/接单[\s\S]*周三上午/)

    const resolved = await act(h1, number, 'resolve', { outcome: 'mediated', note: '双方签了调解协议，邻居三天内清走杂物' })
    expect(resolved.status).toBe('已办结')
    seen = await pushes(u, seen.at(-1)!.id)
    expect(seen.at(-1)!.text).toMatch(/调解成功[\s\S]*1 到 5/)

    const r = await t.chat(u, '4 还行，就是等得有点久')
    expect(r.replies.map((x) => x.text).join('')).toMatch(/谢谢/)
    await t.rt.jobs.idle()

    const admin = await t.login('admin')
    const final = (await t.app.inject({ method: 'GET', url: `/api/tickets/${number}`, headers: { authorization: `Bearer ${admin}` } })).json()
    expect(final.status).toBe('已归档')
    expect(final.rating).toBe(4)
    const actions = final.events.map((e: { action: string }) => e.action)
    expect(actions.slice(0, 2)).toEqual(['created', 'dispatched'])
    for (const a of ['accepted', 'replied', 'resolved', 'rated']) expect(actions).toContain(a)
    const ledger = await t.app.inject({ method: 'GET', url: `/api/tickets/${number}/ledger.csv`, headers: { authorization: `Bearer ${admin}` } })
    expect(ledger.statusCode).toBe(200)
    expect(ledger.body.split('\n').length).toBeGreaterThan(actions.length)
  })

  it('调解不成 → a linked 立案 ticket that 立案庭 sees and accepts', async () => {
    const u = 'e2e-citizen-2'
    const number = await dispute(u, '邻居借了我两万块钱说好半年还，到期一直拖着不还，想先调解一下')
    const h1 = await t.login('handler1')
    await act(h1, number, 'accept')
    const resolved = await act(h1, number, 'resolve', { outcome: 'mediation_failed', note: '对方不同意还款计划' })
    expect(resolved.linkedNumbers).toHaveLength(1)
    const linked = resolved.linkedNumbers[0] as string

    const h2 = await t.login('handler2')
    const list = (await t.app.inject({ method: 'GET', url: '/api/tickets', headers: { authorization: `Bearer ${h2}` } })).json()
    const mine = list.items.find((x: { number: string }) => x.number === linked)
    expect(mine.body.name).toBe('立案庭')
    expect(mine.parentNumber).toBe(number)
    const accepted = await act(h2, linked, 'accept')
    expect(accepted.status).toBe('已接单')
    expect(accepted.facts).toMatch(/两万/)
    // the citizen was told, with the new number
    const seen = await pushes(u)
    expect(seen.map((m) => m.text).join('\n')).toContain(linked)
  })
})
