// Runs the classifier on its own thread, so a busy court's second core does the model work while the main thread
// answers HTTP and writes SQLite. Messages: { id, text, now } → { id, analysis } | { id, error }.
import { parentPort, workerData } from 'node:worker_threads'
import { loadClassifier, type LoadOptions } from './index.js'

const port = parentPort
if (!port) throw new Error('analyzer-worker must run as a worker thread')
const classifier = await loadClassifier(workerData as LoadOptions)
port.on('message', (m: { id: number; text: string; now: number }) => {
  try {
    port.postMessage({ id: m.id, analysis: classifier.analyze(m.text, { now: new Date(m.now) }) })
  } catch (err) {
    port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) })
  }
})
port.postMessage({ ready: true })
