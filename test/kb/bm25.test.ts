import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildBm25 } from '../../nlp/retrieval/bm25.js'
import { buildBaselineRetriever } from '../../nlp/retrieval/baseline.js'
import { buildStatuteRetriever } from '../../nlp/retrieval/statute-retriever.js'
import { cutForSearch } from '../../nlp/retrieval/segment.js'
import type { StatuteRecord } from '../../nlp/retrieval/statute-parse.js'
import { runLecoqaEval } from '../../nlp/eval/lecoqa.js'

const rec = (article: number, text: string, headings: string[] = []): StatuteRecord => ({
  law: '中华人民共和国民法典', shortName: '中华人民共和国民法典', article, suffix: '', text, headings, source: 't',
})

const CORPUS = [
  rec(1, '当事人一方不履行合同义务的，应当承担违约责任。', ['合同编']),
  rec(2, '夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。', ['婚姻家庭编', '第四章 离婚']),
  rec(3, '承租人应当按照约定的期限支付租金。', ['合同编', '第十四章 租赁合同']),
  rec(4, '借款人应当按照约定的期限返还借款。', ['合同编', '第十二章 借款合同']),
  rec(5, '盗窃公私财物，数额较大的，处三年以下有期徒刑。', ['分则']),
]

describe('BM25', () => {
  it('ranks the exact-topic document first and scores only matching documents', () => {
    const idx = buildBm25(CORPUS.map((r) => cutForSearch(r.text)))
    const hits = idx.search(cutForSearch('离婚诉讼怎么提起'), 5)
    expect(hits[0]?.doc).toBe(1)
    expect(idx.search(cutForSearch('租金'), 5).map((h) => h.doc)).toEqual([2])
    expect(idx.search(['不存在的词'], 5)).toEqual([])
    // rarer terms weigh more
    expect(idx.idf('租金')).toBeGreaterThan(idx.idf('应当'))
  })

  it('the baseline and our retriever both put the right article first on a small corpus', () => {
    for (const r of [buildBaselineRetriever(CORPUS), buildStatuteRetriever(CORPUS)]) {
      expect(r.search('离婚诉讼', 3)[0]?.record.article).toBe(2)
      expect(r.search('借款到期不还', 3)[0]?.record.article).toBe(4)
    }
  })

  it('our retriever understands colloquial words the baseline cannot (老公, 偷, 房东)', () => {
    const ours = buildStatuteRetriever(CORPUS)
    const base = buildBaselineRetriever(CORPUS)
    expect(ours.search('偷东西会坐牢吗', 3)[0]?.record.article).toBe(5)
    expect(base.search('偷东西会坐牢吗', 3).map((h) => h.record.article)).not.toContain(5)
    expect(ours.search('房东催房租', 3)[0]?.record.article).toBe(3)
  })

  it.skipIf(!existsSync('/work/shared/data/lecoqa/questions.jsonl'))('beats plain BM25 on LeCoQA Recall@5', async () => {
    const { metrics, lines } = await runLecoqaEval()
    expect(lines.length).toBeGreaterThan(3)
    expect(metrics.coverage).toBeGreaterThan(0.8)
    expect(metrics.ours.recallAt5).toBeGreaterThan(metrics.bm25.recallAt5)
  })
})
