import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../api/log.js'

function capture() {
  const lines: string[] = []
  const dest = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean))
      cb()
    },
  })
  return { lines, dest }
}

describe('logger', () => {
  it('writes JSON lines with the level name and masks phone and ID numbers in the message and the fields', () => {
    const { lines, dest } = capture()
    const log = createLogger('info', dest)
    log.info({ ticket: 'SY-2026-000001', note: '请回电 13812345678', nested: { id: '110101199001011234' } }, '来电 13912345678')
    log.debug('not shown at info')
    expect(lines).toHaveLength(1)
    const rec = JSON.parse(lines[0]!)
    expect(rec.level).toBe('info')
    expect(rec.ticket).toBe('SY-2026-000001')
    expect(lines[0]).not.toMatch(/13812345678|13912345678|110101199001011234/)
    expect(rec.msg).toContain('139')
  })
})
