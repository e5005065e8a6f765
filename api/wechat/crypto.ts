// WeChat push signatures and 安全模式 (AES) message crypto, as in Tencent's WXBizMsgCrypt.
// AES-256-CBC, key = base64(EncodingAESKey + '='), IV = key[0..16], PKCS#7 with a 32-byte block done by hand
// (Node's own padding uses 16 bytes), plaintext = random(16) + len(4, BE) + msg + appid.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { SuyuanError } from '../../core/errors.js'

const BLOCK = 32

const sha1 = (parts: string[]): string => createHash('sha1').update([...parts].sort().join('')).digest('hex')

/** Constant-time compare of two hex strings (different lengths: false). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The `signature` query parameter (URL check and every plain-mode POST). */
export const plainSignature = (token: string, timestamp: string, nonce: string): string =>
  sha1([token, timestamp, nonce])

/** The `msg_signature` of 安全模式: also covers the ciphertext. */
export const msgSignature = (token: string, timestamp: string, nonce: string, encrypt: string): string =>
  sha1([token, timestamp, nonce, encrypt])

export function verifyPlainSignature(token: string, q: { signature?: string; timestamp?: string; nonce?: string }): boolean {
  if (!q.signature || !q.timestamp || !q.nonce) return false
  return safeEqual(plainSignature(token, q.timestamp, q.nonce), q.signature.toLowerCase())
}

export function verifyMsgSignature(
  token: string,
  q: { msg_signature?: string; timestamp?: string; nonce?: string },
  encrypt: string,
): boolean {
  if (!q.msg_signature || !q.timestamp || !q.nonce) return false
  return safeEqual(msgSignature(token, q.timestamp, q.nonce, encrypt), q.msg_signature.toLowerCase())
}

export function aesKeyFrom(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64')
  if (encodingAesKey.length !== 43 || key.length !== 32) {
    throw new SuyuanError('BAD_INPUT', 'EncodingAESKey must be 43 characters (32 bytes once decoded)')
  }
  return key
}

function pad(buf: Buffer): Buffer {
  const n = BLOCK - (buf.length % BLOCK)
  return Buffer.concat([buf, Buffer.alloc(n, n)])
}

function unpad(buf: Buffer): Buffer {
  const n = buf[buf.length - 1] ?? 0
  if (n < 1 || n > BLOCK || n > buf.length) throw new SuyuanError('BAD_INPUT', 'bad padding')
  return buf.subarray(0, buf.length - n)
}

export interface Decrypted {
  /** the inner XML */
  message: string
  /** the appid / corpid found at the tail */
  receiverId: string
}

export class WeChatCrypto {
  private readonly key: Buffer
  private readonly iv: Buffer

  constructor(
    readonly token: string,
    encodingAesKey: string,
    /** the appid (公众号) or corpid (企业微信) the tail must carry */
    readonly appId: string,
  ) {
    this.key = aesKeyFrom(encodingAesKey)
    this.iv = this.key.subarray(0, 16)
  }

  /** Decrypts and checks the appid tail; throws SuyuanError('BAD_INPUT') on anything malformed or foreign. */
  decrypt(encrypt: string): Decrypted {
    let plain: Buffer
    try {
      const d = createDecipheriv('aes-256-cbc', this.key, this.iv)
      d.setAutoPadding(false)
      plain = unpad(Buffer.concat([d.update(Buffer.from(encrypt, 'base64')), d.final()]))
    } catch (e) {
      if (e instanceof SuyuanError) throw e
      throw new SuyuanError('BAD_INPUT', 'cannot decrypt message')
    }
    if (plain.length < 20) throw new SuyuanError('BAD_INPUT', 'decrypted message too short')
    const len = plain.readUInt32BE(16)
    if (20 + len > plain.length) throw new SuyuanError('BAD_INPUT', 'bad message length')
    const message = plain.subarray(20, 20 + len).toString('utf8')
    const receiverId = plain.subarray(20 + len).toString('utf8')
    if (!safeEqual(receiverId, this.appId)) throw new SuyuanError('BAD_INPUT', 'message is for another appid')
    return { message, receiverId }
  }

  /** `random` is 16 bytes of text; fixed only in conformance tests. */
  encrypt(message: string, random: string | Buffer = randomBytes(16)): string {
    const rnd = typeof random === 'string' ? Buffer.from(random, 'utf8') : random
    if (rnd.length !== 16) throw new SuyuanError('BAD_INPUT', 'random must be 16 bytes')
    const msg = Buffer.from(message, 'utf8')
    const len = Buffer.alloc(4)
    len.writeUInt32BE(msg.length, 0)
    const plain = pad(Buffer.concat([rnd, len, msg, Buffer.from(this.appId, 'utf8')]))
    const c = createCipheriv('aes-256-cbc', this.key, this.iv)
    c.setAutoPadding(false)
    return Buffer.concat([c.update(plain), c.final()]).toString('base64')
  }

  /** The encrypted reply envelope fields (the XML is built in xml.ts). */
  seal(
    message: string,
    opts: { timestamp: string; nonce: string; random?: string | Buffer },
  ): { encrypt: string; signature: string; timestamp: string; nonce: string } {
    const encrypt = this.encrypt(message, opts.random)
    const { timestamp, nonce } = opts
    return { encrypt, signature: msgSignature(this.token, timestamp, nonce, encrypt), timestamp, nonce }
  }
}

/** A fresh numeric nonce for reply envelopes. */
export const freshNonce = (): string => String(randomBytes(4).readUInt32BE(0))
