// SUYUAN_ROLE: what this process does (docs/processes.md). Read here, not in core/config.ts, and handed to
// createRuntime as `opts.role`; createRuntime refuses a role the configuration cannot run (web/worker on SQLite,
// or without Redis).
import { ROLES, type Role } from '../api/runtime.js'

export type { Role }

/** The role named by SUYUAN_ROLE ('all' when unset or empty); throws on anything else. */
export function readRole(env: Record<string, string | undefined> = process.env): Role {
  const raw = (env.SUYUAN_ROLE ?? '').trim().toLowerCase()
  if (raw === '') return 'all'
  if ((ROLES as readonly string[]).includes(raw)) return raw as Role
  throw new Error(`unknown SUYUAN_ROLE '${env.SUYUAN_ROLE}': use all (default), web or worker`)
}
