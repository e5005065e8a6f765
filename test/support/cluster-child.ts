// Child process for test/procs/cluster.test.ts: one process of a cluster — role web (HTTP on a free port) or
// worker — on the database and Redis named in its environment (DATABASE_URL, REDIS_URL, CLUSTER_QUEUE_PREFIX).
// Logs JSON lines on stdout at debug level (the sweeps and finished jobs are counted from them) and prints
// `READY <role> <port> <lease holder>` once it serves. SIGTERM stops it cleanly.
import { loadConfig } from '../../core/config.js'
import { createRuntime, type RuntimeOptions } from '../../api/runtime.js'
import { createLogger } from '../../api/log.js'

const role = process.argv[2]
if (role !== 'web' && role !== 'worker') throw new Error('usage: cluster-child web|worker')
const config = loadConfig(process.env)
const opts: RuntimeOptions = {
  role,
  log: createLogger('debug'),
  queuePrefix: process.env.CLUSTER_QUEUE_PREFIX,
  slaSweepMs: Number(process.env.CLUSTER_SWEEP_MS ?? 500),
  // four processes share the test server's connections with the other test files
  pool: { max: 4 },
}
let stop: () => Promise<void>
if (role === 'web') {
  const { startServer } = await import('../../api/server.js')
  const s = await startServer(config, { ...opts, role })
  stop = s.stop
  process.stdout.write(`READY web ${s.port} -\n`)
} else {
  const rt = await createRuntime(config, opts)
  stop = () => rt.close()
  process.stdout.write(`READY worker 0 ${rt.sweepLease?.holder ?? '-'}\n`)
}
process.on('SIGTERM', () => void stop().finally(() => process.exit(0)))
