// What the dialogue needs from the rest of the system. api/runtime.ts wires the real parts; tests may too.
import type { Domain, Intent, RiskKind } from '../../core/labels.js'
import type { Db } from '../../db/client.js'
import type { TicketRow } from '../../db/repositories/tickets.js'

export type Decision = { kind: 'confident'; intent: Intent } | { kind: 'unsure'; options: Intent[] } | { kind: 'none' }

export interface AnalysisLite {
  intent: Intent
  domain: Domain
  risk: boolean
  /** which risks, most severe first (self-harm, violence, domestic violence, vulnerable, group action, going over levels) */
  riskKinds?: readonly RiskKind[]
  confidence: number
  decision: Decision
  /** largest amount mentioned, in yuan */
  amount: number | null
}

export type RouteOutcome =
  | { kind: 'ticket'; bodyId: number; bodyName: string; reason: string; fastTrack: boolean }
  | { kind: 'referral'; target: string; contact: string; reason: string }

export interface DialogueDeps {
  /** reads */
  db: Db
  /** writes: one transaction each, resolved after the durable commit */
  uow: { run<T>(work: (tx: Db) => Promise<T>): Promise<T> }
  courtId: number
  courtName: string
  /** the same deps for another court's directory, calendar and knowledge base (several courts in one process) */
  forCourt?(courtId: number): DialogueDeps
  now(): Date
  log: { info(o: Record<string, unknown>, m?: string): void; error(o: Record<string, unknown>, m?: string): void }
  analyze(text: string, now: Date): AnalysisLite | Promise<AnalysisLite>
  findRegion(text: string): { id: number; name: string } | null
  /** a few place names for prompts, e.g. "城关镇、白音苏木、乌兰嘎查" */
  regionExamples: string
  /** a formatted 以案释法 answer, or null when nothing fits well */
  answer(text: string, hints: { intent: Intent; domain: Domain }): Promise<string | null>
  /** the statute articles most relevant to a question, formatted; null when none fits */
  relatedStatutes(text: string): Promise<string | null>
  route(req: { intent: Intent; domain: Domain; regionId: number | null; risk: boolean; amount: number | null; text: string }): RouteOutcome
  /** deadlines of a new ticket at this body; priority as stored on the ticket (2 urgent, 1 repeat contact, 0) */
  deadlines(bodyId: number, priority: number, now: Date): { acceptDueAt: Date | null; resolveDueAt: Date | null; acceptHours: number }
  /** phone of the catch-all desk, for "转人工" */
  serviceContact: string
  /** stage a job in the caller's transaction */
  stageJob(
    tx: Db,
    name: 'notify-unit',
    payload: { ticketId: number; kind: 'new_ticket' | 'early_warning' | 'risk_followup'; stage?: number },
    key: string,
  ): Promise<void>
  /** hand staged jobs over after commit */
  kickJobs(): void
  /** stage the first deadline check of a new ticket, in the creating transaction */
  scheduleSla?(tx: Db, ticket: TicketRow): Promise<unknown>
  /** record a citizen's rating of a resolved ticket; returns the reply text */
  rate?(ticketId: number, rating: number, comment: string): Promise<string>
}
