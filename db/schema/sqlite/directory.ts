// The court's directory: courts, regions (towns/villages incl. 苏木/嘎查), bodies (mediation bodies, court
// queues, external referrals), routing rules, staff users and the working-day calendar.
// Every row carries court_id so a province's courts can share one database later.
import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import type { BodyKind, EscalationStep, Role, WorkingHours } from '../shared.js'

export { ROLES, type BodyKind, type EscalationStep, type Role, type WorkingHours } from '../shared.js'

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`

export const courts = sqliteTable('courts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** short code used in ticket numbers and 案号, e.g. 内0727 */
  caseCode: text('case_code'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
})

export const regions = sqliteTable(
  'regions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courtId: integer('court_id').notNull().references(() => courts.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** town | township | subdistrict | sumu | village | gacha | community */
    kind: text('kind').notNull(),
    parentId: integer('parent_id'),
    /** other names citizens use (简称, old names) */
    aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  },
  (t) => [uniqueIndex('regions_court_code').on(t.courtId, t.code), index('regions_parent').on(t.parentId)],
)

export const bodies = sqliteTable(
  'bodies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courtId: integer('court_id').notNull().references(() => courts.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<BodyKind>().notNull(),
    /** dispute domains this body takes (empty: any) */
    domains: text('domains', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** intents this body takes (empty: any) */
    intents: text('intents', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** region ids served (empty: the whole court's area) */
    regionIds: text('region_ids', { mode: 'json' }).$type<number[]>().notNull().default(sql`'[]'`),
    contact: text('contact').notNull().default(''),
    address: text('address').notNull().default(''),
    workingHours: text('working_hours', { mode: 'json' }).$type<WorkingHours>(),
    /** accept (接单) within N working hours */
    acceptHours: integer('accept_hours').notNull().default(8),
    /** resolve (办结) within N working days */
    resolveDays: integer('resolve_days').notNull().default(15),
    escalation: text('escalation', { mode: 'json' }).$type<EscalationStep[]>().notNull().default(sql`'[]'`),
    /** the catch-all triage queue (诉讼服务中心) */
    isCatchAll: integer('is_catch_all', { mode: 'boolean' }).notNull().default(false),
    /** the duty unit that receives risk tickets and early warnings */
    isDutyUnit: integer('is_duty_unit', { mode: 'boolean' }).notNull().default(false),
    /** one line on what the body does, shown to citizens */
    description: text('description').notNull().default(''),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [uniqueIndex('bodies_court_code').on(t.courtId, t.code)],
)

/** Routing rules with priorities; the router (core/router.ts) is a pure function over these and the bodies. */
export const routingRules = sqliteTable('routing_rules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  courtId: integer('court_id').notNull().references(() => courts.id),
  /** higher wins */
  priority: integer('priority').notNull(),
  name: text('name').notNull(),
  /** { intents?: string[], domains?: string[], risk?: boolean, regionScoped?: boolean } */
  match: text('match', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  /** what to do: route to a body (by code), or refer out without a ticket */
  action: text('action', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  /** the reason shown to the citizen and stored on the ticket */
  reason: text('reason').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
})

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  courtId: integer('court_id').notNull().references(() => courts.id),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  displayName: text('display_name').notNull(),
  role: text('role').$type<Role>().notNull(),
  /** the unit (body) this user works in; null for court-wide roles */
  bodyId: integer('body_id').references(() => bodies.id),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
})

/** Working-day calendar: public holidays and 调休 working days. */
export const calendarDays = sqliteTable(
  'calendar_days',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courtId: integer('court_id').notNull().references(() => courts.id),
    /** YYYY-MM-DD */
    date: text('date').notNull(),
    /** holiday | workday (调休上班) */
    kind: text('kind').$type<'holiday' | 'workday'>().notNull(),
    name: text('name').notNull().default(''),
  },
  (t) => [uniqueIndex('calendar_court_date').on(t.courtId, t.date)],
)
