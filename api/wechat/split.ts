// Long texts go out as several WeChat messages (the limit is core/wechat-limits.ts).
import { WECHAT_TEXT_MAX_BYTES } from '../../core/wechat-limits.js'

export { WECHAT_TEXT_MAX_BYTES }

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8')

/**
 * Splits text into parts of at most maxBytes UTF-8 bytes each, preferring paragraph, then line, then sentence
 * boundaries, and never cutting a character (or a surrogate pair) in half. Empty input gives no parts.
 */
export function splitUtf8(text: string, maxBytes = WECHAT_TEXT_MAX_BYTES): string[] {
  if (maxBytes < 4) throw new RangeError('maxBytes must allow one character')
  const parts: string[] = []
  let rest = text.trim()
  while (rest !== '') {
    if (bytes(rest) <= maxBytes) {
      parts.push(rest)
      break
    }
    // the longest prefix (in whole code points) that fits
    let fit = 0
    let used = 0
    for (const ch of rest) {
      const b = bytes(ch)
      if (used + b > maxBytes) break
      used += b
      fit += ch.length
    }
    const head = rest.slice(0, fit)
    const cut = Math.max(head.lastIndexOf('\n\n'), head.lastIndexOf('\n'), lastSentenceEnd(head))
    // a boundary in the first quarter would leave a tiny part: cut hard instead
    const at = cut > fit / 4 ? cut : fit
    parts.push(rest.slice(0, at).trim())
    rest = rest.slice(at).trim()
  }
  return parts.filter((p) => p !== '')
}

function lastSentenceEnd(s: string): number {
  let best = -1
  for (const mark of ['。', '！', '？', '；', '.', '!', '?']) {
    const i = s.lastIndexOf(mark)
    if (i >= 0 && i + mark.length > best) best = i + mark.length
  }
  return best
}
