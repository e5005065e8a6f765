// Chinese numerals as statutes write article numbers: 第一千零七十九条 = 1079, 第十条 = 10.
import { SuyuanError } from '../../core/errors.js'

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }

export function chineseToInt(s: string): number {
  if (/^\d+$/.test(s)) return Number(s)
  let total = 0
  let digit: number | null = null
  for (const ch of s) {
    const d = DIGITS[ch]
    const u = UNITS[ch]
    if (d !== undefined) digit = d
    else if (u !== undefined) {
      // a bare 十 (十条, 二十 vs 十) means one ten
      total += (digit ?? 1) * u
      digit = null
    } else throw new SuyuanError('BAD_INPUT', `not a Chinese numeral: ${s}`)
  }
  total += digit ?? 0
  if (s === '' || (total === 0 && !s.includes('零'))) throw new SuyuanError('BAD_INPUT', `not a Chinese numeral: ${s}`)
  return total
}

const D = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 1079 → 一千零七十九, 10 → 十, 110 → 一百一十 (the statutes' own style). */
export function intToChinese(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new SuyuanError('BAD_INPUT', `out of range: ${n}`)
  if (n === 0) return '零'
  const parts: [number, string][] = [
    [Math.floor(n / 1000) % 10, '千'],
    [Math.floor(n / 100) % 10, '百'],
    [Math.floor(n / 10) % 10, '十'],
    [n % 10, ''],
  ]
  let out = ''
  let pendingZero = false
  for (const [d, unit] of parts) {
    if (d === 0) {
      if (out !== '') pendingZero = true
      continue
    }
    if (pendingZero) out += '零'
    pendingZero = false
    out += unit === '十' && d === 1 && out === '' ? '十' : D[d]! + unit
  }
  return out
}

/** 第一千零七十九条 / 第一百二十条之一 as cited. */
export const articleLabel = (article: number, suffix = ''): string => `第${intToChinese(article)}条${suffix}`
