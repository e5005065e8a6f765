// Facts a citizen writes in passing: amounts, dates, 案号, 工单号, phone and ID numbers, places. Pure functions
// over normalised text (run normalize() first: it turns full-width digits and brackets into ASCII).
// ID numbers are only ever returned masked; maskSensitive() masks phones and IDs inside free text.

export interface RegionName {
  /** canonical name, e.g. 'XX镇' */
  name: string
  aliases?: string[]
}

export interface DateMention {
  text: string
  /** YYYY-MM-DD; for month or year precision the first day */
  date: string
  precision: 'day' | 'month' | 'year'
}

export interface Entities {
  /** amounts in yuan, in order of appearance */
  amounts: { text: string; value: number }[]
  dates: DateMention[]
  /** 案号 normalised to half-width brackets, e.g. (2025)内0727民初1234号 */
  caseNumbers: string[]
  /** this bot's ticket numbers, e.g. SY-2026-000123 */
  ticketNumbers: string[]
  /** digits only (mobile 11 digits; landline with area code) */
  phones: string[]
  /** masked only, e.g. 110101********1234 */
  idNumbersMasked: string[]
  /** canonical names of known regions mentioned */
  regions: string[]
}

// ---------- amounts ----------
const CN_DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 俩: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
}
const CN_UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000, k: 1000, K: 1000, w: 10000, W: 10000 }
const BIG_UNIT: Record<string, number> = { 万: 10000, 亿: 100000000 }

/**
 * Parses 35000, 1.5万, 3万5 (=35000), 两千五 (=2500), 一百二十万, 一万零五百. Returns NaN if it cannot.
 * A lone digit right after a unit means the next lower unit, as people speak: 3万5 → 3万5千.
 */
export function parseChineseAmount(s: string): number {
  let total = 0
  let section = 0
  let num: number | null = null
  let lastUnit = 0
  let zero = false
  let i = 0
  let trailingSingle = false
  while (i < s.length) {
    const ch = s[i] as string
    if (/[\d.]/.test(ch)) {
      let j = i
      while (j < s.length && /[\d.]/.test(s[j] as string)) j++
      const digits = s.slice(i, j)
      num = Number(digits)
      if (!Number.isFinite(num)) return NaN
      trailingSingle = digits.length === 1
      i = j
      continue
    }
    if (ch in CN_DIGIT) {
      const d = CN_DIGIT[ch] as number
      if (d === 0) zero = true
      else {
        num = d
        trailingSingle = true
      }
      i++
      continue
    }
    if (ch in CN_UNIT) {
      section += (num ?? 1) * (CN_UNIT[ch] as number)
      lastUnit = CN_UNIT[ch] as number
      num = null
      trailingSingle = false
      zero = false
      i++
      continue
    }
    if (ch in BIG_UNIT) {
      const u = BIG_UNIT[ch] as number
      total += (section + (num ?? (section === 0 ? 1 : 0))) * u
      section = 0
      num = null
      lastUnit = u
      trailingSingle = false
      zero = false
      i++
      continue
    }
    return NaN
  }
  if (num !== null) {
    if (trailingSingle && lastUnit >= 100 && !zero) section += num * (lastUnit / 10)
    else section += num
  }
  return total + section
}

const AMOUNT_RE =
  /([¥￥]\s*)?((?:\d+(?:\.\d+)?|[零〇一壹二贰两俩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟])(?:[\d.零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿kKwW])*)\s*(多?块钱|多?块|元|圆|人民币|rmb|RMB)?/g

function findAmounts(text: string): Entities['amounts'] {
  const out: Entities['amounts'] = []
  for (const m of text.matchAll(AMOUNT_RE)) {
    const [whole, yen, body = '', unit] = m
    // Without a currency word the number must carry 万/千/亿 (3万5, 两千五): "3个月", "2025年" are not money.
    const hasMagnitude = /[万千仟亿kKwW]/.test(body)
    if (!yen && !unit && !hasMagnitude) continue
    // Chinese-only numbers without currency: "一千" is fine, but 千万 alone ("千万别") is not a number.
    if (!/[\d零〇一壹二贰两俩三叁四肆五伍六陆七柒八捌九玖十拾]/.test(body)) continue
    const after = text.slice((m.index ?? 0) + whole.length, (m.index ?? 0) + whole.length + 1)
    if (!yen && !unit && /[年月日号天个岁米平方斤公里次人户]/.test(after)) continue
    const value = parseChineseAmount(body)
    if (Number.isFinite(value) && value > 0) out.push({ text: whole.trim(), value: Math.round(value * 100) / 100 })
  }
  return out
}

// ---------- dates ----------
const pad = (n: number): string => String(n).padStart(2, '0')
const ymd = (y: number, m: number, d: number): string => {
  const dt = new Date(Date.UTC(y, m - 1, d))
  return `${dt.getUTCFullYear()}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`
}
const smallNum = (s: string): number => (/^\d+$/.test(s) ? Number(s) : parseChineseAmount(s))
const NUM = '(\\d{1,2}|[一二两三四五六七八九十]{1,3})'

function findDates(text: string, now: Date): DateMention[] {
  const Y = now.getFullYear()
  const M = now.getMonth() + 1
  const D = now.getDate()
  const found: { at: number; d: DateMention }[] = []
  const taken: [number, number][] = []
  const free = (a: number, b: number): boolean => taken.every(([x, y]) => b <= x || a >= y)
  const add = (m: RegExpMatchArray, d: Omit<DateMention, 'text'>): void => {
    const at = m.index ?? 0
    const end = at + m[0].length
    if (!free(at, end)) return
    taken.push([at, end])
    found.push({ at, d: { text: m[0], ...d } })
  }
  const yearWord: Record<string, number> = { 今年: 0, 去年: -1, 前年: -2, 明年: 1, 大前年: -3 }
  // absolute: 2025年3月1日, 2025-03-01, 2025/3/1, 2025.3.1
  for (const m of text.matchAll(/(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?/g)) {
    add(m, { date: ymd(Number(m[1]), Number(m[2]), Number(m[3])), precision: 'day' })
  }
  // 去年三月五号, 今年3月
  for (const m of text.matchAll(new RegExp(`(大前年|前年|去年|今年|明年)${NUM}月(?:份)?(?:${NUM}[日号])?`, 'g'))) {
    const y = Y + (yearWord[m[1] as string] ?? 0)
    const mo = smallNum(m[2] as string)
    if (m[3]) add(m, { date: ymd(y, mo, smallNum(m[3])), precision: 'day' })
    else add(m, { date: ymd(y, mo, 1), precision: 'month' })
  }
  for (const m of text.matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月(?:份)?/g)) {
    add(m, { date: ymd(Number(m[1]), Number(m[2]), 1), precision: 'month' })
  }
  // 3月1日 / 三月五号 in the current year
  for (const m of text.matchAll(new RegExp(`${NUM}月${NUM}[日号]`, 'g'))) {
    add(m, { date: ymd(Y, smallNum(m[1] as string), smallNum(m[2] as string)), precision: 'day' })
  }
  for (const m of text.matchAll(/(大前年|前年|去年|今年|明年)|(\d{4})年/g)) {
    const y = m[1] ? Y + (yearWord[m[1]] ?? 0) : Number(m[2])
    add(m, { date: ymd(y, 1, 1), precision: 'year' })
  }
  const monthWord: Record<string, number> = { 上上个月: -2, 上个月: -1, 上月: -1, 这个月: 0, 本月: 0, 下个月: 1, 下月: 1 }
  for (const m of text.matchAll(/上上个月|上个月|上月|这个月|本月|下个月|下月/g)) {
    add(m, { date: ymd(Y, M + (monthWord[m[0]] ?? 0), 1), precision: 'month' })
  }
  const dayWord: Record<string, number> = { 大前天: -3, 前天: -2, 昨天: -1, 今天: 0, 明天: 1, 后天: 2 }
  for (const m of text.matchAll(/大前天|前天|昨天|今天|明天|后天/g)) {
    add(m, { date: ymd(Y, M, D + (dayWord[m[0]] ?? 0)), precision: 'day' })
  }
  const weekWord: Record<string, number> = { 上上周: -14, 上周: -7, 上个星期: -7, 上星期: -7, 上个礼拜: -7, 上礼拜: -7, 下周: 7, 下个星期: 7, 下星期: 7 }
  for (const m of text.matchAll(/上上周|上周|上个星期|上星期|上个礼拜|上礼拜|下周|下个星期|下星期/g)) {
    add(m, { date: ymd(Y, M, D + (weekWord[m[0]] ?? 0)), precision: 'day' })
  }
  // 三天前, 两个月前, 半年前, 5年前
  for (const m of text.matchAll(new RegExp(`(半|${NUM})\\s*(天|日|周|个星期|星期|个月|月|年)(?:以|之)?前`, 'g'))) {
    const n = m[1] === '半' ? 0.5 : smallNum(m[2] as string)
    const unit = m[3] as string
    if (unit === '天' || unit === '日') add(m, { date: ymd(Y, M, D - n), precision: 'day' })
    else if (unit.includes('星期') || unit === '周') add(m, { date: ymd(Y, M, D - 7 * n), precision: 'day' })
    else if (unit.includes('月')) add(m, { date: ymd(Y, M - Math.round(n), D), precision: 'month' })
    else if (n === 0.5) add(m, { date: ymd(Y, M - 6, D), precision: 'month' })
    else add(m, { date: ymd(Y - n, M, D), precision: 'year' })
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.d)
}

// ---------- 案号, 工单号 ----------
const CASE_RE =
  /[(（〔[【]\s*(\d{4})\s*[)）〕\]】]\s*([\u4e00-\u9fa5]\d{2,6})?\s*([民刑行执赔破财司清强诉保知商][\u4e00-\u9fa5]{0,3}?)\s*(?:字第?)?\s*(\d{1,6})\s*号|(?<![\d(（〔[【])(\d{4})\s*([\u4e00-\u9fa5]\d{2,6})?([民刑行执赔][初终申再恢异监保][\u4e00-\u9fa5]{0,2}?)\s*(?:字第?)?\s*(\d{1,6})\s*号|([民刑行执][初终申再恢异监]?)字第\s*(\d{1,6})\s*号/g

function findCaseNumbers(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(CASE_RE)) {
    if (m[1]) out.push(`(${m[1]})${m[2] ?? ''}${m[3]}${Number(m[4])}号`)
    else if (m[5]) out.push(`(${m[5]})${m[6] ?? ''}${m[7]}${Number(m[8])}号`)
    else out.push(`${m[9]}字第${Number(m[10])}号`)
  }
  return out
}

const TICKET_RE = /\bSY\s*-?\s*(\d{4})\s*-?\s*(\d{4,6})\b/gi
function findTicketNumbers(text: string): string[] {
  return [...text.matchAll(TICKET_RE)].map((m) => `SY-${m[1]}-${(m[2] as string).padStart(6, '0')}`)
}

// ---------- phones and ID numbers ----------
const ID_RE = /(?<![\dA-Za-z])([1-9]\d{5})((?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(\d{3})([\dXx])(?![\dA-Za-z])/g
const MOBILE_RE = /(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d(?:[\s-]?\d){8})(?![\d])/g
const LANDLINE_RE = /(?<!\d)(0\d{2,3})[\s-]?(\d{7,8})(?!\d)/g

const maskId = (id: string): string => `${id.slice(0, 6)}********${id.slice(-4)}`
const maskPhone = (digits: string): string =>
  digits.length === 11 ? `${digits.slice(0, 3)}****${digits.slice(7)}` : `${digits.slice(0, 4)}****${digits.slice(-2)}`

function withoutIds(text: string): string {
  return text.replace(ID_RE, (m) => ' '.repeat(m.length))
}

function findPhones(text: string): string[] {
  const t = withoutIds(text)
  const out: string[] = []
  for (const m of t.matchAll(MOBILE_RE)) out.push((m[1] as string).replace(/\D/g, ''))
  const noMobiles = t.replace(MOBILE_RE, (m) => ' '.repeat(m.length))
  for (const m of noMobiles.matchAll(LANDLINE_RE)) out.push(`${m[1]}${m[2]}`)
  return out
}

/** Masks ID numbers and phone numbers inside free text; everything else is left as written. */
export function maskSensitive(text: string): string {
  let s = text.replace(ID_RE, (m) => maskId(m))
  s = s.replace(MOBILE_RE, (m, num: string) => m.replace(num, maskPhone(num.replace(/\D/g, ''))))
  s = s.replace(LANDLINE_RE, (_m, area: string, num: string) => `${area}-${'*'.repeat(Math.max(0, num.length - 2))}${num.slice(-2)}`)
  return s
}

// ---------- regions ----------
function findRegions(text: string, regions: readonly RegionName[]): string[] {
  const out: string[] = []
  for (const r of regions) {
    const names = [r.name, ...(r.aliases ?? [])].filter((n) => n.length >= 2)
    if (names.some((n) => text.includes(n)) && !out.includes(r.name)) out.push(r.name)
  }
  return out
}

export function extractEntities(normalized: string, opts: { now?: Date; regions?: readonly RegionName[] } = {}): Entities {
  const now = opts.now ?? new Date()
  const noIds = withoutIds(normalized)
  // Digits that belong to phones / 案号 / 工单号 are not money.
  const moneyText = noIds
    .replace(MOBILE_RE, (m) => ' '.repeat(m.length))
    .replace(CASE_RE, (m) => ' '.repeat(m.length))
    .replace(TICKET_RE, (m) => ' '.repeat(m.length))
  return {
    amounts: findAmounts(moneyText),
    dates: findDates(moneyText, now),
    caseNumbers: findCaseNumbers(normalized),
    ticketNumbers: findTicketNumbers(normalized),
    phones: findPhones(normalized),
    idNumbersMasked: [...normalized.matchAll(ID_RE)].map((m) => maskId(m[0])),
    regions: findRegions(normalized, opts.regions ?? []),
  }
}
