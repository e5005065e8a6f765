// Conformance with the published WeChat / WeCom vectors (wechat-and-stack.md §1.5) and our own edge cases.
import { describe, expect, it } from 'vitest'
import {
  WeChatCrypto,
  msgSignature,
  plainSignature,
  verifyMsgSignature,
  verifyPlainSignature,
} from '../../api/wechat/crypto.js'
import { parseInboundXml } from '../../api/wechat/xml.js'

// Tencent's WXBizMsgCrypt Python demo (公众号)
const MP = {
  token: 'spamtest',
  key: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wx2c2769f8efd9abc2',
  timestamp: '1409735669',
  nonce: '1320562132',
  signature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  encrypt:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
}

// wechatpy tests/test_crypto.py (WeCom)
const WORK = {
  token: '123456',
  key: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
  corpId: 'wx49f0ab532d5d035a',
  timestamp: '1411525903',
  nonce: '461056294',
  signature: '74d92dfeb87ba7c714f89d98870ae5eb62dff26d',
  encrypt:
    'RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=',
}

describe('official vectors', () => {
  it('公众号 sample: msg_signature matches and the message decrypts with the appid tail', () => {
    const q = { msg_signature: MP.signature, timestamp: MP.timestamp, nonce: MP.nonce }
    expect(verifyMsgSignature(MP.token, q, MP.encrypt)).toBe(true)
    const c = new WeChatCrypto(MP.token, MP.key, MP.appId)
    const { message, receiverId } = c.decrypt(MP.encrypt)
    expect(receiverId).toBe('wx2c2769f8efd9abc2')
    const m = parseInboundXml(message)
    expect(m.FromUserName).toBe('oyORnuP8q7ou2gfYjqLzSIWZf0rs')
    expect(m.Content).toBe('abcdteT')
    expect(m.MsgType).toBe('text')
    // 64-bit MsgId must survive as a string
    expect(m.MsgId).toBe('6054768590064713728')
  })

  it('WeCom / wechatpy sample decrypts', () => {
    expect(msgSignature(WORK.token, WORK.timestamp, WORK.nonce, WORK.encrypt)).toBe(WORK.signature)
    const m = parseInboundXml(new WeChatCrypto(WORK.token, WORK.key, WORK.corpId).decrypt(WORK.encrypt).message)
    expect(m).toMatchObject({ Content: 'test', FromUserName: 'messense', AgentID: '1', MsgId: '4363689963896700987' })
  })

  it('wechatpy encrypt vector: random "1234567890123456" gives the published Encrypt and MsgSignature', () => {
    const reply =
      '<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n' +
      '<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n' +
      '<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>'
    const sealed = new WeChatCrypto(WORK.token, WORK.key, WORK.corpId).seal(reply, {
      timestamp: '1411525903',
      nonce: '461056294',
      random: '1234567890123456',
    })
    expect(sealed.signature).toBe('407518b7649e86ef23978113f92d27afa9296533')
    expect(sealed.encrypt).toBe(
      '9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3',
    )
  })

  it('wechatpy check_signature: the good nonce passes, nonce 437374424 must fail', () => {
    const echo = '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q=='
    const sig = 'dd6b9c95b495b3f7e2901bfbc76c664930ffdb96'
    expect(verifyMsgSignature(WORK.token, { msg_signature: sig, timestamp: '1411443780', nonce: '437374425' }, echo)).toBe(true)
    expect(verifyMsgSignature(WORK.token, { msg_signature: sig, timestamp: '1411443780', nonce: '437374424' }, echo)).toBe(false)
    // the WeCom URL check echostr decrypts to the digits WeChat expects back
    expect(new WeChatCrypto(WORK.token, WORK.key, WORK.corpId).decrypt(echo).message).toMatch(/^\d+$/)
  })
})

describe('our own cases', () => {
  const c = new WeChatCrypto('tok', MP.key, 'wxAPPID000000000')

  it('round-trips Chinese text of many lengths, incl. exact multiples of the 32-byte block', () => {
    for (const n of [0, 1, 11, 12, 31, 32, 33, 64, 500]) {
      const msg = '诉'.repeat(n) + 'x'.repeat(n % 7)
      const enc = c.encrypt(msg)
      expect(Buffer.from(enc, 'base64').length % 32).toBe(0)
      expect(c.decrypt(enc).message).toBe(msg)
    }
  })

  it('rejects a message encrypted for another appid', () => {
    const other = new WeChatCrypto('tok', MP.key, 'wxOTHER00000000')
    expect(() => c.decrypt(other.encrypt('<xml/>'))).toThrow(/another appid/)
  })

  it('rejects tampered or garbage ciphertext without crashing', () => {
    const enc = Buffer.from(c.encrypt('<xml><a>1</a></xml>'), 'base64')
    enc[enc.length - 1] = (enc[enc.length - 1] ?? 0) ^ 0xff
    expect(() => c.decrypt(enc.toString('base64'))).toThrow()
    expect(() => c.decrypt('bm90IGEgY2lwaGVydGV4dA==')).toThrow()
    expect(() => c.decrypt('')).toThrow()
  })

  it('rejects a bad EncodingAESKey', () => {
    expect(() => new WeChatCrypto('t', 'short', 'wx')).toThrow(/43 characters/)
  })

  it('plain signature: sorted sha1, case-insensitive hex, missing parts fail', () => {
    const sig = plainSignature('tok', '1409735669', '1320562132')
    expect(verifyPlainSignature('tok', { signature: sig, timestamp: '1409735669', nonce: '1320562132' })).toBe(true)
    expect(verifyPlainSignature('tok', { signature: sig.toUpperCase(), timestamp: '1409735669', nonce: '1320562132' })).toBe(true)
    expect(verifyPlainSignature('tok', { signature: sig, timestamp: '1409735670', nonce: '1320562132' })).toBe(false)
    expect(verifyPlainSignature('other', { signature: sig, timestamp: '1409735669', nonce: '1320562132' })).toBe(false)
    expect(verifyPlainSignature('tok', { timestamp: '1', nonce: '2' })).toBe(false)
    expect(verifyPlainSignature('tok', { signature: 'abc', timestamp: '1409735669', nonce: '1320562132' })).toBe(false)
  })
})
