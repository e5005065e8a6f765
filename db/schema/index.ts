export * from './directory.js'
export * from './citizens.js'
export * from './kb.js'
export * from './tickets.js'
