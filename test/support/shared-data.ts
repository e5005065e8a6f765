// Tests that need public data from the project's shared/ folder (see core/shared-dir.ts) are skipped without it,
// with a note saying what is missing and how to add it. Tests that only need *some* statutes use our own
// fictional ones in test/fixtures/statutes instead.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { sharedDataDir } from '../../core/shared-dir.js'

export const SHARED_DATA = sharedDataDir()
export const FIXTURE_STATUTES = join(import.meta.dirname, '..', 'fixtures', 'statutes')

/** For describe.skipIf / it.skipIf: true, with a note on stderr, when a path under shared/data is missing. */
export function lacksSharedData(...paths: string[]): boolean {
  const missing = paths.map((p) => join(SHARED_DATA, p)).filter((p) => !existsSync(p))
  if (missing.length === 0) return false
  console.warn(
    `skipped: needs public data that is not here: ${missing.join(', ')}. ` +
      `Put the project's shared/ folder beside the repository (../shared) or set SUYUAN_SHARED_DIR to it; ` +
      `shared/data/statutes holds the LawRefBook statute markdown (index.json + files), shared/data/lecoqa the LeCoQA questions.`,
  )
  return true
}
