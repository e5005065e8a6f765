// Train the model once per test run (cached in data/model by a hash of the training data), before any test file
// loads it, so parallel test files do not each train their own.
import { ensureModel } from '../../nlp/index.js'
import { MODEL_DIR } from './runtime.js'

export default async function setup(): Promise<void> {
  await ensureModel(MODEL_DIR)
}
