import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema/sqlite/*.ts',
  out: './db/migrations',
  dbCredentials: { url: process.env.SUYUAN_DB ?? './data/suyuan.db' },
  // FTS tables are created by hand-written migrations; keep drizzle-kit from trying to drop them.
  tablesFilter: ['!*_fts*'],
})
