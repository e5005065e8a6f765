// npm run kb:import-statutes -- <dir>   (default /work/shared/data/statutes; database from SUYUAN_DB)
import { loadConfig } from '../../core/config.js'
import { openSqliteStore } from '../client.js'
import { importStatutes } from '../repositories/statutes.js'

const dir = process.argv[2] ?? '/work/shared/data/statutes'
const config = loadConfig(process.env)
const store = openSqliteStore(config.dbFile)
try {
  const t0 = Date.now()
  const { laws, articles } = await importStatutes(store, dir)
  console.log(`imported ${articles} articles of ${laws} laws from ${dir} into ${config.dbFile} in ${Date.now() - t0} ms`)
} catch (e) {
  console.error(`import failed: ${(e as Error).message}`)
  process.exitCode = 1
} finally {
  await store.close()
}
