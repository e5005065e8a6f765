// Child process for test/db/process-lock.test.ts: opens the SQLite store on a file, says whether it could, and (if
// asked) keeps it open until stdin closes.
import { openSqliteStore } from '../../db/client.js'

const [file, mode] = process.argv.slice(2)
if (!file) throw new Error('usage: open-sqlite-child <db file> [hold]')
try {
  const store = openSqliteStore(file)
  process.stdout.write('opened\n')
  if (mode === 'hold') {
    process.stdin.resume()
    process.stdin.on('end', () => void store.close().then(() => process.exit(0)))
  } else {
    await store.close()
  }
} catch (e) {
  process.stdout.write(`refused ${(e as Error).message}\n`)
  process.exitCode = 3
}
