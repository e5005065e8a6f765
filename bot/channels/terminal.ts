// npm run chat: the same dialogue in a terminal, on the same database as `npm start`.
import { createInterface } from 'node:readline/promises'
import { stdin, stdout } from 'node:process'
import { loadConfig } from '../../core/config.js'
import { createRuntime } from '../../api/runtime.js'
import { createLogger } from '../../api/log.js'
import { TERMINAL } from '../strings/channels.js'

async function main() {
  const config = loadConfig(process.env)
  const rt = await createRuntime(config, { log: createLogger('warn') })
  const rl = createInterface({ input: stdin, output: stdout, terminal: stdin.isTTY })
  const userId = process.env.SUYUAN_TERMINAL_USER ?? `terminal-${process.pid}`
  stdout.write(`${TERMINAL.banner(config.courtName)}\n`)
  try {
    for (;;) {
      const line = await rl.question(TERMINAL.prompt).catch(() => null)
      if (line === null || line.trim() === '/quit') break
      if (!line.trim()) continue
      const r = await rt.dialogue.handle({ channel: 'terminal', userId, text: line })
      for (const m of r.replies) stdout.write(`${TERMINAL.bot}${m.text}\n`)
    }
  } finally {
    stdout.write(`${TERMINAL.bye}\n`)
    rl.close()
    await rt.close()
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
