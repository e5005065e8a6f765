import { describe, expect, it } from 'vitest'
import { splitForWeChat } from '../../db/repositories/kb.js'

const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

describe('splitForWeChat', () => {
  it('leaves a short text alone', () => {
    expect(splitForWeChat('您好，请问有什么可以帮您？')).toEqual(['您好，请问有什么可以帮您？'])
  })

  it('keeps every chunk within the byte limit and loses no text', () => {
    const paras = Array.from({ length: 12 }, (_, i) => `第${i}段：` + '法院依法审理了这起纠纷，双方当事人到庭参加诉讼。'.repeat(5 + i))
    const text = paras.join('\n')
    for (const max of [2000, 600, 100]) {
      const chunks = splitForWeChat(text, max)
      expect(chunks.length).toBeGreaterThan(1)
      for (const c of chunks) expect(bytes(c)).toBeLessThanOrEqual(max)
      expect(chunks.join('')).toBe(text)
    }
  })

  it('prefers paragraph ends, then sentence ends', () => {
    const a = '甲'.repeat(300) + '。'
    const b = '乙'.repeat(300) + '。'
    const chunks = splitForWeChat(`${a}\n${b}`, 1000)
    expect(chunks).toEqual([`${a}\n`, b])
    const s1 = '丙'.repeat(200) + '。'
    const s2 = '丁'.repeat(200) + '！'
    expect(splitForWeChat(s1 + s2, 700)).toEqual([s1, s2])
  })

  it('hard-splits one endless sentence without breaking characters (emoji, 4 bytes)', () => {
    const text = '😀'.repeat(100) + '字'.repeat(300)
    const chunks = splitForWeChat(text, 50)
    for (const c of chunks) expect(bytes(c)).toBeLessThanOrEqual(50)
    expect(chunks.join('')).toBe(text)
    expect(chunks.every((c) => !c.includes('\uFFFD'))).toBe(true)
  })
})
