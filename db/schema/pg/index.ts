// The PostgreSQL schema: exports the same names as db/schema/index.ts (SQLite).
export * from '../shared.js'
export * from './directory.js'
export * from './citizens.js'
export * from './kb.js'
export * from './tickets.js'
export * from './wechat.js'
export * from './leases.js'
