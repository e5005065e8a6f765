// GET /chat: a small page to try the web chat (no build step; plain HTML + JS).
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import type { Runtime } from '../types.js'

const PAGE = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'chat.html')

export default async function chatPage(app: FastifyInstance, opts: { rt: Runtime }) {
  // the page is written for the demo court; serve it with this court's name
  const html = readFileSync(PAGE, 'utf8').replaceAll('示例县人民法院', opts.rt.config.courtName)
  app.get('/chat', async (_req, reply) => reply.type('text/html; charset=utf-8').send(html))
  app.get('/', async (_req, reply) => reply.redirect('/chat'))
}
