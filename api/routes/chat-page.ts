// GET /chat: a small page to try the web chat (no build step; plain HTML + JS).
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import type { Runtime } from '../types.js'

const PAGE = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'chat.html')

export default async function chatPage(app: FastifyInstance, _opts: { rt: Runtime }) {
  const html = readFileSync(PAGE, 'utf8')
  app.get('/chat', async (_req, reply) => reply.type('text/html; charset=utf-8').send(html))
  app.get('/', async (_req, reply) => reply.redirect('/chat'))
}
