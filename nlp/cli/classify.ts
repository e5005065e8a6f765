// npm run --silent classify: JSON Lines {"text": "..."} on stdin → one JSON line per input on stdout:
// {"intent","domain","risk","confidence"}; a bad line gets {"error": "..."}. Nothing else goes to stdout.
import { createInterface } from 'node:readline'
import { loadConfig } from '../../core/config.js'

// node-nlp and friends print on console.log; stdout belongs to the results.
console.log = (...a: unknown[]) => console.error(...a)
const out = (o: unknown): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`)
}

const { loadClassifier } = await import('../index.js')
const config = loadConfig(process.env)
const classifier = await loadClassifier({ modelDir: config.modelDir, thresholds: config.nlp, log: (m) => console.error(m) })

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue
  let text: unknown
  try {
    text = (JSON.parse(line) as { text?: unknown } | null)?.text
  } catch {
    out({ error: 'invalid JSON' })
    continue
  }
  if (typeof text !== 'string') {
    out({ error: 'expected {"text": string}' })
    continue
  }
  const a = classifier.analyze(text)
  out({ intent: a.intent, domain: a.domain, risk: a.risk, confidence: Math.round(a.confidence * 1e4) / 1e4 })
}
