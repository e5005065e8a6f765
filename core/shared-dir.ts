// Where the public data lives that suyuan uses but does not ship: statutes, the LeCoQA and crimekg question sets.
// It is the project's shared/ folder, by default beside the repository (../shared from the working directory);
// SUYUAN_SHARED_DIR points elsewhere. This is the only place that reads it. Without the folder suyuan still runs
// (no statutes are imported) and `npm test` still passes (the tests that need the public data are skipped).

import { join, resolve } from 'node:path'

type Env = Record<string, string | undefined>

/** The shared/ folder (absolute). */
export function sharedDir(env: Env = process.env): string {
  return resolve(env.SUYUAN_SHARED_DIR || join('..', 'shared'))
}

/** shared/data: statutes/, lecoqa/, crimekg-lawbench-2-4/. SUYUAN_SHARED_DATA (its older name, used by `npm run eval`) still wins. */
export function sharedDataDir(env: Env = process.env): string {
  return env.SUYUAN_SHARED_DATA ? resolve(env.SUYUAN_SHARED_DATA) : join(sharedDir(env), 'data')
}
