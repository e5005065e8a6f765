// `npm run chat` as a real child process: a fresh database, the trained model, questions piped to stdin.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TERMINAL } from '../../strings/channels.js'
import { MODEL_DIR } from '../support/runtime.js'
import { LAW_CITATION, waitFor } from './helpers.js'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function startTerminal() {
  const dir = mkdtempSync(join(tmpdir(), 'suyuan-terminal-'))
  dirs.push(dir)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SUYUAN_DB: join(dir, 'terminal.db'),
    SUYUAN_MODEL_DIR: MODEL_DIR,
    SUYUAN_STATUTES_DIR: '',
    SUYUAN_ADMIN_PASSWORD: 'terminal-test-password',
    LOG_LEVEL: 'silent',
  }
  delete env.REDIS_URL // jobs in-process: the terminal needs no Redis
  const child = spawn('npx', ['tsx', 'bot/channels/terminal.ts'], { cwd: process.cwd(), env, stdio: ['pipe', 'pipe', 'pipe'], detached: true })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  // npx → tsx → node: on failure stop the whole process group, not just npx
  const stop = () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        /* already gone */
      }
    }
  }
  return { child, exited, stop, out: () => out, err: () => err }
}

describe('terminal channel (npm run chat)', () => {
  it('answers questions typed in a row — none is dropped while the bot is busy — and /quit ends it cleanly', async () => {
    const term = startTerminal()
    try {
      // all lines at once: the second arrives while the first is still being answered
      term.child.stdin.write('老板拖欠我三个月工资不给，我该怎么办\n你好\n/quit\n')
      // stdin stays open: only /quit may end the session
      const code = await Promise.race([term.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))])
      expect(code, `stderr: ${term.err()}`).toBe(0)
      const out = term.out()
      expect(out).toContain('诉讼服务助手（终端版）')
      const answers = out.split(TERMINAL.bot).slice(1).join('\n')
      expect(answers).toMatch(LAW_CITATION)
      expect(answers).toMatch(/一般性/)
      // the greeting reply to 你好 comes after the legal answer
      expect(out.indexOf('我可以帮您')).toBeGreaterThan(out.search(LAW_CITATION))
      expect(out.trimEnd().endsWith(TERMINAL.bye)).toBe(true)
    } finally {
      term.stop()
    }
  }, 90_000)

  it('ends cleanly when stdin closes (piped input without /quit)', async () => {
    const term = startTerminal()
    try {
      await waitFor('the banner', () => term.out().includes('终端版'), 60_000, 100)
      term.child.stdin.end('我要调解\n')
      const code = await Promise.race([term.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))])
      expect(code, `stderr: ${term.err()}`).toBe(0)
      // the intake starts: the bot asks about the matter or where it happened
      expect(term.out().split(TERMINAL.bot).length).toBeGreaterThan(1)
      expect(term.out().trimEnd().endsWith(TERMINAL.bye)).toBe(true)
    } finally {
      term.stop()
    }
  }, 90_000)
})
