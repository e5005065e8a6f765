// Turns raw WeChat text into the one form every later step (segmentation, entities, risk) expects:
// half-width, simplified, no emoji, one space at most, and the commonest typos / dialect words mapped
// to standard Mandarin so the model sees one spelling per idea.
import * as OpenCC from 'opencc-js/t2cn'

// 'hk' → 'cn' covers both HK and Taiwan forms well enough for citizens' messages.
const toSimplified: (s: string) => string = OpenCC.Converter({ from: 'hk', to: 'cn' })

/**
 * Typos, homophones (pinyin input slips, voice-to-text) and dialect, longest first so that 咋整 wins
 * over 咋. Only safe substitutions: each left side is never a correct word in a court message.
 */
export const TYPO_MAP: ReadonlyArray<readonly [string, string]> = [
  // homophone / input-method slips in legal words
  ['离昏', '离婚'],
  ['离hun', '离婚'],
  ['欠心', '欠薪'],
  ['工姿', '工资'],
  ['工钱', '工资'],
  ['仲栽', '仲裁'],
  ['中裁', '仲裁'],
  ['起述', '起诉'],
  ['起素', '起诉'],
  ['立按', '立案'],
  ['执形', '执行'],
  ['执刑款', '执行款'],
  ['判绝', '判决'],
  ['判诀', '判决'],
  ['赔尝', '赔偿'],
  ['陪偿', '赔偿'],
  ['抚样', '抚养'],
  ['扶养费', '抚养费'],
  ['赡样', '赡养'],
  ['彩里', '彩礼'],
  ['物叶费', '物业费'],
  ['物页', '物业'],
  ['法援', '法律援助'],
  ['老来', '老赖'],
  ['上方', '上访'],
  ['信仿', '信访'],
  ['申述', '申诉'],
  ['调节纠纷', '调解纠纷'],
  // voice-to-text slips (homophones) around risk and filing words
  ['省成', '省城'],
  ['安眠要', '安眠药'],
  ['农要', '农药'],
  ['喝农业', '喝农药'],
  ['自沙', '自杀'],
  ['家爆', '家暴'],
  ['上仿', '上访'],
  ['进经上访', '进京上访'],
  ['评评里', '评评理'],
  ['离混', '离婚'],
  ['立岸', '立案'],
  ['发院', '法院'],
  ['起索', '起诉'],
  ['诉状书', '起诉状'],
  ['帮忙调节', '帮忙调解'],
  ['人公', '人工'],
  ['真人客服', '人工客服'],
  // dialect and chat slang
  ['咋整', '怎么办'],
  ['咋活', '怎么活'],
  ['咋过', '怎么过'],
  ['咋办', '怎么办'],
  ['咋弄', '怎么办'],
  ['咋个办', '怎么办'],
  ['啷个办', '怎么办'],
  ['肿么办', '怎么办'],
  ['肿么', '怎么'],
  ['咋样', '怎么样'],
  ['咋回事', '怎么回事'],
  ['咋', '怎么'],
  ['俺们', '我们'],
  ['俺', '我'],
  ['啥子', '什么'],
  ['撒子', '什么'],
  ['神马', '什么'],
  ['啥', '什么'],
  ['木有', '没有'],
  ['么有', '没有'],
  ['莫得', '没有'],
  ['晓得', '知道'],
  ['婆姨', '妻子'],
  ['婆娘', '妻子'],
  ['孩他爹', '丈夫'],
  ['孩他妈', '妻子'],
  ['娃儿', '孩子'],
  ['伢子', '孩子'],
  ['甭', '不用'],
  ['造么', '怎么'],
  ['腫么', '怎么'],
]

// Longest-first single pass: one regex alternation so replacements never feed each other.
const typoRe = new RegExp(
  [...TYPO_MAP]
    .sort((a, b) => b[0].length - a[0].length)
    .map(([k]) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g',
)
const typoLookup = new Map(TYPO_MAP)

// Emoji and pictographs, their modifiers and joiners; WeChat's bracketed stickers like [捂脸] [微笑].
const EMOJI_RE = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u{FE0E}\u{FE0F}\u{200D}\u{20E3}]/gu
const WECHAT_STICKER_RE = /\[[\u4e00-\u9fa5]{1,4}\]|\/::?[A-Za-z()<>!~@|$&*^+\-PDOQBX]{1,3}/g
// Invisible characters that voice input and copy/paste leave behind.
const INVISIBLE_RE = /[\u200B\u200C\u200E\u200F\u2060\uFEFF\u00AD]/g

/** Full normalisation. Pure and deterministic. */
export function normalize(raw: string): string {
  let s = raw.normalize('NFKC')
  s = s.replace(INVISIBLE_RE, '').replace(WECHAT_STICKER_RE, ' ').replace(EMOJI_RE, ' ')
  s = toSimplified(s)
  s = s.replace(typoRe, (m) => typoLookup.get(m) ?? m)
  // "!!!!" / "？？？" / "。。。" carry emotion, not meaning: keep one.
  s = s.replace(/([!?.,~。，！？、…])\1+/g, '$1')
  s = s.replace(/\s+/g, ' ').trim()
  return s
}
