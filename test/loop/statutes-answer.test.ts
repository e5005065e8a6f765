// With the statutes imported (as npm start does from shared/data/statutes), answers quote the articles the KB
// article cites, and "相关法条" shows the statute articles most relevant to the citizen's question.
import { one } from '../support/sql.js'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestRuntime, type TestRuntime } from '../support/runtime.js'
import { lacksSharedData, SHARED_DATA } from '../support/shared-data.js'

const STATUTES = join(SHARED_DATA, 'statutes')
let t: TestRuntime
beforeAll(async () => {
  t = await createTestRuntime({ env: { SUYUAN_STATUTES_DIR: STATUTES } })
})
afterAll(async () => {
  await t?.close()
})
const text = (r: { replies: { text: string }[] }) => r.replies.map((x) => x.text).join('\n')

describe.skipIf(lacksSharedData('statutes/index.json'))('answers with the law', () => {
  it('imports the statutes at start', async () => {
    const n = ((await one(t.rt.db, 'select count(*) n from statute_articles')) as { n: number }).n
    expect(n).toBeGreaterThan(4000)
  })

  it('quotes the text of the article the KB answer cites, in one WeChat passive reply', async () => {
    const r = await t.chat('law-1', '彩礼给了十几万，结婚没多久就离了，彩礼能要回来吗')
    expect(text(r)).toMatch(/《[^》]+》第[一二三四五六七八九十百千零]+条：“/)
    // answer + follow-up line fit WeChat's 2048-byte passive reply: no 客服 quota spent on an answer
    expect(Buffer.byteLength(r.replies.map((x) => x.text).join('\n\n'), 'utf8')).toBeLessThanOrEqual(2048)
  })

  it('shows the most relevant statute articles on 相关法条, and asks for a question first otherwise', async () => {
    const none = await t.chat('law-2', '相关法条')
    expect(text(none)).toMatch(/请先把您的问题发给我/)
    await t.chat('law-2', '租房合同没到期房东就要收回房子，押金也不退，这样合法吗')
    const r = await t.chat('law-2', '相关法条')
    expect(text(r)).toMatch(/可能有关的法律条文|可能有关/)
    expect(text(r)).toMatch(/《[^》]+》第[一二三四五六七八九十百千零]+条/)
    expect(text(r)).toMatch(/租|出租人|承租人/)
  })
})
