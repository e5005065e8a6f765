// The KB as markdown files: the article format round-trips, the loader names file and line for every problem,
// and the seed, the classifier's training data and the LeCoQA eval all read the same files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isSuyuanError } from '../../core/errors.js'
import { isDomain } from '../../core/labels.js'
import { checkKbSeedArticles, loadKbSeedArticles } from '../../db/seed/kb/index.js'
import { KB_CONTENT_DIR, loadKbArticlesFromFiles, readKbFiles } from '../../db/seed/kb/files.js'
import { formatLawRef, KbFormatError, parseChineseNumeral, parseKbArticle, parseKbArticleWithLines, parseLawRef, serializeKbArticle } from '../../db/seed/kb/format.js'
import type { KbSeedArticle } from '../../db/seed/kb/types.js'
import { loadKbQuestions } from '../../nlp/corpus.js'
import { loadKbBridgeArticles } from '../../nlp/eval/lecoqa.js'

/** how many articles db/seed/kb/*.ts held when they were converted to files; the KB may grow, not shrink */
const ARTICLES_AT_MIGRATION = 104

const tmpDirs: string[] = []
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
function kbDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'suyuan-kb-'))
  tmpDirs.push(dir)
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true })
    writeFileSync(join(dir, rel), text)
  }
  return dir
}

const SAMPLE: KbSeedArticle = {
  slug: 'sample-loan-iou',
  title: '借条丢了还能要回钱吗',
  domain: 'lending',
  intent: 'filing',
  facts: '张某借给李某两万元，李某写了借条。后来借条丢了，李某不认账。\n张某找出了当时的转账记录和微信聊天记录。',
  ruling: '法院认为转账记录和聊天记录能相互印证，判决李某还款。',
  lawRefs: [
    { law: '中华人民共和国民法典', article: 667 },
    { law: '最高人民法院关于适用《中华人民共和国民事诉讼法》的解释', article: 90 },
    { law: '中华人民共和国刑法', article: 133, suffix: '之一' },
  ],
  tips: '借钱尽量走银行转账，并在备注里写明“借款”。',
  exampleQuestions: ['借条丢了咋办', '没有借条只有转账记录能起诉吗：急'],
}

describe('article format', () => {
  it('round-trips every article of the KB exactly', () => {
    const { entries, problems } = readKbFiles()
    expect(problems).toEqual([])
    expect(entries.length).toBeGreaterThanOrEqual(ARTICLES_AT_MIGRATION)
    for (const { article, file } of entries) {
      expect(parseKbArticle(serializeKbArticle(article), file), file).toEqual(article)
    }
  })

  it('round-trips an article with an intent, several paragraphs, nested 《》 and an 之一 article', () => {
    const text = serializeKbArticle(SAMPLE)
    expect(parseKbArticle(text)).toEqual(SAMPLE)
    expect(serializeKbArticle(parseKbArticle(text))).toBe(text)
    expect(text).toContain('- 《最高人民法院关于适用《中华人民共和国民事诉讼法》的解释》第90条')
    expect(text).toContain('- 《中华人民共和国刑法》第133条之一')
    const noIntent = { ...SAMPLE }
    delete noIntent.intent
    expect(parseKbArticle(serializeKbArticle(noIntent))).toEqual(noIntent)
    expect(serializeKbArticle(noIntent)).not.toContain('intent:')
  })

  it('reads what people type: CRLF, a BOM, extra blank lines, sections in another order, Chinese numerals', () => {
    const text = [
      '\uFEFF---',
      'title:  借条丢了还能要回钱吗  ',
      'domain: lending',
      '# a comment line in the header is ignored',
      'slug: sample-loan-iou',
      'intent: filing',
      'questions:',
      '- 借条丢了咋办',
      '    - 没有借条只有转账记录能起诉吗：急',
      '---',
      '## 提示',
      SAMPLE.tips,
      '## 法条',
      '《中华人民共和国民法典》第六百六十七条',
      '',
      '- 《最高人民法院关于适用《中华人民共和国民事诉讼法》的解释》第九十条',
      '- 《中华人民共和国刑法》第一百三十三条之一',
      '##案情',
      '',
      ...SAMPLE.facts.split('\n'),
      '',
      '',
      '## 裁判结果',
      SAMPLE.ruling + '   ',
    ].join('\r\n')
    expect(parseKbArticle(text)).toEqual(SAMPLE)
  })

  it('law references', () => {
    expect(parseLawRef('《中华人民共和国民法典》第1079条')).toEqual({ law: '中华人民共和国民法典', article: 1079 })
    expect(parseLawRef('- 《中华人民共和国民法典》第一千零七十九条')).toEqual({ law: '中华人民共和国民法典', article: 1079 })
    expect(formatLawRef({ law: '中华人民共和国刑法', article: 276, suffix: '之一' })).toBe('《中华人民共和国刑法》第276条之一')
    expect(parseLawRef('民法典第1079条')).toMatch(/must look like/)
    expect(parseLawRef('《民法典》第〇条')).toMatch(/bad article number/)
    expect([parseChineseNumeral('十'), parseChineseNumeral('二十三'), parseChineseNumeral('一百零五'), parseChineseNumeral('一二')]).toEqual([10, 23, 105, null])
  })

  it('refuses to write what would not read back the same', () => {
    expect(() => serializeKbArticle({ ...SAMPLE, title: '两行\n标题' })).toThrow(/title must be one line/)
    expect(() => serializeKbArticle({ ...SAMPLE, tips: '先看这里\n## 提示' })).toThrow(/heading/)
    expect(() => serializeKbArticle({ ...SAMPLE, exampleQuestions: [' 前面有空格'] })).toThrow(/spaces/)
  })

  it('names the line of every structural problem', () => {
    const good = serializeKbArticle(SAMPLE).split('\n')
    const lineOf = (prefix: string): number => good.findIndex((l) => l.startsWith(prefix)) + 1
    const fails = (lines: string[]): KbFormatError => {
      try {
        parseKbArticle(lines.join('\n'), 'x/y.md')
      } catch (e) {
        expect(e).toBeInstanceOf(KbFormatError)
        expect(isSuyuanError(e) && e.code).toBe('BAD_INPUT')
        return e as KbFormatError
      }
      throw new Error('parsed')
    }
    const replace = (prefix: string, by: string): string[] => good.map((l) => (l.startsWith(prefix) ? by : l))

    let e = fails(replace('## 裁判结果', '## 判决'))
    expect([e.line, e.message]).toEqual([lineOf('## 裁判结果'), expect.stringMatching(/^x\/y\.md:\d+: unknown section "## 判决"/)])
    e = fails(replace('- 《中华人民共和国民法典》第667条', '- 民法典667条'))
    expect(e.line).toBe(lineOf('- 《中华人民共和国民法典》第667条'))
    e = fails(replace('title:', 'titel: 借条'))
    expect([e.line, e.problem]).toEqual([lineOf('title:'), expect.stringContaining('unknown header key "titel"')])
    e = fails(replace('domain:', 'title: again'))
    expect([e.line, e.problem]).toEqual([lineOf('domain:'), '"title" is given twice'])
    e = fails(good.filter((l) => !l.startsWith('## 提示')))
    expect(e.problem).toMatch(/提示/)
    e = fails(good.filter((_l, k) => k !== good.lastIndexOf('---')))
    expect([e.line, e.problem]).toEqual([1, 'the header is not closed by a "---" line before "## 案情"'])
    e = fails(['---', 'title: t', 'domain: lending', 'slug: s', 'questions:', '---', 'stray text', '## 案情', 'x'])
    expect([e.line, e.problem]).toEqual([7, expect.stringContaining('under a section heading')])
  })

  it('remembers where each field was written', () => {
    const { lines } = parseKbArticleWithLines(serializeKbArticle(SAMPLE))
    expect(lines).toMatchObject({ title: 2, domain: 3, intent: 4, slug: 5, exampleQuestions: 6 })
    expect(lines.facts).toBeGreaterThan(6)
  })
})

describe('loading content/kb', () => {
  it('loads at least as many articles as the TypeScript seed had, all passing the seed rules', async () => {
    const articles = await loadKbSeedArticles()
    expect(articles.length).toBeGreaterThanOrEqual(ARTICLES_AT_MIGRATION)
    expect(checkKbSeedArticles(articles)).toEqual([])
    expect(new Set(articles.map((a) => a.slug)).size).toBe(articles.length)
    expect(articles.every((a) => isDomain(a.domain) && a.exampleQuestions.length >= 4)).toBe(true)
    expect(loadKbArticlesFromFiles(KB_CONTENT_DIR)).toEqual(articles)
  })

  it('reports file and line for rule problems, misplaced files and duplicate slugs — all of them at once', () => {
    const write = (a: KbSeedArticle): string => serializeKbArticle(a)
    const dir = kbDir({
      'README.md': '# not an article',
      'lending/sample-loan-iou.md': write(SAMPLE),
      'contract/sample-loan-iou.md': write({ ...SAMPLE, domain: 'contract' }),
      'lending/wrong-name.md': write({ ...SAMPLE, slug: 'another-slug' }),
      'lending/bad-intent.md': write({ ...SAMPLE, slug: 'bad-intent', intent: 'gossip' as never }),
      'lending/bad-domain.md': write({ ...SAMPLE, slug: 'bad-domain', domain: 'lendin' as never }),
      'lending/broken.md': '---\ntitle: x\n',
      'lending/notes.txt': 'scratch',
    })
    const { problems, entries } = readKbFiles(dir)
    const msgs = problems.map((p) => `${p.file.slice(dir.length + 1)}:${p.line}: ${p.message}`)
    expect(msgs).toEqual(
      expect.arrayContaining([
        'lending/sample-loan-iou.md:5: duplicate slug "sample-loan-iou" (also in ' + join(dir, 'contract/sample-loan-iou.md') + ')',
        'lending/wrong-name.md:5: slug "another-slug" must match the file name (wrong-name.md)',
        'lending/bad-intent.md:4: unknown intent gossip',
        'lending/bad-domain.md:3: unknown domain lendin',
        'lending/bad-domain.md:3: domain "lendin" must match the folder (lending/)',
        'lending/broken.md:1: the header is not closed by a "---" line',
        'lending/notes.txt:0: not an article: article files end in .md',
      ]),
    )
    expect(msgs).toHaveLength(7)
    expect(entries).toHaveLength(5)
    try {
      loadKbArticlesFromFiles(dir)
      throw new Error('loaded')
    } catch (e) {
      expect(isSuyuanError(e) && e.code).toBe('BAD_INPUT')
      expect((e as Error).message).toContain('lending/bad-intent.md:4: unknown intent gossip')
    }
  })

  it('trains the classifier on every example question of the files, and tolerates a broken file', async () => {
    const articles = loadKbArticlesFromFiles()
    const questions = await loadKbQuestions()
    expect(questions).toHaveLength(articles.reduce((n, a) => n + a.exampleQuestions.length, 0))
    const a = articles.find((x) => x.intent === 'enforcement')!
    expect(questions).toContainEqual({ text: a.exampleQuestions[0], intent: 'enforcement', domain: a.domain })

    const logged: string[] = []
    const dir = kbDir({ 'lending/sample-loan-iou.md': serializeKbArticle(SAMPLE), 'lending/half.md': '---\ntitle: being written' })
    expect(await loadKbQuestions(dir, (m) => logged.push(m))).toHaveLength(2)
    expect(logged.join('\n')).toMatch(/half\.md:1: /)
  })

  it('the LeCoQA eval bridges the same articles', async () => {
    expect(await loadKbBridgeArticles()).toEqual(loadKbArticlesFromFiles())
  })
})
