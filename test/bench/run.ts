// npm run bench: runs every test/bench/*.bench.ts (default export: async () => string[]) and prints its lines.
// Benchmarks print ratios against a baseline measured in the same run, and percentiles, never pass/fail.
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()

for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default?: () => Promise<string[]> }
  if (typeof mod.default !== 'function') continue
  process.stdout.write(`\n== ${f.replace('.bench.ts', '')}\n`)
  const started = Date.now()
  try {
    for (const line of await mod.default()) process.stdout.write(`${line}\n`)
  } catch (err) {
    process.stdout.write(`failed: ${err instanceof Error ? err.message : String(err)}\n`)
  }
  process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
}
process.exit(0)
