// Statutes without the public data: the runtime imports a statutes folder at start (SUYUAN_STATUTES_DIR) and
// "相关法条" shows the articles that fit the question. Uses our fictional 《示例调解法》 (test/fixtures/statutes), so
// it runs on a fresh clone; test/loop/statutes-answer.test.ts covers the real statutes when shared/ is there.
import { rows } from '../support/sql.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestRuntime, type TestRuntime } from '../support/runtime.js'
import { FIXTURE_STATUTES } from '../support/shared-data.js'

let t: TestRuntime
beforeAll(async () => {
  t = await createTestRuntime({ env: { SUYUAN_STATUTES_DIR: FIXTURE_STATUTES } })
})
afterAll(async () => {
  await t?.close()
})
const text = (r: { replies: { text: string }[] }) => r.replies.map((x) => x.text).join('\n')

describe('statutes from a folder (fictional fixture)', () => {
  it('imports every article of the folder at start', async () => {
    const got = await rows(t.rt.db, 'select law, article, suffix from statute_articles order by article, suffix')
    expect(got).toEqual([
      { law: '示例调解法', article: 1, suffix: '' },
      { law: '示例调解法', article: 2, suffix: '' },
      { law: '示例调解法', article: 3, suffix: '' },
      { law: '示例调解法', article: 10, suffix: '' },
      { law: '示例调解法', article: 11, suffix: '' },
      { law: '示例调解法', article: 11, suffix: '之一' },
      { law: '示例调解法', article: 20, suffix: '' },
      { law: '示例调解法', article: 21, suffix: '' },
    ])
  })

  it('shows the articles that fit the question on 相关法条', async () => {
    await t.chat('fixture-1', '房东租期没到就要收回房子，押金也不退，这样合法吗')
    const r = await t.chat('fixture-1', '相关法条')
    expect(text(r)).toMatch(/可能有关的法律条文/)
    expect(text(r)).toMatch(/《示例调解法》第十一?条/)
    expect(text(r)).not.toMatch(/第二十一条/)
  })
})
