// The webhook through fastify inject: signatures, modes, every message and event type, limits.
import { afterEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { createHash } from 'node:crypto'
import { WeChatCrypto } from '../../api/wechat/crypto.js'
import { citizens, inboundDeliveries } from '../../db/schema/index.js'
import {
  ACCOUNT,
  AES_KEY,
  APP_ID,
  TOKEN,
  eventXml,
  mediaXml,
  recordingDialogue,
  replyFields,
  signedQuery,
  stubRuntime,
  testConfig,
  textXml,
  type StubRuntime,
} from './helpers.js'

let env: StubRuntime | undefined
afterEach(async () => {
  await env?.close()
  env = undefined
})

const post = (s: StubRuntime, xml: string, query = signedQuery()) =>
  s.app.inject({ method: 'POST', url: `/wechat?${query}`, headers: { 'content-type': 'text/xml' }, payload: xml })

describe('GET /wechat (URL check)', () => {
  it('echoes echostr when the signature holds, 401 and nothing else otherwise', async () => {
    env = await stubRuntime()
    const ok = await env.app.inject({ method: 'GET', url: `/wechat?${signedQuery(TOKEN, { echostr: '8712345' })}` })
    expect(ok.statusCode).toBe(200)
    expect(ok.body).toBe('8712345')
    const bad = await env.app.inject({ method: 'GET', url: `/wechat?${signedQuery('wrong-token', { echostr: '<script>x</script>' })}` })
    expect(bad.statusCode).toBe(401)
    expect(bad.body).not.toContain('script')
    const missing = await env.app.inject({ method: 'GET', url: '/wechat?echostr=1' })
    expect(missing.statusCode).toBe(401)
  })
})

describe('POST /wechat, plain mode', () => {
  it('text → dialogue → passive text reply with To/From swapped and CreateTime in seconds', async () => {
    const dialogue = recordingDialogue()
    env = await stubRuntime({ dialogue })
    const res = await post(env, textXml('oCitizenA', '老板拖欠工资三个月怎么办', '6054768590064713728'))
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/xml/)
    const f = replyFields(res.body)
    expect(f).toMatchObject({ ToUserName: 'oCitizenA', FromUserName: ACCOUNT, MsgType: 'text', Content: '答复：老板拖欠工资三个月怎么办' })
    expect(Number(f.CreateTime)).toBe(Math.floor(env.clock.now().getTime() / 1000))
    expect(dialogue.calls).toEqual([
      { channel: 'wechat_oa', userId: 'oCitizenA', text: '老板拖欠工资三个月怎么办', dedupKey: 'wx|oCitizenA|1700000000|6054768590064713728' },
    ])
    const c = (await env.rt.db.select().from(citizens).where(eq(citizens.externalId, 'oCitizenA')))[0]
    expect(c?.lastInboundAt?.getTime()).toBe(env.clock.now().getTime())
  })

  it('a wrong signature gets 401, runs no turn and records nothing', async () => {
    const dialogue = recordingDialogue()
    env = await stubRuntime({ dialogue })
    const res = await post(env, textXml('oX', 'hi', '1'), signedQuery('not-our-token'))
    expect(res.statusCode).toBe(401)
    expect(res.body).toBe('invalid signature')
    const noSig = await post(env, textXml('oX', 'hi', '1'), 'timestamp=1&nonce=2')
    expect(noSig.statusCode).toBe(401)
    expect(dialogue.calls).toHaveLength(0)
    expect((await env.rt.db.select().from(inboundDeliveries))).toHaveLength(0)
  })

  it('rejects DTDs (400), oversized bodies (413) and garbage (400) without echoing input', async () => {
    const dialogue = recordingDialogue()
    env = await stubRuntime({ dialogue, config: testConfig({ maxBodyBytes: 2048 }) })
    const xxe = `<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]>${textXml('oX', '&e;', '2')}`
    const r1 = await post(env, xxe)
    expect(r1.statusCode).toBe(400)
    expect(r1.body).not.toContain('passwd')
    const r2 = await post(env, textXml('oX', '长'.repeat(2000), '3'))
    expect(r2.statusCode).toBe(413)
    const r3 = await post(env, '<xml><Content>unclosed</xml>')
    expect(r3.statusCode).toBe(400)
    const r4 = await post(env, '<xml><Content><![CDATA[no sender]]></Content></xml>')
    expect(r4.statusCode).toBe(400)
    expect(dialogue.calls).toHaveLength(0)
  })

  it('content containing "]]>" comes back intact inside split CDATA', async () => {
    env = await stubRuntime({ dialogue: recordingDialogue({ answer: (i) => `您说的是：${i.text}` }) })
    const res = await post(env, textXml('oY', 'a]]]]><![CDATA[>b<xml>', '4'))
    expect(replyFields(res.body).Content).toBe('您说的是：a]]>b<xml>')
  })

  it('a redelivery after completion gets the stored reply; the dialogue ran once', async () => {
    const dialogue = recordingDialogue()
    env = await stubRuntime({ dialogue })
    const xml = textXml('oZ', '我要调解', '5')
    const first = await post(env, xml)
    env.clock.advance(5000)
    const again = await post(env, xml)
    expect(again.body).toBe(first.body)
    expect(dialogue.calls).toHaveLength(1)
  })
})

describe('message and event types', () => {
  it('subscribe (plain and qrscene_) → welcome with privacy notice; clears an earlier unfollow', async () => {
    const dialogue = recordingDialogue()
    env = await stubRuntime({ dialogue })
    await post(env, eventXml('oF', 'unsubscribe', '', 1700000001))
    for (const [key, t] of [['', 1700000002], ['qrscene_123', 1700000003]] as const) {
      const res = await post(env, eventXml('oF', 'subscribe', key, t))
      const content = replyFields(res.body).Content ?? ''
      expect(content).toContain(env.rt.config.courtName)
      for (const must of ['OpenID', '手机号', '不构成法律意见', '我的工单', '转人工']) expect(content).toContain(must)
    }
    expect(dialogue.calls).toHaveLength(0)
    expect((await env.rt.db.select().from(citizens).where(eq(citizens.externalId, 'oF')))[0]?.unsubscribedAt).toBeNull()
  })

  it('unsubscribe → success and recorded on the citizen', async () => {
    env = await stubRuntime()
    const res = await post(env, eventXml('oU', 'unsubscribe'))
    expect(res.body).toBe('success')
    const c = (await env.rt.db.select().from(citizens).where(eq(citizens.externalId, 'oU')))[0]
    expect(c?.unsubscribedAt?.getTime()).toBe(env.clock.now().getTime())
    // an event does not open the 48-hour 客服 window
    expect(c?.lastInboundAt).toBeNull()
  })

  it('menu CLICK keys become the texts the dialogue understands; unknown keys get a hint', async () => {
    const dialogue = recordingDialogue()
    env = await stubRuntime({ dialogue })
    const keys = { LEGAL_CONSULT: '法律咨询', MEDIATION: '我要调解', MY_TICKETS: '我的工单', HUMAN: '转人工' }
    let t = 1700000100
    for (const [key, text] of Object.entries(keys)) {
      const res = await post(env, eventXml('oM', 'CLICK', key, t++))
      expect(replyFields(res.body).Content).toBe(`答复：${text}`)
    }
    expect(dialogue.calls.map((c) => c.text)).toEqual(Object.values(keys))
    const unknown = await post(env, eventXml('oM', 'CLICK', 'OLD_BUTTON', t++))
    expect(replyFields(unknown.body).Content).toContain('我的工单')
    expect(dialogue.calls).toHaveLength(4)
  })

  it('VIEW and SCAN → success, no turn', async () => {
    const dialogue = recordingDialogue()
    env = await stubRuntime({ dialogue })
    expect((await post(env, eventXml('oV', 'VIEW', 'https://court.example/guide', 1700000200))).body).toBe('success')
    expect((await post(env, eventXml('oV', 'SCAN', '123', 1700000201))).body).toBe('success')
    expect(dialogue.calls).toHaveLength(0)
  })

  it('voice with Recognition is a text turn; without it, a request to type', async () => {
    const dialogue = recordingDialogue()
    env = await stubRuntime({ dialogue })
    const r1 = await post(env, mediaXml('oS', 'voice', { MediaId: 'm1', Format: 'amr', Recognition: '邻居漏水怎么办' }, '11'))
    expect(replyFields(r1.body).Content).toBe('答复：邻居漏水怎么办')
    const r2 = await post(env, mediaXml('oS', 'voice', { MediaId: 'm2', Format: 'amr', Recognition: '' }, '12'))
    expect(replyFields(r2.body).Content).toContain('打字')
    expect(dialogue.calls.map((c) => c.text)).toEqual(['邻居漏水怎么办'])
  })

  it('image, location, video, shortvideo, link and file get a polite request for words', async () => {
    const dialogue = recordingDialogue()
    env = await stubRuntime({ dialogue })
    const kinds: [string, Record<string, string>][] = [
      ['image', { PicUrl: 'http://x/p.jpg', MediaId: 'm' }],
      ['location', { Location_X: '40.1', Location_Y: '111.6', Scale: '15', Label: '某嘎查' }],
      ['video', { MediaId: 'm', ThumbMediaId: 't' }],
      ['shortvideo', { MediaId: 'm', ThumbMediaId: 't' }],
      ['link', { Title: '标题', Description: 'd', Url: 'http://x' }],
      ['file', { Title: 'a.pdf', FileKey: 'k' }],
    ]
    let id = 100
    for (const [type, fields] of kinds) {
      const res = await post(env, mediaXml('oI', type, fields, String(id++)))
      expect(res.statusCode).toBe(200)
      expect(replyFields(res.body).Content).toContain('用文字')
    }
    expect(dialogue.calls).toHaveLength(0)
    // they are still messages: the window opened
    expect((await env.rt.db.select().from(citizens).where(eq(citizens.externalId, 'oI')))[0]?.lastInboundAt).not.toBeNull()
  })
})

describe('safe (AES) and compatible modes', () => {
  const sha1 = (p: string[]) => createHash('sha1').update([...p].sort().join('')).digest('hex')

  function encryptedPush(c: WeChatCrypto, inner: string, opts: { badSig?: boolean; compatible?: boolean } = {}) {
    const encrypt = c.encrypt(inner)
    const timestamp = '1700000000'
    const nonce = '5566'
    const msgSig = opts.badSig ? sha1([TOKEN, timestamp, '5567', encrypt]) : sha1([TOKEN, timestamp, nonce, encrypt])
    const q = new URLSearchParams({
      signature: sha1([TOKEN, timestamp, nonce]),
      timestamp,
      nonce,
      encrypt_type: 'aes',
      msg_signature: msgSig,
    })
    const outer = opts.compatible
      ? inner.replace('</xml>', `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`)
      : `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`
    return { q: q.toString(), outer }
  }

  it('decrypts, answers with an encrypted, signed envelope that decrypts to the reply', async () => {
    env = await stubRuntime()
    const c = new WeChatCrypto(TOKEN, AES_KEY, APP_ID)
    const { q, outer } = encryptedPush(c, textXml('oAes', '离婚财产怎么分', '21'))
    const res = await post(env, outer, q)
    expect(res.statusCode).toBe(200)
    const env1 = replyFields(res.body)
    expect(sha1([TOKEN, env1.TimeStamp ?? '', env1.Nonce ?? '', env1.Encrypt ?? ''])).toBe(env1.MsgSignature)
    const inner = replyFields(c.decrypt(env1.Encrypt ?? '').message)
    expect(inner).toMatchObject({ ToUserName: 'oAes', Content: '答复：离婚财产怎么分' })
    // a retried copy: same inner reply, fresh envelope
    const again = replyFields((await post(env, outer, q)).body)
    expect(c.decrypt(again.Encrypt ?? '').message).toBe(c.decrypt(env1.Encrypt ?? '').message)
  })

  it('compatible mode (plaintext + Encrypt) is answered from the ciphertext', async () => {
    const dialogue = recordingDialogue()
    env = await stubRuntime({ dialogue })
    const c = new WeChatCrypto(TOKEN, AES_KEY, APP_ID)
    const { q, outer } = encryptedPush(c, textXml('oCompat', '物业费纠纷', '22'), { compatible: true })
    const res = await post(env, outer, q)
    expect(c.decrypt(replyFields(res.body).Encrypt ?? '').message).toContain('答复：物业费纠纷')
    expect(dialogue.calls).toHaveLength(1)
  })

  it('a bad msg_signature or a message for another appid is refused', async () => {
    const dialogue = recordingDialogue()
    env = await stubRuntime({ dialogue })
    const c = new WeChatCrypto(TOKEN, AES_KEY, APP_ID)
    const bad = encryptedPush(c, textXml('oB', 'x', '23'), { badSig: true })
    expect((await post(env, bad.outer, bad.q)).statusCode).toBe(401)
    const foreign = encryptedPush(new WeChatCrypto(TOKEN, AES_KEY, 'wxSOMEONEELSE00'), textXml('oB', 'x', '24'))
    expect((await post(env, foreign.outer, foreign.q)).statusCode).toBe(400)
    const dtd = encryptedPush(c, `<!DOCTYPE x [<!ENTITY a "b">]>${textXml('oB', '&a;', '25')}`)
    expect((await post(env, dtd.outer, dtd.q)).statusCode).toBe(400)
    expect(dialogue.calls).toHaveLength(0)
  })

  it('the official 公众号 vector goes through the route and reaches the dialogue', async () => {
    const dialogue = recordingDialogue()
    env = await stubRuntime({
      dialogue,
      config: testConfig({ token: 'spamtest', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appId: 'wx2c2769f8efd9abc2' }),
    })
    const encrypt =
      'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE='
    const q = 'encrypt_type=aes&timestamp=1409735669&nonce=1320562132&msg_signature=5d197aaffba7e9b25a30732f161a50dee96bd5fa'
    const res = await post(env, `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`, q)
    expect(res.statusCode).toBe(200)
    expect(dialogue.calls[0]).toMatchObject({ userId: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs', text: 'abcdteT' })
  })
})
