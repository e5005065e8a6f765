import { describe, expect, it } from 'vitest'
import { normalize } from '../../nlp/normalize.js'
import { tokenize } from '../../nlp/tokenize.js'

describe('normalize', () => {
  it.each([
    ['full-width digits and letters', '欠我３万５ＡＢ', '欠我3万5AB'],
    ['full-width punctuation', '你好，请问（2025）', '你好,请问(2025)'],
    ['traditional to simplified', '離婚後孩子撫養費誰給', '离婚后孩子抚养费谁给'],
    ['homophone typo', '我想离昏', '我想离婚'],
    ['dialect 咋整 + 俺', '俺男人欠钱不还咋整', '我男人欠钱不还怎么办'],
    ['啥 → 什么', '起诉要带啥', '起诉要带什么'],
    ['emoji removed', '老板不给钱😭😭🙏', '老板不给钱'],
    ['wechat sticker removed', '谢谢[抱拳][微笑]', '谢谢'],
    ['whitespace collapsed', '  我的   工单  ', '我的 工单'],
    ['repeated punctuation collapsed', '怎么办！！！？？？', '怎么办!?'],
    ['zero-width characters', '执\u200b行款', '执行款'],
  ])('%s', (_name, input, expected) => {
    expect(normalize(input)).toBe(expected)
  })

  it('leaves a clean message unchanged', () => {
    expect(normalize('我想申请劳动仲裁')).toBe('我想申请劳动仲裁')
  })
})

describe('tokenize', () => {
  it('keeps court words whole thanks to the legal dictionary', () => {
    const t = tokenize('他是失信被执行人执行款一直不给')
    expect(t).toContain('失信被执行人')
    expect(t).toContain('执行款')
  })
  it('drops punctuation and spaces', () => {
    expect(tokenize('拖欠工资，怎么办? ！')).toEqual(['拖欠工资', '怎么办'])
  })
  it('segments a run-on voice message', () => {
    const t = tokenize('老板拖欠工资三个月我想申请劳动仲裁')
    expect(t).toEqual(expect.arrayContaining(['老板', '拖欠工资', '劳动仲裁']))
  })
})
