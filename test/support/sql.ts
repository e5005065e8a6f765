// Raw SQL for assertions, on either backend: `?` placeholders, snake_case columns. PostgreSQL's count(*) (a bigint
// string) comes back as a number under the column name `n`, and json columns as text, as on SQLite.
import type { Db } from '../../db/client.js'
import { clientOf } from '../../db/group-commit.js'
import { dialectOf } from '../../db/connection.js'

type Row = Record<string, unknown>

export async function rows<T = Row>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  if (dialectOf(db) === 'sqlite') {
    const stmt = clientOf(db).prepare(text)
    if (!stmt.reader) {
      stmt.run(...params)
      return []
    }
    return stmt.all(...params) as T[]
  }
  let i = 0
  const pgText = text.replace(/\?/g, () => `$${++i}`)
  const client = (db as unknown as { $client: { query(t: string, p: unknown[]): Promise<{ rows: Row[] }> } }).$client
  const r = await client.query(pgText, params.map((p) => (p instanceof Date ? p.toISOString() : p)))
  return r.rows.map((x) => {
    const out: Row = {}
    for (const [k, v] of Object.entries(x)) {
      if (k === 'n' && typeof v === 'string' && /^\d+$/.test(v)) out[k] = Number(v)
      else if (v instanceof Date) out[k] = v.getTime()
      else if (typeof v === 'boolean') out[k] = v ? 1 : 0
      else if (v !== null && typeof v === 'object') out[k] = JSON.stringify(v)
      else out[k] = v
    }
    return out as T
  }) 
}

export async function one<T = Row>(db: Db, text: string, ...params: unknown[]): Promise<T | undefined> {
  return (await rows<T>(db, text, ...params))[0]
}

/** `select count(*) n …` as a number */
export async function count(db: Db, text: string, ...params: unknown[]): Promise<number> {
  return Number((await one<{ n: number }>(db, text, ...params))?.n ?? 0)
}
