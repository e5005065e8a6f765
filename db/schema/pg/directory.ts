// PostgreSQL mirror of db/schema/directory.ts: same SQL names, same TypeScript properties and row types.
// Keep the two files in step (test/db/pg-schema.test.ts fails on a missed column, index or foreign key).
import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { ts } from './columns.js'
import type { BodyKind, EscalationStep, Role, WorkingHours } from '../shared.js'

export { ROLES, type BodyKind, type EscalationStep, type Role, type WorkingHours } from '../shared.js'

export const courts = pgTable('courts', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** short code used in ticket numbers and 案号, e.g. 内0727 */
  caseCode: text('case_code'),
  createdAt: ts('created_at').notNull().defaultNow(),
})

export const regions = pgTable(
  'regions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    courtId: integer('court_id')
      .notNull()
      .references(() => courts.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** town | township | subdistrict | sumu | village | gacha | community */
    kind: text('kind').notNull(),
    parentId: integer('parent_id'),
    /** other names citizens use (简称, old names) */
    aliases: jsonb('aliases').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [uniqueIndex('regions_court_code').on(t.courtId, t.code), index('regions_parent').on(t.parentId)],
)

export const bodies = pgTable(
  'bodies',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    courtId: integer('court_id')
      .notNull()
      .references(() => courts.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<BodyKind>().notNull(),
    /** dispute domains this body takes (empty: any) */
    domains: jsonb('domains').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** intents this body takes (empty: any) */
    intents: jsonb('intents').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** region ids served (empty: the whole court's area) */
    regionIds: jsonb('region_ids').$type<number[]>().notNull().default(sql`'[]'::jsonb`),
    contact: text('contact').notNull().default(''),
    address: text('address').notNull().default(''),
    workingHours: jsonb('working_hours').$type<WorkingHours>(),
    /** accept (接单) within N working hours */
    acceptHours: integer('accept_hours').notNull().default(8),
    /** resolve (办结) within N working days */
    resolveDays: integer('resolve_days').notNull().default(15),
    escalation: jsonb('escalation').$type<EscalationStep[]>().notNull().default(sql`'[]'::jsonb`),
    /** the catch-all triage queue (诉讼服务中心) */
    isCatchAll: boolean('is_catch_all').notNull().default(false),
    /** the duty unit that receives risk tickets and early warnings */
    isDutyUnit: boolean('is_duty_unit').notNull().default(false),
    /** one line on what the body does, shown to citizens */
    description: text('description').notNull().default(''),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('bodies_court_code').on(t.courtId, t.code)],
)

/** Routing rules with priorities; the router (core/router.ts) is a pure function over these and the bodies. */
export const routingRules = pgTable('routing_rules', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  courtId: integer('court_id')
    .notNull()
    .references(() => courts.id),
  /** higher wins */
  priority: integer('priority').notNull(),
  name: text('name').notNull(),
  /** { intents?: string[], domains?: string[], risk?: boolean, regionScoped?: boolean } */
  match: jsonb('match').$type<Record<string, unknown>>().notNull(),
  /** what to do: route to a body (by code), or refer out without a ticket */
  action: jsonb('action').$type<Record<string, unknown>>().notNull(),
  /** the reason shown to the citizen and stored on the ticket */
  reason: text('reason').notNull(),
  enabled: boolean('enabled').notNull().default(true),
})

export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  courtId: integer('court_id')
    .notNull()
    .references(() => courts.id),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  displayName: text('display_name').notNull(),
  role: text('role').$type<Role>().notNull(),
  /** the unit (body) this user works in; null for court-wide roles */
  bodyId: integer('body_id').references(() => bodies.id),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
})

/** Working-day calendar: public holidays and 调休 working days. */
export const calendarDays = pgTable(
  'calendar_days',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    courtId: integer('court_id')
      .notNull()
      .references(() => courts.id),
    /** YYYY-MM-DD */
    date: text('date').notNull(),
    /** holiday | workday (调休上班) */
    kind: text('kind').$type<'holiday' | 'workday'>().notNull(),
    name: text('name').notNull().default(''),
  },
  (t) => [uniqueIndex('calendar_court_date').on(t.courtId, t.date)],
)
