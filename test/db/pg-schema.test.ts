// The PostgreSQL schema and its migrations, against the SQLite one they mirror:
//  (a) the migrations apply on an empty database and re-running them is a no-op;
//  (b) parity: every SQLite table, column (type, nullability, default), primary key, index and foreign key
//      exists in PostgreSQL, and nothing else does but the listed pg-only full-text columns/indexes;
//      the inferred row types of each table pair are equal (compile-time, `npm run typecheck`);
//      drift: both schema trees are what their latest migration snapshot says (else: npm run db:generate);
//  (c) ticket_events and access_log refuse UPDATE, DELETE and TRUNCATE;
//  (d) the tsvector columns find kb articles and statutes by a jieba token, as SQLite's FTS5 does;
//  (e) several processes opening a fresh database at once all succeed (migrations under an advisory lock).
// Skipped, with the reason in the suite's name, when no PostgreSQL answers at SUYUAN_TEST_PG_URL.
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { getTableName, is, Table, type InferInsertModel, type InferSelectModel } from 'drizzle-orm'
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3'
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator'
import { getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core'
import { generateDrizzleJson, generateMigration, generateSQLiteDrizzleJson, generateSQLiteMigration } from 'drizzle-kit/api'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as lite from '../../db/schema/sqlite/index.js'
import * as pgSchema from '../../db/schema/pg/index.js'
import { openPg, PG_MIGRATIONS_DIR, type PgHandle } from '../../db/pg/open.js'
import { anyTermQuery, matchesAnyTerm, searchVector } from '../../db/pg/fts.js'
import { queryTerms } from '../../nlp/retrieval/query.js'
import { toSearchText } from '../../nlp/retrieval/segment.js'
import { freshPgDatabase, pgAvailable, PG_TEST_BASE_URL, type FreshPgDatabase } from '../support/pg.js'

const SQLITE_MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../db/migrations')

/** What PostgreSQL has beyond the SQLite schema, on purpose (db/migrations/pg/0002_fts.sql). */
const PG_ONLY_COLUMNS = ['kb_articles.search_vector', 'statute_articles.search_vector']
const PG_ONLY_INDEXES = ['kb_articles.kb_articles_search_vector', 'statute_articles.statute_articles_search_vector']

// ---- row types: equal per table pair (checked by tsc; a mismatch fails `npm run typecheck`) ----

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type LiteTables = { [K in keyof typeof lite]: (typeof lite)[K] extends Table ? K : never }[keyof typeof lite]
type RowTypeMismatch = {
  [K in LiteTables]: K extends keyof typeof pgSchema
    ? Equal<InferSelectModel<(typeof lite)[K]>, InferSelectModel<(typeof pgSchema)[K]>> extends true
      ? Equal<InferInsertModel<(typeof lite)[K]>, InferInsertModel<(typeof pgSchema)[K]>> extends true
        ? never
        : K
      : K
    : K
}[LiteTables]
const rowTypesMatch: Equal<RowTypeMismatch, never> = true
const sameExportNames: Equal<keyof typeof lite, keyof typeof pgSchema> = true

// ---- the SQLite side, read from a migrated in-memory database ----

interface ColumnInfo {
  type: string
  notNull: boolean
  hasDefault: boolean
}
interface SchemaShape {
  columns: Map<string, ColumnInfo> // "table.column"
  primaryKeys: Map<string, string> // table → "col,col"
  identity: Set<string> // "table.column" (autoincrement / identity)
  indexes: Map<string, string> // "table.name" → "unique? (col,col)"
  foreignKeys: Set<string> // "table.col -> table.col on delete X on update Y"
}

/** drizzle's sqlite column kinds → the PostgreSQL type the mirror must use */
const PG_TYPE_OF: Record<string, string> = {
  SQLiteInteger: 'integer',
  SQLiteTimestamp: 'timestamp with time zone',
  SQLiteBoolean: 'boolean',
  SQLiteText: 'text',
  SQLiteTextJson: 'jsonb',
  SQLiteReal: 'double precision',
}
const PG_TYPE_OF_DECL: Record<string, string> = { integer: 'integer', text: 'text', real: 'double precision', blob: 'bytea' }

function sqliteShape(): { shape: SchemaShape; expectedPgType: Map<string, string> } {
  const sqlite = new Database(':memory:')
  sqlite.pragma('foreign_keys = ON')
  migrateSqlite(drizzleSqlite(sqlite), { migrationsFolder: SQLITE_MIGRATIONS_DIR })
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !n.startsWith('sqlite_') && !n.startsWith('__drizzle') && !/_fts($|_)/.test(n))
  // the drizzle column kind tells timestamp/boolean/json apart (SQLite stores them all as integer or text)
  const kinds = new Map<string, string>()
  for (const t of Object.values(lite)) {
    if (!is(t, Table)) continue
    const cfg = sqliteTableConfig(t as never)
    for (const c of cfg.columns) kinds.set(`${cfg.name}.${c.name}`, c.columnType)
  }
  const shape: SchemaShape = { columns: new Map(), primaryKeys: new Map(), identity: new Set(), indexes: new Map(), foreignKeys: new Set() }
  const expectedPgType = new Map<string, string>()
  for (const t of tables) {
    const cols = sqlite.pragma(`table_info(${t})`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[]
    for (const c of cols) {
      const key = `${t}.${c.name}`
      shape.columns.set(key, { type: c.type.toLowerCase(), notNull: c.notnull === 1 || c.pk > 0, hasDefault: c.dflt_value !== null })
      const kind = kinds.get(key)
      expectedPgType.set(key, (kind && PG_TYPE_OF[kind]) ?? PG_TYPE_OF_DECL[c.type.toLowerCase()] ?? `? (${c.type}, ${kind})`)
    }
    const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
    shape.primaryKeys.set(t, pk.map((c) => c.name).join(','))
    const ddl = (sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = ?").get(t) as { sql: string }).sql
    if (pk.length === 1 && /AUTOINCREMENT/i.test(ddl)) shape.identity.add(`${t}.${pk[0]!.name}`)
    for (const ix of sqlite.pragma(`index_list(${t})`) as { name: string; unique: number; origin: string }[]) {
      if (ix.origin === 'pk') continue
      const ixCols = (sqlite.pragma(`index_info(${ix.name})`) as { seqno: number; name: string }[]).sort((a, b) => a.seqno - b.seqno)
      shape.indexes.set(`${t}.${ix.name}`, `${ix.unique ? 'unique ' : ''}(${ixCols.map((c) => c.name).join(',')})`)
    }
    for (const fk of sqlite.pragma(`foreign_key_list(${t})`) as { table: string; from: string; to: string; on_update: string; on_delete: string }[]) {
      shape.foreignKeys.add(`${t}.${fk.from} -> ${fk.table}.${fk.to} on delete ${fk.on_delete.toLowerCase()} on update ${fk.on_update.toLowerCase()}`)
    }
  }
  sqlite.close()
  return { shape, expectedPgType }
}

// ---- the PostgreSQL side, read from information_schema / pg_catalog ----

const FK_ACTION: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' }

async function pgShape(pool: pg.Pool): Promise<SchemaShape & { types: Map<string, string>; precision: Map<string, number | null> }> {
  const cols = await pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string; is_generated: string; datetime_precision: number | null }>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity, is_generated, datetime_precision
       FROM information_schema.columns WHERE table_schema = 'public'`,
  )
  const shape = { columns: new Map(), primaryKeys: new Map(), identity: new Set(), indexes: new Map(), foreignKeys: new Set(), types: new Map(), precision: new Map() } as SchemaShape & {
    types: Map<string, string>
    precision: Map<string, number | null>
  }
  for (const c of cols.rows) {
    const key = `${c.table_name}.${c.column_name}`
    shape.columns.set(key, { type: c.data_type, notNull: c.is_nullable === 'NO', hasDefault: c.column_default !== null })
    shape.types.set(key, c.data_type)
    shape.precision.set(key, c.datetime_precision)
    if (c.is_identity === 'YES') shape.identity.add(key)
  }
  const indexes = await pool.query<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[] }>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
            array(SELECT coalesce(a.attname, '<expr>') FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                  LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
       FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
      WHERE t.relnamespace = 'public'::regnamespace`,
  )
  for (const ix of indexes.rows) {
    if (ix.primary) shape.primaryKeys.set(ix.table, ix.columns.join(','))
    else shape.indexes.set(`${ix.table}.${ix.name}`, `${ix.unique ? 'unique ' : ''}(${ix.columns.join(',')})`)
  }
  const fks = await pool.query<{ table: string; from: string; ref: string; to: string; del: string; upd: string }>(
    `SELECT cl.relname AS table, a.attname AS from, rt.relname AS ref, ra.attname AS to, c.confdeltype AS del, c.confupdtype AS upd
       FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class rt ON rt.oid = c.confrelid
       CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, refcol)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
       JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.refcol
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
  )
  for (const f of fks.rows) shape.foreignKeys.add(`${f.table}.${f.from} -> ${f.ref}.${f.to} on delete ${FK_ACTION[f.del]} on update ${FK_ACTION[f.upd]}`)
  return shape
}

const journalLength = (dir: string): number => (JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length

function latestSnapshot(dir: string): never {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number }[] }
  const last = journal.entries.at(-1)!
  return JSON.parse(readFileSync(join(dir, 'meta', `${String(last.idx).padStart(4, '0')}_snapshot.json`), 'utf8')) as never
}

const migrationCount = async (pool: pg.Pool): Promise<number> =>
  (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).rows[0]!.n

// ---- tests that need no server ----

describe('PostgreSQL schema files', () => {
  it('export the same names as the SQLite schema, each table under the same SQL name', () => {
    expect(rowTypesMatch && sameExportNames).toBe(true)
    expect(Object.keys(pgSchema).sort()).toEqual(Object.keys(lite).sort())
    const pgExports = pgSchema as Record<string, unknown>
    for (const [name, t] of Object.entries(lite)) {
      const twin = pgExports[name]
      if (is(t, Table)) expect(is(twin, Table) && getTableName(twin), name).toBe(getTableName(t))
      else expect(twin, name).toBe(t) // shared constants: the same object
    }
  })

  it('match their latest migration snapshots, for both dialects (else run npm run db:generate)', async () => {
    const pgDiff = await generateMigration(latestSnapshot(PG_MIGRATIONS_DIR), generateDrizzleJson(pgSchema))
    expect(pgDiff, 'db/schema/pg differs from db/migrations/pg: npm run db:generate').toEqual([])
    const liteDiff = await generateSQLiteMigration(latestSnapshot(SQLITE_MIGRATIONS_DIR), await generateSQLiteDrizzleJson(lite))
    expect(liteDiff, 'db/schema differs from db/migrations: npm run db:generate').toEqual([])
  })
})

// ---- tests on a PostgreSQL server ----

const server = await pgAvailable()
const title = server ? 'PostgreSQL schema and migrations' : `PostgreSQL schema and migrations (SKIPPED: no PostgreSQL at ${PG_TEST_BASE_URL}; set SUYUAN_TEST_PG_URL)`
if (!server) console.warn(`test/db/pg-schema.test.ts: ${title}`)

describe.skipIf(!server)(title, () => {
  const dbs: FreshPgDatabase[] = []
  const handles: PgHandle[] = []
  const fresh = async (opts?: { empty?: boolean }) => {
    const d = await freshPgDatabase(opts)
    dbs.push(d)
    return d
  }
  const open = async (url: string) => {
    const h = await openPg(url, { max: 2 })
    handles.push(h)
    return h
  }
  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close()))
    await Promise.all(dbs.map((d) => d.drop()))
  })

  it('(a) migrations apply on an empty database, and re-running them is a no-op that keeps the data', async () => {
    const d = await fresh({ empty: true })
    const a = await openPg(d.url)
    expect(await migrationCount(a.pool)).toBe(journalLength(PG_MIGRATIONS_DIR))
    await a.db.insert(pgSchema.courts).values({ code: 'x', name: '测试法院' })
    await a.close()
    await a.close() // idempotent
    const b = await open(d.url)
    expect(await migrationCount(b.pool)).toBe(journalLength(PG_MIGRATIONS_DIR))
    const rows = await b.db.select().from(pgSchema.courts)
    expect(rows.map((r) => r.code)).toEqual(['x'])
    expect(rows[0]!.createdAt).toBeInstanceOf(Date) // timestamptz → Date, as timestamp_ms on SQLite
    expect(Math.abs(rows[0]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000)
  })

  describe('(b) parity with the SQLite schema', () => {
    let lt: ReturnType<typeof sqliteShape>
    let p: Awaited<ReturnType<typeof pgShape>>
    beforeAll(async () => {
      lt = sqliteShape()
      const h = await open((await fresh()).url)
      p = await pgShape(h.pool)
    })

    it('has every table and column, with a compatible type, the same nullability and default', () => {
      const problems: string[] = []
      for (const [key, c] of lt.shape.columns) {
        const pc = p.columns.get(key)
        if (!pc) {
          problems.push(`${key}: missing on PostgreSQL`)
          continue
        }
        const want = lt.expectedPgType.get(key)!
        if (pc.type !== want) problems.push(`${key}: ${pc.type} on PostgreSQL, expected ${want} (SQLite ${c.type})`)
        if (pc.notNull !== c.notNull) problems.push(`${key}: ${pc.notNull ? 'NOT NULL' : 'nullable'} on PostgreSQL, ${c.notNull ? 'NOT NULL' : 'nullable'} on SQLite`)
        if (pc.hasDefault !== c.hasDefault) problems.push(`${key}: a default on ${pc.hasDefault ? 'PostgreSQL' : 'SQLite'} only`)
        if (want === 'timestamp with time zone' && p.precision.get(key) !== 3) problems.push(`${key}: timestamptz(${p.precision.get(key)}), expected timestamptz(3)`)
      }
      for (const k of p.columns.keys()) {
        if (!lt.shape.columns.has(k) && !PG_ONLY_COLUMNS.includes(k)) problems.push(`${k}: on PostgreSQL only (add it to SQLite too, or to PG_ONLY_COLUMNS)`)
      }
      for (const k of PG_ONLY_COLUMNS) if (!p.columns.has(k)) problems.push(`${k}: the full-text column is missing`)
      expect(problems).toEqual([])
      expect(lt.shape.columns.size).toBeGreaterThan(150) // the comparison did see the tables
    })

    it('has the same primary keys, and identity where SQLite has AUTOINCREMENT', () => {
      expect(Object.fromEntries(p.primaryKeys)).toEqual(Object.fromEntries(lt.shape.primaryKeys))
      expect([...p.identity].sort()).toEqual([...lt.shape.identity].sort())
    })

    it('has the same indexes (names, columns in order, uniqueness)', () => {
      const pgIndexes = Object.fromEntries([...p.indexes].filter(([k]) => !PG_ONLY_INDEXES.includes(k)))
      expect(pgIndexes).toEqual(Object.fromEntries(lt.shape.indexes))
      const unique = [...lt.shape.indexes].filter(([, v]) => v.startsWith('unique'))
      expect(unique.length).toBeGreaterThan(10) // the comparison did see them
      for (const k of PG_ONLY_INDEXES) expect(p.indexes.get(k), k).toMatch(/\(search_vector\)/)
    })

    it('has the same foreign keys', () => {
      expect([...p.foreignKeys].sort()).toEqual([...lt.shape.foreignKeys].sort())
      expect(p.foreignKeys.size).toBeGreaterThan(15)
    })
  })

  it('(c) ticket_events and access_log refuse UPDATE, DELETE and TRUNCATE', async () => {
    const { db, pool } = await open((await fresh()).url)
    const [court] = await db.insert(pgSchema.courts).values({ code: 'c', name: '测试法院' }).returning()
    const [ticket] = await db
      .insert(pgSchema.tickets)
      .values({ courtId: court!.id, number: 'SY-2026-000001', channel: 'web', intent: 'dispute', domain: 'neighbor', summary: '测试' })
      .returning()
    await db.insert(pgSchema.ticketEvents).values({ ticketId: ticket!.id, actorType: 'system', action: 'created' })
    await db.insert(pgSchema.accessLog).values({ action: 'login' })
    for (const table of ['ticket_events', 'access_log']) {
      await expect(pool.query(`UPDATE ${table} SET action = 'x'`)).rejects.toThrow(`${table} is append-only`)
      await expect(pool.query(`DELETE FROM ${table}`)).rejects.toThrow(`${table} is append-only`)
      await expect(pool.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(`${table} is append-only`)
    }
    // through drizzle too (drizzle 0.45 wraps the driver's error: "Failed query: …", the pg error as `cause`)
    const refusal = { cause: expect.objectContaining({ message: expect.stringMatching(/append-only/), code: '23001' }) }
    await expect(db.update(pgSchema.ticketEvents).set({ note: 'x' })).rejects.toMatchObject(refusal)
    await expect(db.delete(pgSchema.accessLog)).rejects.toMatchObject(refusal)
    // nothing changed
    expect((await db.select().from(pgSchema.ticketEvents)).map((e) => [e.action, e.note])).toEqual([['created', null]])
    expect(await db.select().from(pgSchema.accessLog)).toHaveLength(1)
    // appending still works; foreign keys are enforced
    await db.insert(pgSchema.ticketEvents).values({ ticketId: ticket!.id, actorType: 'system', action: 'routed' })
    await expect(db.insert(pgSchema.ticketEvents).values({ ticketId: 999, actorType: 'system', action: 'x' })).rejects.toMatchObject({
      cause: expect.objectContaining({ code: '23503' }), // foreign_key_violation
    })
  })

  it('(d) the full-text columns find statutes and kb articles by a jieba token, the rows SQLite FTS5 finds', async () => {
    const { db } = await open((await fresh()).url)
    const statutes = [
      { law: '中华人民共和国劳动合同法', shortName: '劳动合同法', article: 30, text: '用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。' },
      { law: '中华人民共和国民法典', shortName: '民法典', article: 1079, text: '夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。' },
      { law: '中华人民共和国民法典', shortName: '民法典', article: 288, text: '不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。' },
    ].map((s) => ({ ...s, searchText: toSearchText(s.text) })) // what db/repositories/statutes.ts stores
    await db.insert(pgSchema.statuteArticles).values(statutes)

    // the same rows in a migrated SQLite, searched the way searchStatutes does (FTS5 MATCH "t1" OR "t2")
    const sqlite = new Database(':memory:')
    const liteDb = drizzleSqlite(sqlite)
    migrateSqlite(liteDb, { migrationsFolder: SQLITE_MIGRATIONS_DIR })
    liteDb.insert(lite.statuteArticles).values(statutes).run()
    const ftsHits = (q: string): string[] => {
      const match = [...queryTerms(q).weights.keys()].map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ')
      const ids = sqlite.prepare('SELECT rowid AS id FROM statute_articles_fts WHERE statute_articles_fts MATCH ? ORDER BY rowid').all(match) as { id: number }[]
      return ids.map((r) => statutes[r.id - 1]!.article.toString())
    }
    const pgHits = async (q: string): Promise<string[]> => {
      const where = matchesAnyTerm(pgSchema.statuteArticles, queryTerms(q).weights.keys())
      if (!where) return []
      const rows = await db.select({ article: pgSchema.statuteArticles.article }).from(pgSchema.statuteArticles).where(where).orderBy(pgSchema.statuteArticles.id)
      return rows.map((r) => r.article.toString())
    }
    for (const [q, want] of [
      ['老板不给劳动报酬怎么办', ['30']],
      ['我想离婚', ['1079']],
      ['邻居相邻关系纠纷', ['288']],
      ['人民法院调解', ['1079']],
      ['量子力学', []],
    ] as const) {
      expect(await pgHits(q), q).toEqual(want)
      expect(ftsHits(q), `SQLite FTS5: ${q}`).toEqual(want)
    }
    sqlite.close()

    // kb articles: a token of the tokenised title/questions/facts; ranking works off the stored vector
    const [court] = await db.insert(pgSchema.courts).values({ code: 'c', name: '测试法院' }).returning()
    const article = {
      courtId: court!.id,
      slug: 'wage-arrears',
      title: '老板拖欠工资怎么办',
      domain: 'labor',
      facts: '张某在某公司工作三个月，公司以经营困难为由拖欠工资。',
      ruling: '法院判决公司支付拖欠的工资。',
      lawRefs: [{ law: '中华人民共和国劳动合同法', article: 30 }],
      tips: '保留考勤和工资条。',
      exampleQuestions: ['公司不发工资', '欠薪怎么办'],
    }
    await db.insert(pgSchema.kbArticles).values({ ...article, searchText: toSearchText(article.title, ...article.exampleQuestions, article.facts) })
    await db.insert(pgSchema.kbArticles).values({ ...article, slug: 'empty', title: '无关', facts: '无关', exampleQuestions: [], searchText: toSearchText('邻里 通行') })
    const q = anyTermQuery(['工资'])!
    const hits = await db
      .select({ slug: pgSchema.kbArticles.slug, rank: sql<number>`ts_rank_cd(${searchVector(pgSchema.kbArticles)}, ${q})` })
      .from(pgSchema.kbArticles)
      .where(sql`${searchVector(pgSchema.kbArticles)} @@ ${q}`)
    expect(hits.map((h) => h.slug)).toEqual(['wage-arrears'])
    expect(hits[0]!.rank).toBeGreaterThan(0)
    // the vector follows search_text edits
    await db.update(pgSchema.kbArticles).set({ searchText: toSearchText('工资 欠薪') }).where(sql`${pgSchema.kbArticles.slug} = 'empty'`)
    expect(await db.select({ slug: pgSchema.kbArticles.slug }).from(pgSchema.kbArticles).where(matchesAnyTerm(pgSchema.kbArticles, ['欠薪'])!).orderBy(pgSchema.kbArticles.id)).toEqual([
      { slug: 'wage-arrears' },
      { slug: 'empty' },
    ])
  })

  it('(e) three processes opening a fresh database at once all succeed, and migrate it once', async () => {
    const d = await fresh({ empty: true })
    const settled = await Promise.allSettled([open(d.url), open(d.url), open(d.url)])
    expect(settled.map((r) => (r.status === 'rejected' ? String((r.reason as Error).cause ?? r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok'])
    const opened = settled.map((r) => (r as PromiseFulfilledResult<PgHandle>).value)
    expect(await migrationCount(opened[0]!.pool)).toBe(journalLength(PG_MIGRATIONS_DIR))
    await opened[1]!.db.insert(pgSchema.courts).values({ code: 'x', name: '测试法院' })
    expect(await opened[2]!.db.select().from(pgSchema.courts)).toHaveLength(1)
  })
})
