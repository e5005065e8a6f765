// The flat-XML fast path must read every document it accepts exactly as the validating parser does, and leave
// everything unusual to that parser.
import { describe, expect, it } from 'vitest'
import { parseInboundXml, parseValidatedXml, scanFlatXml } from '../../api/wechat/xml.js'

const VALUES = [
  'abcdteT', '老板拖欠我三个月工资不给', '🙏😡', '9223372036854775807', '1409735669', ' 前后空格 ', '', 'a]]b', 'x&amp;y',
  'a < b', 'line1\nline2', '\t', 'CDATA]]>inside', "'\"", '&#x4e2d;', '<b>', 'qrscene_123',
]

function doc(fields: [string, string, boolean][]): string {
  return `<xml>${fields.map(([k, v, c]) => (c ? `<${k}><![CDATA[${v}]]></${k}>` : `<${k}>${v}</${k}>`)).join('')}</xml>`
}

describe('flat XML fast path', () => {
  it('agrees with the validating parser on every document it accepts', () => {
    let accepted = 0
    let seed = 7
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let i = 0; i < 3000; i++) {
      const n = 1 + Math.floor(rand() * 6)
      const fields: [string, string, boolean][] = []
      for (let j = 0; j < n; j++) {
        const name = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Content', 'MsgId', 'Event'][Math.floor(rand() * 7)]!
        fields.push([name, VALUES[Math.floor(rand() * VALUES.length)]!, rand() < 0.6])
      }
      const raw = (rand() < 0.2 ? '\n  ' : '') + doc(fields)
      const fast = scanFlatXml(raw)
      let full: Record<string, string> | 'error'
      try {
        full = parseValidatedXml(raw)
      } catch {
        full = 'error'
      }
      if (fast) {
        accepted++
        expect(fast, raw).toEqual(full)
      }
      // and the public entry point always agrees with the validating parser
      let pub: Record<string, string> | 'error'
      try {
        pub = parseInboundXml(raw)
      } catch {
        pub = 'error'
      }
      expect(pub, raw).toEqual(full)
    }
    expect(accepted).toBeGreaterThan(300)
  })

  it('takes a real push', () => {
    const raw =
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1409735669</CreateTime>' +
      '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content><MsgId>6054768590064713728</MsgId></xml>'
    expect(scanFlatXml(raw)).toEqual({ ToUserName: 'gh_1', FromUserName: 'oUser', CreateTime: '1409735669', MsgType: 'text', Content: '你好', MsgId: '6054768590064713728' })
  })

  it('leaves nesting, comments and split CDATA to the full parser', () => {
    for (const raw of [
      '<xml><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo></xml>',
      '<xml><!-- c --><A>1</A></xml>',
      '<xml><Content><![CDATA[a]]]]><![CDATA[>b]]></Content></xml>',
      '<xml><A x="1">1</A></xml>',
    ]) {
      expect(scanFlatXml(raw), raw).toBeNull()
    }
  })
})
