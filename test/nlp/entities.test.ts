import { describe, expect, it } from 'vitest'
import { extractEntities, maskSensitive, parseChineseAmount } from '../../nlp/entities.js'
import { normalize } from '../../nlp/normalize.js'

const NOW = new Date(2026, 2, 15, 10, 0, 0) // 2026-03-15 local
const ents = (raw: string, regions = [] as { name: string; aliases?: string[] }[]) =>
  extractEntities(normalize(raw), { now: NOW, regions })

describe('parseChineseAmount', () => {
  it.each([
    ['3万5', 35000],
    ['三千', 3000],
    ['两千五', 2500],
    ['1.5万', 15000],
    ['一万二', 12000],
    ['一百二十万', 1200000],
    ['一万零五百', 10500],
    ['十万', 100000],
    ['三百五', 350],
    ['20万', 200000],
    ['5000', 5000],
  ])('%s → %d', (s, v) => {
    expect(parseChineseAmount(s)).toBe(v)
  })
})

describe('amounts in text', () => {
  it.each([
    ['老板欠我3万5工资', [35000]],
    ['借了他三千块', [3000]],
    ['欠款１.５万元', [15000]],
    ['押金两千五没退', [2500]],
    ['彩礼给了18万8千', [188000]],
    ['花了5000元', [5000]],
    ['¥800', [800]],
  ])('%s', (text, values) => {
    expect(ents(text).amounts.map((a) => a.value)).toEqual(values)
  })
  it.each([['干了3个月'], ['2025年的事'], ['千万别这样'], ['我今年35岁'], ['案号(2025)内0727民初1234号']])(
    'no amount in %s',
    (text) => {
      expect(ents(text).amounts).toEqual([])
    },
  )
})

describe('dates', () => {
  it.each([
    ['2025年3月1日借的', '2025-03-01', 'day'],
    ['去年三月开始欠的', '2025-03-01', 'month'],
    ['上个月说还', '2026-02-01', 'month'],
    ['昨天打电话', '2026-03-14', 'day'],
    ['三天前', '2026-03-12', 'day'],
    ['3月5号开庭', '2026-03-05', 'day'],
    ['2024-12-31', '2024-12-31', 'day'],
    ['前年', '2024-01-01', 'year'],
  ])('%s → %s', (text, date, precision) => {
    const d = ents(text).dates[0]
    expect(d?.date).toBe(date)
    expect(d?.precision).toBe(precision)
  })
  it('resolves relative to the given now', () => {
    const d = extractEntities('上个月', { now: new Date(2026, 0, 10) }).dates[0]
    expect(d?.date).toBe('2025-12-01')
  })
})

describe('案号 and 工单号', () => {
  it.each([
    ['(2025)内0727民初1234号', '(2025)内0727民初1234号'],
    ['（2025）内0727民初1234号', '(2025)内0727民初1234号'],
    ['〔2024〕内0727执321号', '(2024)内0727执321号'],
    ['案号是2024民初567号', '(2024)民初567号'],
    ['民初字第123号', '民初字第123号'],
  ])('%s', (text, expected) => {
    expect(ents(text).caseNumbers).toEqual([expected])
  })
  it('finds ticket numbers in several spellings', () => {
    expect(ents('工单SY-2026-000123和sy2026000045').ticketNumbers).toEqual(['SY-2026-000123', 'SY-2026-000045'])
  })
})

describe('phones and ID numbers', () => {
  it.each([
    ['电话13812345678', ['13812345678']],
    ['电话 138 1234 5678', ['13812345678']],
    ['138-1234-5678', ['13812345678']],
    ['+86 13912345678', ['13912345678']],
    ['座机0471-1234567', ['04711234567']],
  ])('%s', (text, phones) => {
    expect(ents(text).phones).toEqual(phones)
  })
  it('returns ID numbers masked only and does not read them as phones', () => {
    const e = ents('身份证11010119900307123X')
    expect(e.idNumbersMasked).toEqual(['110101********123X'])
    expect(e.phones).toEqual([])
    expect(JSON.stringify(e)).not.toContain('19900307')
  })
  it('maskSensitive masks phones and IDs inside free text', () => {
    const masked = maskSensitive('我叫张某，电话13812345678，身份证110101199003071234，座机0471-1234567')
    expect(masked).toContain('138****5678')
    expect(masked).toContain('110101********1234')
    expect(masked).not.toMatch(/13812345678|199003071234|1234567/)
    expect(masked).toContain('我叫张某')
  })
})

describe('regions', () => {
  const regions = [{ name: '红旗镇', aliases: ['红旗'] }, { name: '阿拉坦嘎查' }, { name: '巴彦苏木', aliases: ['巴彦'] }]
  it('finds names and aliases, returns canonical names once', () => {
    expect(ents('我是红旗的，住在阿拉坦嘎查', regions).regions).toEqual(['红旗镇', '阿拉坦嘎查'])
  })
  it('finds nothing when no region is mentioned', () => {
    expect(ents('老板欠钱', regions).regions).toEqual([])
  })
})
