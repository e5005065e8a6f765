// The storage seam: one database handle for reads and a unit of work for writes, on SQLite (embedded default) or
// PostgreSQL (DATABASE_URL). Everything above db/ talks to storage through this and the repositories.
import type { Db } from './client.js'

/** One transaction; resolves after the durable commit. `work` may await only calls on `tx`. */
export interface UnitOfWork {
  run<T>(work: (tx: Db) => Promise<T>): Promise<T>
}

export interface Store {
  readonly dialect: 'sqlite' | 'pg'
  /** reads (and nothing else: writes go through `uow`) */
  readonly db: Db
  readonly uow: UnitOfWork
  isOpen(): boolean
  close(): Promise<void>
}
