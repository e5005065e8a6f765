// PIPL: ID numbers are never stored raw; phone numbers only where a clerk needs them (the ticket's contact);
// logs carry no phone, ID number or message text.
import { clientOf } from '../../db/group-commit.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestRuntime, type TestRuntime } from '../support/runtime.js'

let t: TestRuntime
beforeAll(async () => {
  t = await createTestRuntime()
})
afterAll(async () => {
  await t?.close()
})

const PHONE = '13912348765'
const ID = '150102199003072117'

describe('personal data', () => {
  it('keeps raw ID numbers out of the database and personal data out of the logs', async () => {
    const u = 'privacy-citizen'
    await t.chat(u, '我要调解')
    await t.chat(u, `我叫张建国，身份证${ID}，电话${PHONE}，邻居把我家的排水沟堵了，下雨院子全淹`)
    await t.chat(u, '城关镇')
    await t.chat(u, '同意')
    const r = await t.chat(u, '确认')
    expect(r.ticket?.number).toBeTruthy()
    await t.rt.jobs.idle()

    // the whole database file, every table: no raw ID number anywhere
    const tables = (clientOf(t.rt.db).prepare("select name from sqlite_master where type='table' and name not like '%fts%'").all() as { name: string }[]).map((x) => x.name)
    for (const name of tables) {
      const rows = clientOf(t.rt.db).prepare(`select * from "${name}"`).all()
      expect(JSON.stringify(rows), `table ${name}`).not.toContain(ID)
    }
    // the phone is on the ticket (the clerk calls it) and nowhere else
    const ticket = clientOf(t.rt.db).prepare('select contact_phone, facts from tickets where number = ?').get(r.ticket!.number) as { contact_phone: string; facts: string }
    expect(ticket.contact_phone).toBe(PHONE)
    expect(ticket.facts).not.toContain(PHONE)
    const messages = JSON.stringify(clientOf(t.rt.db).prepare('select text from messages').all())
    expect(messages).not.toContain(PHONE)

    const logs = t.log.lines.join('\n')
    expect(logs.length).toBeGreaterThan(0)
    expect(logs).not.toContain(PHONE)
    expect(logs).not.toContain(ID)
    expect(logs).not.toContain('张建国')
    expect(logs).not.toContain('排水沟')
  })

  it('masks the phone in lists and exports, shows it in the in-scope detail view', async () => {
    const token = await t.login('admin')
    const list = await t.app.inject({ method: 'GET', url: '/api/tickets', headers: { authorization: `Bearer ${token}` } })
    expect(list.body).not.toContain(PHONE)
    expect(list.body).toContain('139****8765')
    const csv = await t.app.inject({ method: 'GET', url: '/api/tickets/export.csv', headers: { authorization: `Bearer ${token}` } })
    expect(csv.statusCode).toBe(200)
    expect(csv.body).not.toContain(PHONE)
  })
})
