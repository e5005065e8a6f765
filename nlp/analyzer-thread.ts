// The main thread's side of nlp/analyzer-worker.ts: analyze(text) → Promise<Analysis>. If the worker fails, the
// caller falls back to the in-process classifier (see api/runtime.ts), so a citizen is never left unanswered.
import { Worker } from 'node:worker_threads'
import type { Analysis, LoadOptions } from './index.js'

export interface AnalyzerThread {
  analyze(text: string, now: Date): Promise<Analysis>
  close(): Promise<void>
}

export async function startAnalyzerThread(opts: Omit<LoadOptions, 'log'>): Promise<AnalyzerThread> {
  const worker = new Worker(new URL('./analyzer-worker-boot.mjs', import.meta.url), {
    workerData: { modelDir: opts.modelDir, thresholds: opts.thresholds },
  })
  const pending = new Map<number, { resolve(a: Analysis): void; reject(e: Error): void }>()
  let nextId = 1
  let dead: Error | null = null
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject)
    worker.on('message', function first(m: { ready?: boolean }) {
      if (m.ready) {
        worker.off('message', first)
        worker.off('error', reject)
        resolve()
      }
    })
  })
  worker.on('message', (m: { id: number; analysis?: Analysis; error?: string }) => {
    const p = pending.get(m.id)
    if (!p) return
    pending.delete(m.id)
    if (m.analysis) p.resolve(m.analysis)
    else p.reject(new Error(m.error ?? 'analyzer failed'))
  })
  const failAll = (err: Error) => {
    dead = err
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  }
  worker.on('error', failAll)
  worker.on('exit', (code) => failAll(new Error(`analyzer thread exited (${code})`)))
  worker.unref()
  return {
    analyze(text, now) {
      if (dead) return Promise.reject(dead)
      const id = nextId++
      return new Promise<Analysis>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker.postMessage({ id, text, now: now.getTime() })
      })
    },
    async close() {
      await worker.terminate()
    },
  }
}
