import { describe, expect, it } from 'vitest'
import { XMLParser } from 'fast-xml-parser'
import { cdata, encryptedReplyXml, parseInboundXml, refuseDtd, textReplyXml } from '../../api/wechat/xml.js'
import { splitUtf8 } from '../../api/wechat/split.js'

const independent = new XMLParser({ parseTagValue: false })

describe('inbound XML', () => {
  it('reads the flat fields as strings and skips nested ones', () => {
    const m = parseInboundXml(
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1700000000</CreateTime><MsgId>9223372036854775807</MsgId>' +
        '<Content><![CDATA[a < b & c]]></Content><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo></xml>',
    )
    expect(m).toEqual({ ToUserName: 'gh_1', CreateTime: '1700000000', MsgId: '9223372036854775807', Content: 'a < b & c' })
  })

  it('decodes the standard entities outside CDATA', () => {
    expect(parseInboundXml('<xml><Content>a &lt;b&gt; &amp; c</Content></xml>').Content).toBe('a <b> & c')
  })

  it('refuses DOCTYPE / ENTITY declarations before parsing (XXE, billion laughs)', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>'
    expect(() => parseInboundXml(xxe)).toThrow(/DTD/)
    expect(() => refuseDtd('<!doctype xml><xml/>')).toThrow()
    expect(() => refuseDtd('<xml><!ENTITY a "b"></xml>')).toThrow()
    expect(() => refuseDtd('<xml><Content><![CDATA[我说 DOCTYPE 这个词]]></Content></xml>')).not.toThrow()
  })

  it('refuses malformed XML and a missing <xml> root', () => {
    expect(() => parseInboundXml('<xml><a>1</b></xml>')).toThrow()
    expect(() => parseInboundXml('{"json":true}')).toThrow()
    expect(() => parseInboundXml('<other><a>1</a></other>')).toThrow(/root/)
  })
})

describe('reply XML', () => {
  it('splits "]]>" across CDATA sections so the content survives a real XML parser', () => {
    const evil = 'x]]><MsgType>news</MsgType><![CDATA[ y ]]>'
    const xml = textReplyXml({ toUser: 'o]]>u', fromUser: 'gh_1', createTime: 1700000000, content: evil })
    const doc = independent.parse(xml).xml
    expect(doc.Content).toBe(evil)
    expect(doc.ToUserName).toBe('o]]>u')
    expect(doc.MsgType).toBe('text')
  })

  it('CreateTime is whole seconds and control characters are dropped', () => {
    const xml = textReplyXml({ toUser: 'o', fromUser: 'g', createTime: 1700000000.9, content: 'a\u0000b\u0007c\n' })
    expect(xml).toContain('<CreateTime>1700000000</CreateTime>')
    expect(independent.parse(xml).xml.Content).toBe('abc\n')
    expect(cdata('\uD800')).toBe('<![CDATA[]]>')
  })

  it('builds the encrypted envelope', () => {
    const x = encryptedReplyXml({ encrypt: 'E==', signature: 'abc', timestamp: '1411525903', nonce: '461056294' })
    expect(independent.parse(x).xml).toEqual({ Encrypt: 'E==', MsgSignature: 'abc', TimeStamp: '1411525903', Nonce: '461056294' })
  })
})

describe('splitting long answers', () => {
  it('keeps every part within the byte limit and loses no characters', () => {
    const text = Array.from({ length: 60 }, (_, i) => `第${i + 1}条：拖欠工资可以先找劳动监察，也可以申请劳动仲裁。`).join('\n')
    const parts = splitUtf8(text, 500)
    expect(parts.length).toBeGreaterThan(3)
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(500)
    expect(parts.join('\n')).toBe(text)
  })

  it('never cuts a surrogate pair and handles text without boundaries', () => {
    const text = '😀'.repeat(700)
    const parts = splitUtf8(text, 2047)
    for (const p of parts) {
      expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(2047)
      expect(p).not.toMatch(/[\uD800-\uDBFF]$/)
    }
    expect(parts.join('')).toBe(text)
  })

  it('short text stays one part; blank text gives none', () => {
    expect(splitUtf8('你好')).toEqual(['你好'])
    expect(splitUtf8('  \n ')).toEqual([])
  })
})
