import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../../db/client.js'
import type { Store } from '../../db/store.js'
import { statuteArticles } from '../../db/schema/index.js'
import { getStatuteArticle, getStatuteTexts, importStatutes, searchStatutes } from '../../db/repositories/statutes.js'
import { chineseToInt, intToChinese } from '../../nlp/retrieval/cn-numerals.js'
import { lacksSharedData, SHARED_DATA } from '../support/shared-data.js'

const SAMPLE_MD = `# 中华人民共和国示例法

2020年1月1日 第十三届全国人民代表大会常务委员会通过

<!-- INFO END -->

## 第一章  总则

第一条 为了保护劳动者的合法权益，制定本法。

第十条 用人单位应当按时足额支付工资。

用人单位拖欠工资的，劳动者可以申请支付令。

## 第二章　婚姻

第一百零五条 夫妻一方要求离婚的，可以向人民法院起诉。

第一百零五条之一 调解离婚的，应当制作调解书。
（一）双方自愿；
（二）内容合法。
`

const REAL_DIR = join(SHARED_DATA, 'statutes')

describe('statute import', () => {
  let h: Store
  let dir: string
  beforeAll(async () => {
    h = openSqliteStore(':memory:')
    dir = mkdtempSync(join(tmpdir(), 'suyuan-statutes-'))
    mkdirSync(join(dir, '示例'))
    writeFileSync(join(dir, '示例', '示例法.md'), SAMPLE_MD)
    writeFileSync(
      join(dir, 'index.json'),
      JSON.stringify([{ lecoqa_law: '示例法', title: '中华人民共和国示例法', part: null, path: '示例/示例法.md' }]),
    )
  })
  afterAll(async () => {
    await h.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('converts Chinese numerals both ways', async () => {
    const cases: [string, number][] = [['一千零七十九', 1079], ['十', 10], ['二十', 20], ['一百零五', 105], ['一百一十', 110], ['一千二百六十', 1260]]
    for (const [s, n] of cases) {
      expect(chineseToInt(s)).toBe(n)
      expect(intToChinese(n)).toBe(s)
    }
    expect(() => chineseToInt('abc')).toThrow()
  })

  it('imports one row per article, with numbers, suffix and later paragraphs', async () => {
    expect((await importStatutes(h, dir))).toEqual({ laws: 1, articles: 4 })
    const a10 = (await getStatuteArticle(h.db, '示例法', 10))!
    expect(a10.law).toBe('中华人民共和国示例法')
    expect(a10.text).toBe('用人单位应当按时足额支付工资。\n用人单位拖欠工资的，劳动者可以申请支付令。')
    expect((await getStatuteArticle(h.db, '中华人民共和国示例法', 105))?.text).toBe('夫妻一方要求离婚的，可以向人民法院起诉。')
    const inserted = (await getStatuteArticle(h.db, '示例法', 105, '之一'))!
    expect(inserted.text).toContain('（二）内容合法。')
    expect((await getStatuteArticle(h.db, '示例法', 2))).toBeUndefined()
    expect((await getStatuteTexts(h.db, [{ law: '示例法', article: 10 }, { law: '示例法', article: 99 }]))).toEqual({ '示例法|10|': a10.text })
  })

  it('is idempotent and picks up changed text', async () => {
    await importStatutes(h, dir)
    expect((await h.db.select().from(statuteArticles))).toHaveLength(4)
    writeFileSync(join(dir, '示例', '示例法.md'), SAMPLE_MD.replace('按时足额支付工资', '按月足额支付劳动报酬'))
    await importStatutes(h, dir)
    expect((await h.db.select().from(statuteArticles))).toHaveLength(4)
    expect((await getStatuteArticle(h.db, '示例法', 10))?.text).toContain('按月足额支付劳动报酬')
    // the FTS index follows the update: the new word is found, the old one no longer matches that article
    expect((await searchStatutes(h.db, '劳动报酬', 3))[0]?.row.article).toBe(10)
  })

  it('searchStatutes finds two-character terms over FTS', async () => {
    const hits = await searchStatutes(h.db, '离婚', 5)
    expect(hits[0]?.row.article).toBe(105)
    expect(hits[0]?.score).toBe(1)
    expect((await searchStatutes(h.db, '拖欠工资', 5))[0]?.row.article).toBe(10)
  })

  it.skipIf(lacksSharedData('statutes/index.json'))('imports the real statutes folder', async () => {
    const real = openSqliteStore(':memory:')
    try {
      const { laws, articles } = await importStatutes(real, REAL_DIR)
      expect(laws).toBe(31)
      expect(articles).toBe(4484)
      expect((await getStatuteArticle(real.db, '中华人民共和国民法典', 1079))?.text.startsWith('夫妻一方要求离婚')).toBe(true)
      expect((await getStatuteArticle(real.db, '民法典', 1079))?.text.startsWith('夫妻一方要求离婚')).toBe(true)
      expect((await getStatuteArticle(real.db, '中华人民共和国刑法', 120, '之一'))?.text).toContain('资助恐怖活动')
      expect((await getStatuteArticle(real.db, '劳动合同法', 82))?.text).toContain('二倍的工资')
    } finally {
      await real.close()
    }
  })
})
