// The Official Account webhook: GET /wechat (URL check) and POST /wechat (plain, compatible and safe mode).
// A fastify plugin; its XML parser and error handler are encapsulated so the rest of the app is unaffected.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import { SuyuanError, isSuyuanError } from '../../core/errors.js'
import type { Runtime } from '../types.js'
import { WeChatCrypto, freshNonce, verifyMsgSignature, verifyPlainSignature } from './crypto.js'
import { createDeliveryStore, SUCCESS } from './deliveries.js'
import { planInbound } from './inbound.js'
import { handleDelivery } from './turn.js'
import { encryptedReplyXml, parseInboundXml, refuseDtd } from './xml.js'

interface WxQuery {
  signature?: string
  timestamp?: string
  nonce?: string
  echostr?: string
  encrypt_type?: string
  msg_signature?: string
  openid?: string
}

export default async function wechatRoutes(app: FastifyInstance, opts: { rt: Runtime }): Promise<void> {
  const { rt } = opts
  const cfg = rt.config.wechat
  const token = cfg.token
  if (!token) throw new SuyuanError('BAD_INPUT', 'WECHAT_TOKEN is not set: the WeChat webhook cannot verify pushes')
  const aes = cfg.encodingAesKey && cfg.appId ? new WeChatCrypto(token, cfg.encodingAesKey, cfg.appId) : undefined
  const store = createDeliveryStore(rt.db, rt.uow)

  // keep the raw string: signatures and decryption work on it
  app.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string', bodyLimit: cfg.maxBodyBytes }, (_req, body, done) =>
    done(null, body),
  )

  // short, fixed bodies: nothing from the request is ever echoed back in an error
  app.setErrorHandler((err: FastifyError | SuyuanError, _req, reply) => {
    const status = isSuyuanError(err) ? err.httpStatus : (err.statusCode ?? 500)
    if (status >= 500) rt.log.error({ err: err.message }, 'wechat webhook failed')
    const text = status === 401 ? 'invalid signature' : status === 413 ? 'payload too large' : status < 500 ? 'bad request' : 'error'
    return reply.code(status).type('text/plain; charset=utf-8').send(text)
  })

  // the query holds the OpenID: keep fastify's per-request log lines out of it
  const routeOpts = { logLevel: 'warn' as const, bodyLimit: cfg.maxBodyBytes }

  app.get<{ Querystring: WxQuery }>('/wechat', routeOpts, async (req, reply) => {
    const q = req.query
    if (!verifyPlainSignature(token, q) || typeof q.echostr !== 'string') {
      throw new SuyuanError('UNAUTHENTICATED', 'invalid signature')
    }
    return reply.type('text/plain; charset=utf-8').send(q.echostr)
  })

  app.post<{ Querystring: WxQuery }>('/wechat', routeOpts, async (req, reply) => {
    const deadline = performance.now() + cfg.replyBudgetMs
    const q = req.query
    const safeMode = q.encrypt_type === 'aes'
    // safe mode signs the ciphertext (msg_signature); `signature`, when sent, must hold as well
    if (!safeMode || q.signature !== undefined) {
      if (!verifyPlainSignature(token, q)) throw new SuyuanError('UNAUTHENTICATED', 'invalid signature')
    }
    if (typeof req.body !== 'string' || req.body === '') throw new SuyuanError('BAD_INPUT', 'empty body')
    const outer = parseInboundXml(req.body)

    let inner = outer
    if (safeMode) {
      if (!aes) throw new SuyuanError('BAD_INPUT', 'safe mode push but no EncodingAESKey configured')
      const encrypt = outer.Encrypt
      if (!encrypt) throw new SuyuanError('BAD_INPUT', 'missing Encrypt')
      if (!verifyMsgSignature(token, q, encrypt)) throw new SuyuanError('UNAUTHENTICATED', 'invalid msg_signature')
      const { message } = aes.decrypt(encrypt)
      refuseDtd(message)
      inner = parseInboundXml(message)
    }

    const plan = planInbound(inner, rt.config.courtName)
    const body = await handleDelivery({ rt, store }, plan, deadline)
    return sendBody(reply, body, safeMode ? aes : undefined)
  })

  function sendBody(reply: FastifyReply, body: string, crypto: WeChatCrypto | undefined): FastifyReply {
    if (body === SUCCESS) return reply.type('text/plain; charset=utf-8').send(SUCCESS)
    if (!crypto) return reply.type('application/xml; charset=utf-8').send(body)
    // every copy of a reply gets a fresh nonce and timestamp; the inner XML is the same
    const timestamp = String(Math.floor(rt.clock.now().getTime() / 1000))
    const sealed = crypto.seal(body, { timestamp, nonce: freshNonce() })
    return reply.type('application/xml; charset=utf-8').send(encryptedReplyXml(sealed))
  }
}
