import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDb } from '../../db/client.js'

const dir = mkdtempSync(join(tmpdir(), 'suyuan-mig-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('migrations on a fresh database', () => {
  const file = join(dir, 'fresh.db')
  it('creates every table with the durability settings intake records need', () => {
    const h = openDb(file)
    const tables = (h.sqlite.prepare("select name from sqlite_master where type='table'").all() as { name: string }[]).map((r) => r.name)
    for (const t of ['citizens', 'conversations', 'messages', 'kb_articles', 'bodies', 'regions', 'tickets', 'ticket_events', 'users', 'outbox', 'access_log']) {
      expect(tables).toContain(t)
    }
    expect(h.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(h.sqlite.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(h.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    h.close()
  })

  it('is a no-op the second time and keeps data', () => {
    const a = openDb(file)
    a.sqlite.prepare("insert into courts (code, name) values ('x', '测试法院')").run()
    const applied = a.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }
    a.close()
    const b = openDb(file)
    expect((b.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(applied.n)
    expect((b.sqlite.prepare("select count(*) as n from courts where code='x'").get() as { n: number }).n).toBe(1)
    b.close()
  })

  it('refuses to change or delete the audit trail', () => {
    const h = openDb(join(dir, 'audit.db'))
    const s = h.sqlite
    s.prepare("insert into courts (code, name) values ('c', '测试法院')").run()
    s.prepare("insert into tickets (court_id, number, channel, intent, domain, summary) values (1, 'SY-2026-000001', 'web', 'dispute', 'neighbor', '测试')").run()
    s.prepare("insert into ticket_events (ticket_id, actor_type, action) values (1, 'system', 'created')").run()
    expect(() => s.prepare("update ticket_events set action = 'x'").run()).toThrow(/append-only/)
    expect(() => s.prepare('delete from ticket_events').run()).toThrow(/append-only/)
    s.prepare("insert into access_log (action) values ('login')").run()
    expect(() => s.prepare('delete from access_log').run()).toThrow(/append-only/)
    // foreign keys are enforced
    expect(() => s.prepare("insert into ticket_events (ticket_id, actor_type, action) values (999, 'system', 'x')").run()).toThrow()
    h.close()
  })
})
