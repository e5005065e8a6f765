// A Runtime over an open database without the model or the demo seed: for tests and benchmarks of one layer
// (tickets, SLA, the WeChat webhook) that bring their own dialogue. Closing it closes the jobs, then the database.
import type { Config } from '../../core/config.js'
import type { Store } from '../../db/store.js'
import type { Dialogue } from '../../bot/dialogue/types.js'
import type { Clock, JobQueue, Logger, Runtime } from '../../api/types.js'

export function bareRuntime(o: {
  store: Store
  config: Config
  clock: Clock
  log: Logger
  jobs: JobQueue & { rt: Runtime | null }
  courtId?: number
  dialogue?: Dialogue
  /** runs first on close (e.g. obliterate a test's bullmq keys) */
  beforeClose?: () => Promise<void>
}): Runtime {
  const rt: Runtime = {
    config: o.config,
    db: o.store.db,
    uow: o.store.uow,
    isOpen: () => o.store.isOpen(),
    courtId: o.courtId ?? 1,
    courts: [{ id: o.courtId ?? 1, code: 'demo', name: o.config.courtName }],
    clock: o.clock,
    log: o.log,
    jobs: o.jobs,
    dialogue: o.dialogue ?? { handle: async () => ({ replies: [] }) },
    senders: new Map(),
    async close() {
      await o.beforeClose?.()
      await o.jobs.close()
      await o.store.close()
    },
  }
  o.jobs.rt = rt
  return rt
}
