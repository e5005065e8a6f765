// The classify CLI as a real child process: JSON Lines in, exactly one JSON line out per input, nothing else.
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'

function runCli(input: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'nlp/cli/classify.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, SUYUAN_MODEL_DIR: './data/model' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ stdout, stderr, code }))
    child.stdin.end(input)
  })
}

describe('nlp/cli/classify', () => {
  it('answers one JSON line per input line and errors for bad lines', async () => {
    const input = [
      JSON.stringify({ text: '我要转人工' }),
      'this is not json',
      JSON.stringify({ text: '再不给工资我就不想活了' }),
      JSON.stringify({ nottext: 1 }),
      '',
      JSON.stringify({ text: '离婚后孩子抚养费怎么算' }),
    ].join('\n')
    const { stdout, code } = await runCli(`${input}\n`)
    expect(code).toBe(0)
    const lines = stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(5)
    const out = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(out[0]).toMatchObject({ intent: 'human', risk: false })
    expect(Object.keys(out[0] ?? {}).sort()).toEqual(['confidence', 'domain', 'intent', 'risk'])
    expect(out[1]).toHaveProperty('error')
    expect(out[2]).toMatchObject({ risk: true })
    expect(out[3]).toHaveProperty('error')
    expect(out[4]).toMatchObject({ domain: 'marriage_family' })
    expect(typeof out[4]?.confidence).toBe('number')
  }, 120_000)
})
