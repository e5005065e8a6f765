// GET /chat: a small page to try the web chat (no build step; plain HTML + JS).
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import type { Runtime } from '../types.js'

const PAGE = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'chat.html')

export default async function chatPage(app: FastifyInstance, opts: { rt: Runtime }) {
  // the page is written for the demo court; serve it with the name of the court it is for (/chat?court=<code>)
  const page = readFileSync(PAGE, 'utf8')
  const byCode = new Map(opts.rt.courts.map((c) => [c.code, page.replaceAll('示例县人民法院', c.name)]))
  const fallback = page.replaceAll('示例县人民法院', opts.rt.config.courtName)
  app.get('/chat', async (req, reply) => {
    const code = (req.query as { court?: unknown }).court
    const html = (typeof code === 'string' && byCode.get(code)) || (opts.rt.courts[0] ? byCode.get(opts.rt.courts[0].code) : undefined) || fallback
    return reply.type('text/html; charset=utf-8').send(html)
  })
  app.get('/', async (_req, reply) => reply.redirect('/chat'))
}
