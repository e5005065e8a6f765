// npm run kb:import-statutes -- <dir>   (default: SUYUAN_STATUTES_DIR, else statutes/ in the shared data folder; database from SUYUAN_DB)
import { loadConfig } from '../../core/config.js'
import { describeStore, openStore } from '../open-store.js'
import { importStatutes } from '../repositories/statutes.js'

const config = loadConfig(process.env)
const dir = process.argv[2] || config.statutesDir
const store = await openStore(config)
try {
  const t0 = Date.now()
  const { laws, articles } = await importStatutes(store, dir)
  console.log(`imported ${articles} articles of ${laws} laws from ${dir} into ${describeStore(config)} in ${Date.now() - t0} ms`)
} catch (e) {
  console.error(`import failed: ${(e as Error).message}`)
  process.exitCode = 1
} finally {
  await store.close()
}
