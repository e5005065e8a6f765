// Several courts in one suyuan: each has its own directory, staff, ticket numbers and citizens; the web chat names
// its court with `court`, staff see only their own court's tickets.
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

async function chatIn(court: string | undefined, userId: string, msg: string) {
  const r = await t.app.inject({ method: 'POST', url: '/api/chat', payload: court ? { userId, text: msg, court } : { userId, text: msg } })
  return { status: r.statusCode, body: r.json() as { replies: { text: string }[]; ticket?: { number: string; body: { name: string } | null } } }
}

async function fileNeighbourDispute(court: string | undefined, userId: string, place: string) {
  const first = await chatIn(court, userId, '楼上邻居家的水管漏水把我家天花板泡坏了，说了几次都不管，想找人调解')
  expect(first.status).toBe(200)
  for (const m of [place, '13812345678', '同意']) expect((await chatIn(court, userId, m)).status).toBe(200)
  const done = await chatIn(court, userId, '确认')
  expect(done.body.ticket, text(done.body)).toBeTruthy()
  return done.body.ticket!
}

describe('several courts', () => {
  it('lists the courts it serves', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/courts' })
    expect(r.json().items.map((c: { code: string }) => c.code)).toEqual(['demo', 'demo-city'])
  })

  it('each court numbers its own tickets and routes to its own bodies', async () => {
    const county = await fileNeighbourDispute(undefined, 'same-user', '城关镇向阳社区')
    const city = await fileNeighbourDispute('demo-city', 'same-user', '和平街道桃园社区')
    // the first ticket of each court; the same number in two courts is no conflict
    expect(city.number).toBe(county.number)
    expect(county.body?.name).toMatch(/城关镇/)
    expect(city.body?.name).toBe('和平街道人民调解委员会')
  })

  it('staff see only their own court: the same number opens each court its own ticket', async () => {
    const cityToken = await t.login('city-handler1')
    const countyToken = await t.login('handler1')
    const list = await t.app.inject({ method: 'GET', url: '/api/tickets', headers: { authorization: `Bearer ${cityToken}` } })
    expect(list.statusCode).toBe(200)
    const items = list.json().items as { number: string; body: { name: string } | null }[]
    expect(items.length).toBeGreaterThan(0)
    expect(items.every((i) => i.body?.name === '和平街道人民调解委员会')).toBe(true)
    const number = items[0]!.number
    const asCity = await t.app.inject({ method: 'GET', url: `/api/tickets/${number}`, headers: { authorization: `Bearer ${cityToken}` } })
    const asCounty = await t.app.inject({ method: 'GET', url: `/api/tickets/${number}`, headers: { authorization: `Bearer ${countyToken}` } })
    expect(asCity.statusCode).toBe(200)
    expect(asCounty.statusCode).toBe(200)
    expect(asCity.json().body.name).toBe('和平街道人民调解委员会')
    expect(asCounty.json().body.name).toMatch(/城关镇/)
    expect(JSON.stringify(asCounty.json())).not.toContain('和平街道')
  })

  it('exports and the chat page are per court', async () => {
    const cityDuty = await t.login('city-duty')
    const csv = await t.app.inject({ method: 'GET', url: '/api/tickets/export.csv', headers: { authorization: `Bearer ${cityDuty}` } })
    expect(csv.statusCode).toBe(200)
    expect(csv.body).toContain('和平街道')
    expect(csv.body).not.toContain('城关镇')
    const page = await t.app.inject({ method: 'GET', url: '/chat?court=demo-city' })
    expect(page.body).toContain('示例市城区人民法院')
    expect((await t.app.inject({ method: 'GET', url: '/chat' })).body).toContain('示例县人民法院')
  })

  it('a citizen stays with the court they first wrote to; an unknown court gets a clear 404', async () => {
    const r = await chatIn('no-such-court', 'u-x', '你好')
    expect(r.status).toBe(404)
    expect(JSON.stringify(r.body)).toContain('没有找到这个法院')
    const greet = await chatIn('demo-city', 'city-only', '你好')
    expect(text(greet.body)).toContain('示例市城区人民法院')
  })
})
