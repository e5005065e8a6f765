// npm run train: (re)builds the model cache in config.modelDir. `--force` retrains even if the cache is current.
import { loadConfig } from '../../core/config.js'
import { loadOrTrain } from '../classifier.js'

const config = loadConfig(process.env)
const m = await loadOrTrain(config.modelDir, (msg) => console.error(msg), { force: process.argv.includes('--force') })
console.error(
  `model ${m.hash}: ${m.counts.intents} intent / ${m.counts.domains} domain / ${m.counts.risk} risk sentences, trained in ${m.trainMs} ms (${m.trainedAt})`,
)
