// Every job handler the runtime knows, registered in one place (the runtime and test fixtures share it).
import { registerCoreJobs } from './handlers.js'
import { registerRatingJobs } from './rating.js'
import { registerSlaJobs } from './sla.js'
import { registerWeChatJobs } from '../wechat/jobs.js'
import type { Runtime } from '../types.js'

export function registerAllJobs(rt: Runtime): void {
  registerCoreJobs(rt)
  registerSlaJobs(rt)
  registerRatingJobs(rt)
  registerWeChatJobs(rt)
}
