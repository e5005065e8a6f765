// vitest globalSetup: train (or load) the nlp model once per test run so test files only read the cache.
import { ensureModel } from '../../nlp/index.js'

export default async function setup(): Promise<void> {
  await ensureModel('./data/model')
}
