import { describe, expect, it } from 'vitest'
import {
  isAgree,
  isCancel,
  isConfirm,
  isDeclinePhone,
  nextIntakeStep,
  readChoice,
  readPhone,
  readRating,
} from '../../core/intake.js'
import { maskIdNumber, maskPhone, maskText } from '../../core/mask.js'
import { findTicketNumber, formatTicketNumber } from '../../core/ticket-number.js'

describe('intake: the next thing to ask', () => {
  const base = { facts: '邻居占了我家院子一米多，说了好几次不听', place: '城关镇', phone: '13800001111', consent: true }
  it.each([
    [{ ...base, facts: '' }, 'facts'],
    [{ ...base, facts: '太短了' }, 'facts'],
    [{ ...base, place: null }, 'place'],
    [{ ...base, phone: null }, 'phone'],
    [{ ...base, phone: '' }, 'confirm'],
    [{ ...base, consent: false }, 'consent'],
    [base, 'confirm'],
  ] as const)('%j → %s', (draft, step) => {
    expect(nextIntakeStep(draft)).toBe(step)
  })
})

describe('intake: reading replies', () => {
  it.each([
    ['取消', true],
    [' 取消。', true],
    ['不办了', true],
    ['取消合同怎么办', false],
  ])('cancel %s → %s', (s, v) => expect(isCancel(s)).toBe(v))
  it.each([
    ['确认', true],
    ['确定！', true],
    ['我确认一下再说', false],
  ])('confirm %s → %s', (s, v) => expect(isConfirm(s)).toBe(v))
  it.each([
    ['同意', true],
    ['不同意', false],
  ])('agree %s → %s', (s, v) => expect(isAgree(s)).toBe(v))
  it.each([
    ['不留', true],
    ['13800001111', false],
  ])('decline phone %s → %s', (s, v) => expect(isDeclinePhone(s)).toBe(v))
  it.each([
    ['我的电话是138 0000 1111', '13800001111'],
    ['１３９１２３４５６７８', '13912345678'],
    ['座机0477-8123456', '0477-8123456'],
    ['12345', null],
    ['身份证110101199001011234', null],
  ])('phone in %s → %s', (s, v) => expect(readPhone(s)).toBe(v))
  it.each([
    ['5', { rating: 5, comment: '' }],
    ['4分 还可以', { rating: 4, comment: '还可以' }],
    ['１，太慢了', { rating: 1, comment: '太慢了' }],
    ['6', null],
    ['我要调解', null],
  ])('rating %s', (s, v) => expect(readRating(s)).toEqual(v))
  it.each([
    ['1', 3, 0],
    ['第2个', 3, 1],
    ['3', 2, null],
    ['好的', 3, null],
  ])('choice %s of %d → %s', (s, n, v) => expect(readChoice(s, n)).toBe(v))
})

describe('masking personal data', () => {
  it('masks phones and ID numbers in free text', () => {
    const t = maskText('我叫张三，电话13812345678，身份证号110101199001011234，另一个139-1234-5678')
    expect(t).not.toMatch(/13812345678|110101199001011234|1234-5678/)
    expect(t).toContain('138****5678')
    expect(t).toContain('110101********1234')
    expect(t).toContain('139****5678')
  })
  it('masks IDs and phones glued to other digits', () => {
    for (const raw of ['9110101199001011234', '11010119900101123456', '213800138000', '13800138000110101199001011234']) {
      const t = maskText(`号码${raw}`)
      expect(t).not.toContain('110101199001011234')
      expect(t).not.toContain('13800138000')
      expect(t).toMatch(/\*{4,}/)
    }
  })
  it('masks single values', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskIdNumber('11010119900101123X')).toBe('110101********123X')
  })
})

describe('ticket numbers', () => {
  it('formats and finds them', () => {
    expect(formatTicketNumber(2026, 123)).toBe('SY-2026-000123')
    expect(findTicketNumber('查询 sy－2026－000123 进度')).toBe('SY-2026-000123')
    expect(findTicketNumber('查询我的事')).toBeNull()
  })
})
