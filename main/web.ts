// `npm start`: the HTTP process. SUYUAN_ROLE=all (default: also runs the jobs, the SLA sweep and retention) or
// web (HTTP and job producers only; the jobs run in `npm run worker` processes). See docs/processes.md.
import { loadConfig } from '../core/config.js'
import { failStart, startServer, stopOnSignals } from '../api/server.js'
import { readRole } from './role.js'

try {
  const role = readRole(process.env)
  if (role === 'worker') throw new Error('SUYUAN_ROLE=worker has no HTTP server: start it with npm run worker (main/worker.ts)')
  stopOnSignals(await startServer(loadConfig(process.env), { role }))
} catch (err) {
  failStart(err)
}
