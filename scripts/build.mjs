// npm run build: compile the runtime to dist/ with tsc (tsconfig.build.json) and copy what it reads at run time
// next to the compiled files, so every path built from import.meta.url resolves the same in dist/ as in the source
// tree. Then `npm run start:prod` (node dist/api/server.js) needs neither tsx nor the TypeScript sources.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)))
const DIST = join(ROOT, 'dist')

rmSync(DIST, { recursive: true, force: true })

const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], {
  stdio: 'inherit',
})
if (tsc.status !== 0) {
  console.error('build: tsc failed')
  process.exit(tsc.status ?? 1)
}

const copy = (rel, filter) => {
  const from = join(ROOT, rel)
  if (!existsSync(from)) throw new Error(`build: ${rel} is missing`)
  cpSync(from, join(DIST, rel), { recursive: true, filter: filter ? (src) => statSync(src).isDirectory() || filter(src) : undefined })
}

// Files read at run time relative to their module:
copy('db/migrations') // db/client.ts MIGRATIONS_DIR: SQL and drizzle's meta/_journal.json
copy('api/public') // api/routes/chat-page.ts: chat.html
copy('content') // db/seed/kb/files.ts CONTENT_DIR: the KB articles, courts' directories, staff and calendars
copy('nlp/dict') // nlp/tokenize.ts (legal.txt), nlp/features.ts (domain-terms.txt)
copy('nlp/corpus') // nlp/corpus.ts: the training corpus (start-up trains the model when data/model has none)
// nlp/classifier.ts hashes its own sources (CODE_FILES: ./features.ts, ./model/*.ts …) into the model cache key.
// Ship nlp's TypeScript sources beside the compiled files so that key is the one `npm run train` computes from the
// source tree: a model trained in development is reused, not retrained. Node never imports them.
copy('nlp', (src) => src.endsWith('.ts') && !src.endsWith('.d.ts'))

// The analyzer thread's entry registers tsx to load analyzer-worker.ts; the build runs the compiled worker.
writeFileSync(
  join(DIST, 'nlp', 'analyzer-worker-boot.mjs'),
  "// Written by scripts/build.mjs: the compiled worker needs no TypeScript loader.\nawait import('./analyzer-worker.js')\n",
)

const count = (dir) => readdirSync(dir, { recursive: true }).length
console.log(`build: ${relative(ROOT, DIST)}/ ready (${count(DIST)} files); start with npm run start:prod`)
