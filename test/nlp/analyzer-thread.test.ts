// The classifier on a worker thread gives the same analysis as on the main thread, and the dialogue keeps
// answering when that thread is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../core/config.js'
import { loadClassifier, type Classifier } from '../../nlp/index.js'
import { startAnalyzerThread, type AnalyzerThread } from '../../nlp/analyzer-thread.js'
import { createTestRuntime, MODEL_DIR, type TestRuntime } from '../support/runtime.js'

const thresholds = loadConfig({}).nlp
let thread: AnalyzerThread
let local: Classifier
beforeAll(async () => {
  thread = await startAnalyzerThread({ modelDir: MODEL_DIR, thresholds })
  local = await loadClassifier({ modelDir: MODEL_DIR, thresholds })
}, 60_000)
afterAll(async () => {
  await thread?.close()
})

describe('analyzer thread', () => {
  it('matches the in-process classifier', async () => {
    const now = new Date(Date.UTC(2026, 10, 23))
    for (const text of ['老板拖欠工资三个月了', '我要去北京上访', '离婚后孩子抚养费怎么算', '你好']) {
      const a = await thread.analyze(text, now)
      const b = local.analyze(text, { now })
      expect({ intent: a.intent, domain: a.domain, risk: a.risk, decision: a.decision }).toEqual({
        intent: b.intent,
        domain: b.domain,
        risk: b.risk,
        decision: b.decision,
      })
    }
  })

  it('rejects once the thread is gone', async () => {
    const t2 = await startAnalyzerThread({ modelDir: MODEL_DIR, thresholds })
    await t2.close()
    await expect(t2.analyze('你好', new Date())).rejects.toThrow()
  }, 60_000)
})

describe('a runtime with the analyzer thread', () => {
  let t: TestRuntime
  beforeAll(async () => {
    t = await createTestRuntime({ env: { SUYUAN_NLP_WORKER: '1' } })
  }, 60_000)
  afterAll(async () => {
    await t?.close()
  })
  it('answers and runs intakes as before', async () => {
    const r = await t.chat('thread-1', '借钱不还怎么办')
    expect(r.replies.map((x) => x.text).join('')).toMatch(/法/)
    const risk = await t.chat('thread-2', '我不想活了')
    expect(risk.ticket?.number).toBeTruthy()
  })
})
