// npm run chat: the same dialogue in a terminal, on the same database as `npm start`.
// Lines are read through readline's async iterator, which buffers: a line typed (or piped) while the bot is still
// answering the previous one is answered next, not dropped.
import { createInterface } from 'node:readline'
import { stdin, stdout } from 'node:process'
import { loadConfig } from '../../core/config.js'
import { createRuntime } from '../../api/runtime.js'
import { createLogger } from '../../api/log.js'
import { TERMINAL } from '../../strings/channels.js'

async function main() {
  const config = loadConfig(process.env)
  const rt = await createRuntime(config, { log: createLogger('warn') })
  const rl = createInterface({ input: stdin, output: stdout, terminal: stdin.isTTY, prompt: TERMINAL.prompt })
  const userId = process.env.SUYUAN_TERMINAL_USER ?? `terminal-${process.pid}`
  stdout.write(`${TERMINAL.banner(config.courtName)}\n`)
  try {
    rl.prompt()
    for await (const raw of rl) {
      const line = raw.trim()
      if (line === '/quit') break
      if (line) {
        try {
          const r = await rt.dialogue.handle({ channel: 'terminal', userId, text: line })
          for (const m of r.replies) stdout.write(`${TERMINAL.bot}${m.text}\n`)
        } catch (err) {
          rt.log.error({ err: err instanceof Error ? err.message : String(err) }, 'terminal turn failed')
          stdout.write(`${TERMINAL.bot}${TERMINAL.failed}\n`)
        }
      }
      rl.prompt()
    }
  } finally {
    stdout.write(`\n${TERMINAL.bye}\n`)
    rl.close()
    await rt.close()
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
