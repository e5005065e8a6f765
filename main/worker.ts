// `npm run worker`: a worker process, no HTTP server — the bullmq Worker, the outbox relay, and (in the one
// process of the cluster holding the 'sla-sweep' lease) the SLA sweep and retention. Needs PostgreSQL
// (DATABASE_URL) and Redis (REDIS_URL); any number of them may run. See docs/processes.md.
import { loadConfig } from '../core/config.js'
import { createRuntime } from '../api/runtime.js'
import { failStart, stopOnSignals } from '../api/server.js'
import { readRole } from './role.js'

try {
  const role = readRole(process.env)
  if (process.env.SUYUAN_ROLE && role !== 'worker') {
    throw new Error(`SUYUAN_ROLE=${role}: npm run worker runs the worker role only (npm start runs all and web)`)
  }
  const rt = await createRuntime(loadConfig(process.env), { role: 'worker' })
  process.stdout.write(`suyuan worker 已启动（任务队列：${rt.jobs.kind}；巡检租约：${rt.sweepLease?.holder ?? '—'}）\n`)
  stopOnSignals({ stop: () => rt.close() })
} catch (err) {
  failStart(err)
}
