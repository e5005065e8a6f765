// Child process for the kill -9 test: runs intakes to confirmation in a loop and reports each ticket number.
import { loadConfig } from '../../core/config.js'
import { createRuntime } from '../../api/runtime.js'
import { createLogger } from '../../api/log.js'

const file = process.argv[2]
if (!file) throw new Error('usage: crash-child <db file>')
const rt = await createRuntime(
  loadConfig({ SUYUAN_DB: file, SUYUAN_MODEL_DIR: process.env.SUYUAN_MODEL_DIR, SUYUAN_STATUTES_DIR: '', SUYUAN_ADMIN_PASSWORD: 'x', SUYUAN_NLP_WORKER: '0' }),
  { log: createLogger('silent') },
)
process.stdout.write('ready\n')
for (let i = 0; ; i++) {
  const u = `crash-${process.pid}-${i}`
  await rt.dialogue.handle({ channel: 'web', userId: u, text: '我要调解' })
  await rt.dialogue.handle({ channel: 'web', userId: u, text: '邻居家的树根把我家院墙顶裂了，让他处理他不管' })
  await rt.dialogue.handle({ channel: 'web', userId: u, text: '城关镇' })
  await rt.dialogue.handle({ channel: 'web', userId: u, text: '不留' })
  await rt.dialogue.handle({ channel: 'web', userId: u, text: '同意' })
  const r = await rt.dialogue.handle({ channel: 'web', userId: u, text: '确认' })
  process.stdout.write(`T ${r.ticket?.number ?? 'none'}\n`)
}
