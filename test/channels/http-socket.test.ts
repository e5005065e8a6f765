// The HTTP API over a real TCP socket (not inject): what a browser or a proxy in front of us actually sees.
import { clientOf } from '../../db/group-commit.js'
import type { AddressInfo } from 'node:net'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestRuntime, type TestRuntime } from '../support/runtime.js'
import { LAW_CITATION } from './helpers.js'

let t: TestRuntime
let base: string

beforeAll(async () => {
  t = await createTestRuntime()
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await t?.close()
})

const json = { 'content-type': 'application/json' }
const countMessages = () => (clientOf(t.rt.db).prepare('select count(*) n from messages').get() as { n: number }).n

/** Every error answer is JSON with a code and a Chinese message, and never leaks a stack. */
async function expectJsonError(r: Response, status: number) {
  expect(r.status).toBe(status)
  expect(r.headers.get('content-type')).toMatch(/application\/json/)
  const body = (await r.json()) as { code: string; message: string }
  expect(body.code).toBeTruthy()
  expect(body.message).toMatch(/[\u4e00-\u9fff]/)
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+|node_modules/)
  return body
}

describe('HTTP API on a real socket', () => {
  it('POST /api/chat answers a question with a law citation', async () => {
    const r = await fetch(`${base}/api/chat`, { method: 'POST', headers: json, body: JSON.stringify({ userId: 'sock-1', text: '老板拖欠我三个月工资不给，我该怎么办' }) })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/application\/json/)
    const body = (await r.json()) as { replies: { text: string }[] }
    expect(body.replies.map((x) => x.text).join('\n')).toMatch(LAW_CITATION)
  })

  it('serves the chat page and redirects / to it', async () => {
    const page = await fetch(`${base}/chat`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    const html = await page.text()
    expect(html).toContain('/api/chat')
    expect(html).not.toMatch(/(src|href)=["']https?:/) // no external URLs
    const root = await fetch(`${base}/`, { redirect: 'manual' })
    expect(root.status).toBeGreaterThanOrEqual(300)
    expect(root.status).toBeLessThan(400)
    expect(root.headers.get('location')).toBe('/chat')
  })

  it('answers an unknown route with a 404 JSON', async () => {
    const body = await expectJsonError(await fetch(`${base}/api/nope`), 404)
    expect(body.code).toBe('NOT_FOUND')
    await expectJsonError(await fetch(`${base}/api/chat/nope`, { method: 'POST', headers: json, body: '{}' }), 404)
  })

  it('refuses a body over 256 KB with 413 and stores nothing', async () => {
    const before = countMessages()
    const big = JSON.stringify({ userId: 'sock-big', text: '欠'.repeat(100_000) }) // ~300 KB in UTF-8
    expect(Buffer.byteLength(big)).toBeGreaterThan(256 * 1024)
    const body = await expectJsonError(await fetch(`${base}/api/chat`, { method: 'POST', headers: json, body: big }), 413)
    expect(body.code).toBe('PAYLOAD_TOO_LARGE')
    expect(countMessages()).toBe(before)
  })

  it('refuses a body that streams past the limit without a content-length', async () => {
    // chunked upload: the server must cut it off by counting, not by trusting a header
    const port = new URL(base).port
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/chat', method: 'POST', headers: json }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      const chunk = Buffer.from('x'.repeat(64 * 1024))
      req.write('{"userId":"sock-chunked","text":"')
      for (let i = 0; i < 5; i++) req.write(chunk)
      req.end('"}')
    })
    expect(status).toBe(413)
  })

  it('refuses a wrong content type with 415 (or 400), never a 5xx', async () => {
    const before = countMessages()
    const cases: [string, string][] = [
      ['text/plain', 'userId=sock-2&text=你好'],
      ['application/x-www-form-urlencoded', 'userId=sock-2&text=%E4%BD%A0%E5%A5%BD'],
      ['application/xml', '<xml><userId>sock-2</userId></xml>'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nhi\r\n--x--'],
    ]
    for (const [type, payload] of cases) {
      const r = await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': type }, body: payload })
      expect([400, 415], `${type} → ${r.status}`).toContain(r.status)
      await expectJsonError(r, r.status)
    }
    expect(countMessages()).toBe(before)
  })

  it('answers malformed and hostile requests with 4xx JSON, never a 5xx', async () => {
    const hostile: { path: string; init: RequestInit }[] = [
      { path: '/api/chat', init: { method: 'POST', headers: json, body: '{"userId":' } },
      { path: '/api/chat', init: { method: 'POST', headers: json, body: '' } },
      { path: '/api/chat', init: { method: 'POST', headers: json, body: 'null' } },
      { path: '/api/chat', init: { method: 'POST', headers: json, body: '[1,2,3]' } },
      { path: '/api/chat', init: { method: 'POST', headers: json, body: '{"__proto__":{"x":1},"userId":"a","text":1}' } },
      { path: '/api/chat', init: { method: 'POST', headers: json, body: JSON.stringify({ userId: '../../etc/passwd', text: 'hi' }) } },
      { path: '/api/chat', init: { method: 'GET' } },
      { path: '/api/chat/messages', init: { method: 'GET' } },
      { path: '/api/chat/messages?userId=a&after=-1', init: { method: 'GET' } },
      { path: '/api/chat/messages?userId=a&after=abc', init: { method: 'GET' } },
      { path: '/api/chat/messages?userId=%00', init: { method: 'GET' } },
      { path: '/api/tickets', init: { method: 'GET', headers: { authorization: 'Bearer not-a-token' } } },
    ]
    for (const { path, init } of hostile) {
      const r = await fetch(`${base}${path}`, init)
      expect(r.status, `${init.method} ${path} → ${r.status}`).toBeGreaterThanOrEqual(400)
      expect(r.status, `${init.method} ${path} → ${r.status}`).toBeLessThan(500)
      await expectJsonError(r, r.status)
    }
  })

  it('GET /api/chat/messages returns a citizen’s pushes after an id, as JSON', async () => {
    await fetch(`${base}/api/chat`, { method: 'POST', headers: json, body: JSON.stringify({ userId: 'sock-push', text: '你好' }) })
    const cid = (clientOf(t.rt.db).prepare("select id from citizens where channel = 'web' and external_id = 'sock-push'").get() as { id: number }).id
    const ins = clientOf(t.rt.db).prepare("insert into messages (citizen_id, direction, kind, channel, text, created_at) values (?, 'out', 'push', 'web', ?, ?)")
    const first = Number(ins.run(cid, '第一条通知', Date.now()).lastInsertRowid)
    ins.run(cid, '第二条通知', Date.now())
    const all = (await (await fetch(`${base}/api/chat/messages?userId=sock-push`)).json()) as { items: { id: number; text: string }[] }
    expect(all.items.map((m) => m.text)).toEqual(['第一条通知', '第二条通知'])
    const later = (await (await fetch(`${base}/api/chat/messages?userId=sock-push&after=${first}`)).json()) as { items: { text: string }[] }
    expect(later.items.map((m) => m.text)).toEqual(['第二条通知'])
    // another citizen sees none of them
    const other = (await (await fetch(`${base}/api/chat/messages?userId=sock-other`)).json()) as { items: unknown[] }
    expect(other.items).toEqual([])
  })
})
