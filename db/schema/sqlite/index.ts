// The SQLite schema (the embedded default). db/schema/pg mirrors it table for table; test/db/pg-schema.test.ts
// keeps the two in step.
export * from '../shared.js'
export * from './directory.js'
export * from './citizens.js'
export * from './kb.js'
export * from './tickets.js'
export * from './wechat.js'
export * from './leases.js'
