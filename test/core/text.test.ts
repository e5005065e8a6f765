import { describe, expect, it } from 'vitest'
import { cleanInput } from '../../core/text.js'

describe('cleanInput', () => {
  it.each([
    ['plain Chinese stays', '邻居家的树挡光了', '邻居家的树挡光了'],
    ['NUL and controls go', 'a\u0000b\u0007c\u001fd', 'abcd'],
    ['newlines and tabs stay', '第一行\n第二行\t完', '第一行\n第二行\t完'],
    ['a lone high surrogate becomes U+FFFD', 'x\uD83Dy', 'x\uFFFDy'],
    ['a lone low surrogate becomes U+FFFD', 'x\uDE00y', 'x\uFFFDy'],
    ['a real emoji pair stays', '好的😀', '好的😀'],
  ])('%s', (_, input, want) => {
    expect(cleanInput(input)).toBe(want)
  })
})
