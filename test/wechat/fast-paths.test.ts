// The webhook's fast paths keep their guarantees: the group commit (shared fsync, units isolated, durable on
// resolve), the in-memory KB index (same hits as the FTS5 table, notices changes), and the delivery claim being
// committed before the dialogue turn starts.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { eq, sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openDb, type DbHandle } from '../../db/client.js'
import { commitSoon } from '../../db/group-commit.js'
import { invalidateKbIndex, kbSearchText, searchKb, seedKbArticles } from '../../db/repositories/kb.js'
import { ftsMatchExpression } from '../../db/repositories/statutes.js'
import { accessLog, courts, kbArticles } from '../../db/schema/index.js'
import type { KbSeedArticle } from '../../db/seed/kb/types.js'
import { queryTerms } from '../../nlp/retrieval/query.js'
import type { TurnInput, TurnResult } from '../../bot/dialogue/types.js'
import { signedQuery, stubRuntime, textXml, type StubRuntime } from './helpers.js'

describe('group commit', () => {
  let dir: string
  let h: DbHandle
  let reader: Database.Database
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'suyuan-gc-'))
    h = openDb(join(dir, 'gc.db'))
    reader = new Database(join(dir, 'gc.db'), { readonly: true })
  })
  afterAll(async () => {
    reader.close()
    h.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const seenByReader = (action: string): number =>
    (reader.prepare('SELECT count(*) AS n FROM access_log WHERE action = ?').get(action) as { n: number }).n
  const write = (action: string) => async (tx: typeof h.db) => (await tx.insert(accessLog).values({ action }).returning())[0]!.id

  it('units of one tick share a transaction and are visible to other connections once resolved', async () => {
    let firstVisibleDuringSecond = -1
    const a = commitSoon(h.db, write('gc-a'))
    const b = commitSoon(h.db, (tx) => {
      // the first unit is written but not yet committed: same transaction
      firstVisibleDuringSecond = seenByReader('gc-a')
      return write('gc-b')(tx)
    })
    const [ida, idb] = await Promise.all([a, b])
    expect(firstVisibleDuringSecond).toBe(0)
    expect(idb).toBeGreaterThan(ida)
    expect(seenByReader('gc-a')).toBe(1)
    expect(seenByReader('gc-b')).toBe(1)
  })

  it('a failing unit is rolled back alone; the others commit', async () => {
    const ok1 = commitSoon(h.db, write('gc-ok1'))
    const bad = commitSoon(h.db, async (tx) => {
      await write('gc-bad')(tx)
      throw new Error('boom')
    })
    const ok2 = commitSoon(h.db, write('gc-ok2'))
    await expect(bad).rejects.toThrow('boom')
    await Promise.all([ok1, ok2])
    expect([seenByReader('gc-ok1'), seenByReader('gc-bad'), seenByReader('gc-ok2')]).toEqual([1, 0, 1])
  })

  it('a lone failing unit rejects and leaves nothing behind', async () => {
    await expect(
      commitSoon(h.db, async (tx) => {
        await write('gc-lone')(tx)
        throw new Error('lone')
      }),
    ).rejects.toThrow('lone')
    expect(seenByReader('gc-lone')).toBe(0)
  })
})

const art = (slug: string, title: string, domain: KbSeedArticle['domain'], questions: string[], facts: string): KbSeedArticle => ({
  slug,
  title,
  domain,
  facts,
  ruling: '法院依法处理。',
  lawRefs: [],
  tips: '保留证据。',
  exampleQuestions: questions,
})

describe('in-memory KB index', () => {
  let h: DbHandle
  let court: number
  beforeAll(async () => {
    h = openDb(':memory:')
    court = (await h.db.insert(courts).values({ code: 'kb-idx', name: '索引县人民法院' }).returning())[0]!.id
    const other = (await h.db.insert(courts).values({ code: 'kb-idx-2', name: '别的法院' }).returning())[0]!.id
    await seedKbArticles(h.db, court, [
      art('wage', '老板拖欠工资怎么要', 'wage_arrears', ['工资被拖欠了去哪告', '包工头跑了工资找谁要'], '王某在工地干活三个月，老板一直不发工资。'),
      art('loan', '借钱不还怎么办', 'lending', ['朋友借钱不还', '有欠条能起诉吗'], '李某借给张某五万元，张某到期不还。'),
      art('divorce', '对方不同意离婚', 'marriage_family', ['老公不同意离婚怎么办'], '张某与李某分居两年，张某想离婚。'),
      art('property', '物业费能不能不交', 'property_mgmt', ['物业服务差可以不交物业费吗'], '业主认为物业服务差，拒交物业费，双方发生纠纷。'),
    ])
    await seedKbArticles(h.db, other, [art('wage-2', '工资纠纷', 'wage_arrears', ['欠薪'], '拖欠工资，发生纠纷。')])
  })
  afterAll(() => h.close())

  /** what the FTS5 table matches for the question: published articles of the court */
  const ftsIds = (query: string): number[] =>
    h.db
      .all<{ id: number }>(
        sql`SELECT f.rowid AS id FROM kb_articles_fts f JOIN kb_articles a ON a.id = f.rowid
            WHERE kb_articles_fts MATCH ${ftsMatchExpression(queryTerms(query).weights.keys())}
              AND a.court_id = ${court} AND a.status = 'published'`,
      )
      .map((r) => r.id)
      .sort((a, b) => a - b)
  const hitIds = async (query: string): Promise<number[]> => (await searchKb(h.db, court, query, { limit: 50 })).map((x) => x.article.id).sort((a, b) => a - b)
  const slugs = async (query: string): Promise<string[]> => (await searchKb(h.db, court, query, { limit: 50 })).map((x) => x.article.slug)

  it('finds exactly the articles the FTS5 table matches', async () => {
    for (const q of ['老板拖欠我三个月工资不给', '朋友借了五万不还', '纠纷', '物业费', '离婚协议', '今天天气怎么样', '张某']) {
      expect((await hitIds(q)), q).toEqual(ftsIds(q))
    }
    expect((await hitIds('老板拖欠工资')).length).toBeGreaterThan(0)
  })

  it('notices a newly published article, a status change and an edited search text without being told', async () => {
    expect((await slugs('宅基地'))).toEqual([])
    await seedKbArticles(h.db, court, [art('land', '宅基地纠纷', 'other', ['宅基地被占了怎么办'], '两户人家因宅基地界址发生争执。')])
    expect((await slugs('宅基地'))).toEqual(['land'])

    await h.db.update(kbArticles).set({ status: 'retired' }).where(eq(kbArticles.slug, 'land'))
    expect((await slugs('宅基地'))).toEqual([])
    await h.db.update(kbArticles).set({ status: 'published' }).where(eq(kbArticles.slug, 'land'))
    expect((await slugs('宅基地'))).toEqual(['land'])

    // an edit of the indexed text (title and questions) moves the article to other words
    const edited = { title: '果园承包纠纷', exampleQuestions: ['果园承包合同'], facts: '村民承包果园，发生争执。' }
    await h.db.update(kbArticles).set({ title: edited.title, searchText: kbSearchText(edited) }).where(eq(kbArticles.slug, 'land'))
    expect((await slugs('宅基地'))).toEqual([])
    expect((await slugs('果园承包'))).toEqual(['land'])
  })

  it('returns the current row content even when only a non-indexed column changed; invalidation is harmless', async () => {
    const before = (await searchKb(h.db, court, '借钱不还'))[0]!
    expect(before.article.slug).toBe('loan')
    await h.db.update(kbArticles).set({ tips: '新的提示：先协商，再起诉。' }).where(eq(kbArticles.slug, 'loan'))
    expect((await searchKb(h.db, court, '借钱不还'))[0]!.article.tips).toBe('新的提示：先协商，再起诉。')
    invalidateKbIndex(h.db)
    const after = (await searchKb(h.db, court, '借钱不还'))[0]!
    expect(after.article.slug).toBe('loan')
    expect(after.score).toBeCloseTo(before.score, 10)
  })
})

describe('webhook: the claim is committed before the turn starts', () => {
  let env: StubRuntime | undefined
  let dir: string | undefined
  afterEach(async () => {
    await env?.close()
    env = undefined
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('a second connection sees the delivery row when the dialogue is called; a retry meanwhile runs no second turn', async () => {
    dir = mkdtempSync(join(tmpdir(), 'suyuan-claim-'))
    const file = join(dir, 'claim.db')
    const calls: TurnInput[] = []
    const seenAtTurnStart: number[] = []
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    env = await stubRuntime({
      dbFile: file,
      dialogue: {
        async handle(input: TurnInput): Promise<TurnResult> {
          calls.push(input)
          const other = new Database(file, { readonly: true })
          seenAtTurnStart.push((other.prepare('SELECT count(*) AS n FROM inbound_deliveries').get() as { n: number }).n)
          other.close()
          await gate
          return { replies: [{ text: `答复：${input.text}` }] }
        },
      },
    })
    const push = textXml('oClaim', '老板拖欠工资', '7001')
    const first = env.app.inject({ method: 'POST', url: `/wechat?${signedQuery()}`, headers: { 'content-type': 'text/xml' }, payload: push })
    while (calls.length === 0) await new Promise((r) => setTimeout(r, 5))
    const retry = env.app.inject({ method: 'POST', url: `/wechat?${signedQuery()}`, headers: { 'content-type': 'text/xml' }, payload: push })
    await new Promise((r) => setTimeout(r, 50))
    release()
    const [a, b] = await Promise.all([first, retry])
    expect(seenAtTurnStart).toEqual([1])
    expect(calls).toHaveLength(1)
    expect(a.body).toContain('答复：老板拖欠工资')
    expect(b.body).toBe(a.body)
  })
})
