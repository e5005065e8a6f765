import { defineConfig } from 'drizzle-kit'

// PostgreSQL migrations. The SQLite ones stay in ./db/migrations (drizzle.config.ts): an existing SQLite
// database's migration journal is tied to that folder.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/pg/*.ts',
  out: './db/migrations/pg',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/suyuan' },
  // the full-text columns (search_vector) and the append-only triggers come from hand-written migrations
})
