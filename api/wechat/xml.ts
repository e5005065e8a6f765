// Inbound XML parsing (hardened) and reply XML building for the Official Account webhook.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { SuyuanError } from '../../core/errors.js'

/** The flat fields of an inbound push (all values kept as strings: MsgId is 64-bit). */
export type InboundXml = Record<string, string>

// XXE / billion laughs: we never need a DTD, so any declaration is refused before a parser sees it.
const DTD = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i

export function refuseDtd(raw: string): void {
  if (DTD.test(raw)) throw new SuyuanError('BAD_INPUT', 'DTDs and entities are not accepted')
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  trimValues: true,
})

// WeChat's pushes are one flat <xml> of <Name>value</Name> or <Name><![CDATA[value]]></Name> fields. That common
// shape is read by a strict scanner; anything else (nesting, entities, split CDATA, odd spacing, comments) goes to
// the validating parser. The scanner accepts only documents whose reading the full parser would give identically.
const FLAT_DOC = /^\s*<xml>((?:\s*<([A-Za-z][A-Za-z0-9_]*)>(?:<!\[CDATA\[(?:(?!\]\]>)[\s\S])*\]\]>|[^<&]*)<\/\2>)*)\s*<\/xml>\s*$/
const FLAT_FIELD = /<([A-Za-z][A-Za-z0-9_]*)>(?:<!\[CDATA\[((?:(?!\]\]>)[\s\S])*)\]\]>|([^<&]*))<\/\1>/g

/** The strict fast path; null when the document is not plainly flat. */
export function scanFlatXml(raw: string): InboundXml | null {
  const doc = FLAT_DOC.exec(raw)
  if (!doc) return null
  const out: InboundXml = {}
  for (const m of (doc[1] ?? '').matchAll(FLAT_FIELD)) {
    const name = m[1]!
    const value = m[2] ?? m[3] ?? ''
    // the full parser trims, drops empty text and keeps the last of repeated names: leave those cases to it
    if (value !== value.trim() || value === '' || name in out) return null
    out[name] = value
  }
  return out
}

/** Parses `<xml>…</xml>` into its flat string fields; nested elements (ScanCodeInfo, …) are skipped. */
export function parseInboundXml(raw: string): InboundXml {
  refuseDtd(raw)
  return scanFlatXml(raw) ?? parseValidatedXml(raw)
}

/** The validating parser (every document the fast path does not take). Callers must have refused DTDs. */
export function parseValidatedXml(raw: string): InboundXml {
  if (XMLValidator.validate(raw) !== true) throw new SuyuanError('BAD_INPUT', 'malformed XML')
  let doc: unknown
  try {
    doc = parser.parse(raw)
  } catch {
    throw new SuyuanError('BAD_INPUT', 'malformed XML')
  }
  const root = (doc as Record<string, unknown> | undefined)?.xml
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new SuyuanError('BAD_INPUT', 'missing <xml> root')
  const out: InboundXml = {}
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v)
  }
  return out
}

// XML 1.0 forbids most C0 controls and lone surrogates; WeChat rejects the whole reply if they appear.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** A CDATA section that stays one even when the text contains `]]>` (split across two sections). */
export function cdata(text: string): string {
  const clean = text.replace(INVALID_XML_CHARS, '')
  return `<![CDATA[${clean.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}

export interface TextReply {
  /** the citizen's OpenID (the inbound FromUserName) */
  toUser: string
  /** our gh_ id (the inbound ToUserName) */
  fromUser: string
  /** seconds since the epoch: WeChat's unit, not ms */
  createTime: number
  content: string
}

export function textReplyXml(r: TextReply): string {
  return (
    `<xml><ToUserName>${cdata(r.toUser)}</ToUserName><FromUserName>${cdata(r.fromUser)}</FromUserName>` +
    `<CreateTime>${Math.floor(r.createTime)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content>${cdata(r.content)}</Content></xml>`
  )
}

export function encryptedReplyXml(e: { encrypt: string; signature: string; timestamp: string; nonce: string }): string {
  return (
    `<xml><Encrypt>${cdata(e.encrypt)}</Encrypt><MsgSignature>${cdata(e.signature)}</MsgSignature>` +
    `<TimeStamp>${e.timestamp.replace(/\D/g, '')}</TimeStamp><Nonce>${cdata(e.nonce)}</Nonce></xml>`
  )
}
