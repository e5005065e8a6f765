// Nothing half-written: kill -9 a process in the middle of creating tickets, reopen the database, and every ticket
// is whole (its first events and its notify job are there) — or absent.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDb } from '../../db/client.js'
import { MODEL_DIR } from '../support/runtime.js'

const dir = mkdtempSync(join(tmpdir(), 'suyuan-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function runAndKill(file: string, afterTickets: number, extraMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/crash-child.ts', file], {
      env: { ...process.env, SUYUAN_MODEL_DIR: MODEL_DIR },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const numbers: string[] = []
    let buf = ''
    let killing = false
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i)
        buf = buf.slice(i + 1)
        if (line.startsWith('T ')) numbers.push(line.slice(2))
        if (numbers.length >= afterTickets && !killing) {
          killing = true
          setTimeout(() => child.kill('SIGKILL'), extraMs)
        }
      }
    })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(numbers) : reject(new Error(`child exited early: ${err}`))))
    setTimeout(() => child.kill('SIGKILL'), 50_000).unref()
  })
}

describe('kill -9 during ticket creation', () => {
  it('leaves only whole tickets behind', async () => {
    const file = join(dir, 'crash.db')
    const reported: string[] = []
    for (const extra of [0, 7, 23]) reported.push(...(await runAndKill(file, 3, extra)))
    const h = openDb(file)
    const s = h.sqlite
    expect(s.pragma('integrity_check', { simple: true })).toBe('ok')
    const tickets = s.prepare('select id, number, body_id from tickets').all() as { id: number; number: string; body_id: number | null }[]
    // everything the child reported as created survived the kill (synchronous=FULL, committed before replying)
    for (const n of reported) expect(tickets.map((t) => t.number)).toContain(n)
    expect(tickets.length).toBeGreaterThanOrEqual(reported.length)
    for (const t of tickets) {
      const actions = (s.prepare('select action from ticket_events where ticket_id = ? order by id').all(t.id) as { action: string }[]).map((e) => e.action)
      expect(actions[0]).toBe('created')
      if (t.body_id) expect(actions).toContain('dispatched')
      expect(s.prepare('select 1 from outbox where job_key = ?').get(`new-ticket-${t.id}`)).toBeTruthy()
    }
    // no orphans: no event or job points at a missing ticket
    expect((s.prepare('select count(*) n from ticket_events where ticket_id not in (select id from tickets)').get() as { n: number }).n).toBe(0)
    h.close()
  }, 90_000)
})
