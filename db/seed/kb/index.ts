// The 以案释法 knowledge base as seed data: the articles are markdown files in content/kb/<domain>/<slug>.md
// (format: ./format.ts, reader: ./files.ts, rules: ./check.ts). This module seeds them for a court.
import type { Db } from '../../client.js'
import { seedKbArticles } from '../../repositories/kb.js'
import { KB_CONTENT_DIR, loadKbArticlesFromFiles } from './files.js'
import type { KbSeedArticle } from './types.js'

export { checkKbArticle, checkKbSeedArticles, type KbArticleProblem } from './check.js'
export { KB_CONTENT_DIR, loadKbArticlesFromFiles, readKbFiles, formatKbProblem, type KbFileEntry, type KbFileProblem } from './files.js'
export { parseKbArticle, serializeKbArticle } from './format.js'

/** Every article under `dir` (default content/kb), in path order. Throws BAD_INPUT naming file and line on problems. */
export async function loadKbSeedArticles(dir: string = KB_CONTENT_DIR): Promise<KbSeedArticle[]> {
  return loadKbArticlesFromFiles(dir)
}

/** Loads the article files and seeds them for the court (idempotent by slug). */
export async function seedKb(db: Db, courtId: number, dir: string = KB_CONTENT_DIR): Promise<{ inserted: number; skipped: number }> {
  return seedKbArticles(db, courtId, await loadKbSeedArticles(dir))
}
