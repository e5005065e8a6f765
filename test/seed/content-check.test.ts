// npm run content:check: counts what is there, lists every problem with its file and line or entry, exits 1.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { CONTENT_DIR } from '../../db/seed/content.js'

const tmp = mkdtempSync(join(tmpdir(), 'suyuan-check-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const check = (dir?: string) => spawnSync(process.execPath, ['--import', 'tsx', 'db/seed/content-check.ts', ...(dir ? [dir] : [])], { encoding: 'utf8' })

it('passes on the repository content and prints the counts', () => {
  const r = check()
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  expect(r.stdout).toMatch(/知识库 KB: \d+ articles/)
  expect(r.stdout).toContain('demo-city 示例市城区人民法院 (示0102)')
  expect(r.stdout).toMatch(/no problems\n$/)
})

it('fails on broken content, naming file and line or entry', () => {
  cpSync(CONTENT_DIR, tmp, { recursive: true })
  const article = join(tmp, 'kb', 'lending', 'lending-no-iou-proof.md')
  writeFileSync(article, readFileSync(article, 'utf8').replace('## 提示', '## 小贴士'))
  const staff = join(tmp, 'courts', 'demo', 'staff.json')
  writeFileSync(staff, readFileSync(staff, 'utf8').replace('"kb_editor"', '"kb_reviewr"'))
  const r = check(tmp)
  expect(r.status).toBe(1)
  expect(r.stdout).toContain('2 problems:')
  expect(r.stdout).toMatch(/kb\/lending\/lending-no-iou-proof\.md:\d+: unknown section "## 小贴士"/)
  expect(r.stdout).toMatch(/courts\/demo\/staff\.json: staff\[4\] editor: unknown role "kb_reviewr"/)
})
