import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { openDb, type DbHandle } from '../../db/client.js'
import { courts, kbArticles } from '../../db/schema/index.js'
import { formatKbAnswer, getKbArticle, searchKb, seedKbArticles } from '../../db/repositories/kb.js'
import type { KbSeedArticle } from '../../db/seed/kb/types.js'

const art = (slug: string, over: Partial<KbSeedArticle>): KbSeedArticle => ({
  slug,
  title: '示例',
  domain: 'other',
  facts: '张某与李某发生纠纷。',
  ruling: '法院依法处理。',
  lawRefs: [],
  tips: '保留证据。',
  exampleQuestions: ['怎么办'],
  ...over,
})

const ARTICLES: KbSeedArticle[] = [
  art('divorce-lawsuit', {
    title: '对方不同意离婚怎么办',
    domain: 'marriage_family',
    facts: '张某与李某分居两年，张某想离婚，李某不同意，双方发生纠纷。',
    lawRefs: [{ law: '中华人民共和国民法典', article: 1079 }],
    exampleQuestions: ['老公不同意离婚怎么办', '怎么起诉离婚', '分居两年能离婚吗', '离婚要去哪里办'],
  }),
  art('wage-arrears', {
    title: '老板拖欠工资怎么要',
    domain: 'wage_arrears',
    facts: '王某在工地干活三个月，老板一直不发工资，双方发生纠纷。',
    lawRefs: [{ law: '劳动合同法', article: 30 }],
    exampleQuestions: ['老板不给工资怎么办', '工资被拖欠了去哪告', '包工头跑了工资找谁要', '欠薪怎么维权'],
  }),
  art('property-fee', {
    title: '物业费能不能不交',
    domain: 'property_mgmt',
    facts: '业主赵某认为物业服务差，拒交物业费，双方发生纠纷。',
    exampleQuestions: ['物业服务差可以不交物业费吗', '物业起诉我欠费', '小区物业不管事', '物业费标准'],
  }),
]

describe('KB search (FTS5 + jieba)', () => {
  let h: DbHandle
  let courtId: number
  beforeAll(async () => {
    h = openDb(':memory:')
    courtId = (await h.db.insert(courts).values({ code: 'kb-test', name: '测试县人民法院' }).returning())[0]!.id
    await seedKbArticles(h.db, courtId, ARTICLES)
  })
  afterAll(() => h.close())

  it('seeding is idempotent by slug and publishes version 1', async () => {
    expect((await seedKbArticles(h.db, courtId, ARTICLES))).toEqual({ inserted: 0, skipped: 3 })
    const rows = (await h.db.select().from(kbArticles))
    expect(rows).toHaveLength(3)
    for (const r of rows) {
      expect(r.status).toBe('published')
      expect(r.version).toBe(1)
      // jieba-segmented: words separated by spaces, so FTS5 unicode61 sees 纠纷 as a token
      expect(r.searchText.split(' ')).toContain('纠纷')
    }
  })

  it('finds two-character terms (离婚, 工资)', async () => {
    expect((await searchKb(h.db, courtId, '离婚'))[0]?.article.slug).toBe('divorce-lawsuit')
    expect((await searchKb(h.db, courtId, '工资'))[0]?.article.slug).toBe('wage-arrears')
    expect((await searchKb(h.db, courtId, '我老公要跟我离婚'))[0]?.article.slug).toBe('divorce-lawsuit')
  })

  it('scores in 0..1, high for a good fit, nothing for an unrelated question', async () => {
    const good = (await searchKb(h.db, courtId, '老板拖欠工资不给'))[0]
    expect(good?.article.slug).toBe('wage-arrears')
    expect(good!.score).toBeGreaterThan(0.5)
    expect(good!.score).toBeLessThanOrEqual(1)
    const weak = await searchKb(h.db, courtId, '我家的猫走丢了，邻居说看见过')
    expect(weak.every((x) => x.score < 0.35)).toBe(true)
    expect((await searchKb(h.db, courtId, '今天天气怎么样'))).toEqual([])
  })

  it('boosts the hinted domain', async () => {
    // 纠纷 is in every article's facts: the domain hint decides
    const plain = await searchKb(h.db, courtId, '纠纷', { limit: 3 })
    const hinted = await searchKb(h.db, courtId, '纠纷', { domain: 'property_mgmt', limit: 3 })
    expect(hinted[0]?.article.slug).toBe('property-fee')
    const s = (xs: typeof plain) => xs.find((x) => x.article.slug === 'property-fee')?.score ?? 0
    expect(s(hinted)).toBeGreaterThan(s(plain))
  })

  it('returns only published articles of the court', async () => {
    await seedKbArticles(h.db, courtId, [
      art('draft-inheritance', { title: '遗嘱继承', domain: 'inheritance', exampleQuestions: ['遗嘱怎么写才有效'] }),
    ])
    await h.db.update(kbArticles).set({ status: 'draft' }).where(eq(kbArticles.slug, 'draft-inheritance'))
    expect((await searchKb(h.db, courtId, '遗嘱'))).toEqual([])
    const other = (await h.db.insert(courts).values({ code: 'kb-other', name: '别的法院' }).returning())[0]!.id
    expect((await searchKb(h.db, other, '离婚'))).toEqual([])
  })

  it('getKbArticle and formatKbAnswer: law cited, quoted text, general-information line', async () => {
    const hit = (await searchKb(h.db, courtId, '离婚'))[0]!
    const a = (await getKbArticle(h.db, hit.article.id))!
    const text = formatKbAnswer(a, { '中华人民共和国民法典|1079|': '夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。' })
    expect(text).toContain('【案情】')
    expect(text).toContain('【结果】')
    expect(text).toContain('《中华人民共和国民法典》第一千零七十九条')
    expect(text).toContain('夫妻一方要求离婚的')
    expect(text).toContain('【提示】')
    expect(text).toContain('不是针对您个人案件的法律意见')
    expect(text).toContain('转人工')
  })

  it('formatKbAnswer stays under ~900 characters even for long content', async () => {
    const long = '很长的内容。'.repeat(200)
    const text = formatKbAnswer({
      title: '长文',
      facts: long,
      ruling: long,
      tips: long,
      lawRefs: [1, 2, 3, 4].map((n) => ({ law: '中华人民共和国民法典', article: n })),
    }, Object.fromEntries([1, 2, 3, 4].map((n) => [`中华人民共和国民法典|${n}|`, long])))
    expect([...text].length).toBeLessThanOrEqual(900)
    expect(text).toContain('第四条')
    expect(text).toContain('转人工')
  })
})
