// buildApp(rt) returns a fastify instance that has not started: tests inject into it, server.ts listens.
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { isSuyuanError } from '../core/errors.js'
import { registerAuth } from './auth.js'
import chatRoutes from './routes/chat.js'
import chatPage from './routes/chat-page.js'
import ticketRoutes from './routes/tickets.js'
import ticketActionRoutes from './routes/tickets-actions.js'
import exportRoutes from './routes/export.js'
import statsRoutes from './routes/stats.js'
import wechatRoutes from './wechat/routes.js'
import type { Runtime } from './types.js'

export interface AppOptions {
  /** fastify's own request logging (off in tests) */
  logger?: boolean
}

export async function buildApp(rt: Runtime, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: rt.config.logLevel, redact: ['req.headers.authorization'] } : false,
    bodyLimit: 256 * 1024,
    // no stack traces, no echo of input in errors
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: true, coerceTypes: 'array', allErrors: false } },
  })

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isSuyuanError(err)) return reply.status(err.httpStatus).send({ code: err.code, message: err.message })
    if (err.validation) return reply.status(400).send({ code: 'BAD_INPUT', message: `请求格式不正确：${err.message}` })
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code = err.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : err.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_INPUT'
      return reply.status(err.statusCode).send({ code, message: clientMessage(err.statusCode) })
    }
    rt.log.error({ url: req.routeOptions.url, err: err.message }, 'unhandled error')
    return reply.status(500).send({ code: 'INTERNAL', message: '服务暂时出了问题，请稍后再试' })
  })
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ code: 'NOT_FOUND', message: '没有这个地址' }))

  await app.register(swagger, {
    openapi: {
      info: { title: 'suyuan 诉源 API', version: '0.1.0', description: '基层法院诉源治理：受理、转办、督办、反馈' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  app.get('/health', async () => ({ ok: true, jobs: rt.jobs.kind }))
  registerAuth(app, rt)
  await app.register(chatRoutes, { rt })
  await app.register(chatPage, { rt })
  await app.register(ticketRoutes, { rt })
  await app.register(ticketActionRoutes, { rt })
  await app.register(exportRoutes, { rt })
  await app.register(statsRoutes, { rt })
  // the Official Account webhook exists only when the account's token is configured
  if (rt.config.wechat.token) await app.register(wechatRoutes, { rt })
  return app
}

function clientMessage(status: number): string {
  if (status === 413) return '请求内容太大'
  if (status === 415) return '不支持这种内容类型，请用 JSON'
  if (status === 404) return '没有这个地址'
  return '请求格式不正确'
}
