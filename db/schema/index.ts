// The tables the repositories use, for the dialect this process runs on (db/dialect.ts). Both trees define the same
// tables, column names and row types; the PostgreSQL tables are handed out under the SQLite tables' types (a
// deliberate "type lie") so one repository layer serves both. Dialect-only SQL lives behind db/connection.ts.
import { PROCESS_DIALECT } from '../dialect.js'
import * as lite from './sqlite/index.js'
import * as pgs from './pg/index.js'

export * from './shared.js'

type Lite = typeof lite
const pick = <K extends keyof Lite>(k: K): Lite[K] => (PROCESS_DIALECT === 'pg' ? (pgs as unknown as Lite)[k] : lite[k])

export const courts = pick('courts')
export const regions = pick('regions')
export const bodies = pick('bodies')
export const routingRules = pick('routingRules')
export const users = pick('users')
export const calendarDays = pick('calendarDays')
export const citizens = pick('citizens')
export const conversations = pick('conversations')
export const messages = pick('messages')
export const kbArticles = pick('kbArticles')
export const statuteArticles = pick('statuteArticles')
export const tickets = pick('tickets')
export const ticketEvents = pick('ticketEvents')
export const unitNotifications = pick('unitNotifications')
export const outbox = pick('outbox')
export const accessLog = pick('accessLog')
export const inboundDeliveries = pick('inboundDeliveries')
export const wechatDeferredAnswers = pick('wechatDeferredAnswers')
export const wechatSends = pick('wechatSends')
export const leases = pick('leases')
