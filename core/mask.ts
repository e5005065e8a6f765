// Masking for logs, exports and list views (PIPL: mask phone / ID / name wherever a person is not the owner).

const MOBILE = /(?<!\d)(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/g
const ID_NUMBER = /(?<![\dXx])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dXx])/g

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return ''
  const digits = phone.replace(/\D/g, '')
  if (digits.length < 7) return '*'.repeat(digits.length)
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`
}

/** 110101199001011234 → 110101********1234 */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length)
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`
}

/** 张三丰 → 张** */
export function maskName(name: string | null | undefined): string {
  if (!name) return ''
  const chars = [...name]
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1))
}

/** Any other run of 11+ digits (an ID or phone glued to more digits): keep only its ends. */
const LONG_DIGITS = /\d{11,}[Xx]?/g

/** Masks every mobile and ID number inside free text (ID first: it contains phone-like runs). */
export function maskText(text: string): string {
  return text
    .replace(ID_NUMBER, (_m, a: string, _b: string, c: string) => `${a}********${c}`)
    .replace(MOBILE, (_m, a: string, _b: string, c: string) => `${a}****${c}`)
    .replace(LONG_DIGITS, (m) => `${m.slice(0, 3)}${'*'.repeat(m.length - 7)}${m.slice(-4)}`)
}
