// Entry of the analyzer thread: a worker does not inherit the main thread's TypeScript loader, so it registers
// tsx itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api'

register()
await import('./analyzer-worker.ts')
