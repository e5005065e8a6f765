// The intake: ask for what a clerk needs, show a summary, and on 确认 create the ticket in one transaction.
import { riskReply } from '../../strings/risk.js'
import { randomUUID } from 'node:crypto'
import { and, desc, eq, gte, notInArray } from 'drizzle-orm'
import { first } from '../../db/query.js'
import {
  MIN_FACTS_CHARS,
  isAgree,
  isConfirm,
  isDeclinePhone,
  isDisagree,
  isEdit,
  isUnknownPlace,
  nextIntakeStep,
  readPhone,
} from '../../core/intake.js'
import type { Domain, Intent } from '../../core/labels.js'
import { maskPhone, maskText } from '../../core/mask.js'
import { ticketPriority } from '../../core/sla.js'
import { saveConversation } from '../../db/repositories/citizens.js'
import { appendEvent, computeFlags, findTicketByIntakeKey, insertTicket, type TicketRow } from '../../db/repositories/tickets.js'
import { bodies, tickets } from '../../db/schema/index.js'
import { INTAKE_WHAT, S } from '../../strings/dialogue.js'
import type { AnalysisLite, DialogueDeps } from './deps.js'
import { IDLE, type DialogueState, type IntakeDraft, type IntakeStep } from './state.js'
import type { TurnContext, TurnOutput } from './turn.js'

const what = (intent: Intent) => INTAKE_WHAT[intent] ?? INTAKE_WHAT.default

function ask(deps: DialogueDeps, step: IntakeStep, d: IntakeDraft): string {
  switch (step) {
    case 'facts':
      return S.askFacts
    case 'place':
      return S.askPlace(deps.regionExamples)
    case 'phone':
      return S.askPhone
    case 'consent':
      return S.askConsent
    case 'confirm':
      return S.summary({
        what: what(d.intent),
        facts: d.facts.length > 120 ? `${d.facts.slice(0, 120)}…` : d.facts,
        place: d.place || '不清楚',
        phone: d.phone ? maskPhone(d.phone) : '不留',
      })
  }
}

/** Pick up what the citizen already said (place, phone) so they are not asked again. */
function absorb(deps: DialogueDeps, d: IntakeDraft, text: string): void {
  if (d.regionId === null && d.place === null) {
    const r = deps.findRegion(text)
    if (r) {
      d.regionId = r.id
      d.place = r.name
    }
  }
  if (d.phone === null) {
    const p = readPhone(text)
    if (p) d.phone = p
  }
}

export function startIntake(
  deps: DialogueDeps,
  ctx: TurnContext,
  p: { intent: Intent; domain: Domain; text: string; amount: number | null },
): TurnOutput {
  const draft: IntakeDraft = {
    intent: p.intent,
    domain: p.domain,
    risk: false,
    facts: p.text.length >= MIN_FACTS_CHARS ? maskText(p.text) : '',
    regionId: null,
    place: null,
    phone: null,
    consent: false,
    amount: p.amount,
    key: randomUUID(),
  }
  if (p.text) absorb(deps, draft, p.text)
  const step = nextIntakeStep(draft)
  const intro = p.intent === 'human' ? S.humanIntro : S.intakeStart(what(p.intent))
  const replies = [intro, ask(deps, step, draft)]
  if (p.intent === 'human') replies.push(S.humanHours(deps.serviceContact))
  return { state: { mode: 'intake', step, draft }, replies }
}

export async function continueIntake(
  deps: DialogueDeps,
  ctx: TurnContext,
  state: Extract<DialogueState, { mode: 'intake' }>,
  a: AnalysisLite | null,
): Promise<TurnOutput> {
  const d: IntakeDraft = { ...state.draft }
  const text = ctx.text
  const again = (reply: string): TurnOutput => ({ state, replies: [reply] })

  switch (state.step) {
    case 'facts':
      if (text.length < MIN_FACTS_CHARS) return again(S.factsTooShort)
      d.facts = maskText(text)
      // an intake started by a command ("我要调解") learns its dispute domain from the facts
      if (d.domain === 'other' && a) d.domain = a.domain
      if (d.amount === null && a) d.amount = a.amount
      absorb(deps, d, text)
      break
    case 'place': {
      const r = deps.findRegion(text)
      if (r) {
        d.regionId = r.id
        d.place = r.name
      } else if (isUnknownPlace(text)) d.place = '不清楚'
      else return again(S.placeNotFound(deps.regionExamples))
      break
    }
    case 'phone': {
      const p = readPhone(text)
      if (p) d.phone = p
      else if (isDeclinePhone(text)) d.phone = ''
      else return again(S.phoneInvalid)
      break
    }
    case 'consent':
      if (isAgree(text)) d.consent = true
      else if (isDisagree(text)) return { state: IDLE, replies: [S.consentDeclined] }
      else return again(S.consentRetry)
      break
    case 'confirm':
      if (isConfirm(text)) return await createTicket(deps, ctx, d)
      if (isEdit(text)) {
        const fresh: IntakeDraft = { ...d, facts: '', regionId: null, place: null, phone: null, consent: false }
        return { state: { mode: 'intake', step: 'facts', draft: fresh }, replies: [S.restart, S.askFacts] }
      }
      return again(S.confirmRetry)
  }
  const step = nextIntakeStep(d)
  return { state: { mode: 'intake', step, draft: d }, replies: [ask(deps, step, d)] }
}

function summaryOf(d: IntakeDraft): string {
  const flat = d.facts.replace(/\s+/g, ' ')
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat
}

/** Ticket + first events + notify job + conversation reset, all in one commit (or nothing). */
async function commitTicket(deps: DialogueDeps, ctx: TurnContext, d: IntakeDraft, source: string): Promise<TicketRow> {
  const now = ctx.now
  const ticket = await deps.uow.run(
    async (tx) => {
      const existing = await findTicketByIntakeKey(tx, d.key)
      if (existing) return existing
      const decision = deps.route({
        intent: d.intent,
        domain: d.domain,
        regionId: d.regionId,
        risk: d.risk,
        amount: d.amount,
        text: d.facts,
      })
      const bodyId = decision.kind === 'ticket' ? decision.bodyId : null
      const flags = await computeFlags(tx, {
        courtId: deps.courtId,
        citizenId: ctx.citizen.id,
        domain: d.domain,
        regionId: d.regionId,
        now,
      })
      if (decision.kind === 'ticket' && decision.fastTrack) flags.fastTrack = true
      const priority = ticketPriority(d.risk, flags)
      const due = bodyId ? deps.deadlines(bodyId, priority, now) : { acceptDueAt: null, resolveDueAt: null }
      const t = await insertTicket(
        tx,
        {
          courtId: deps.courtId,
          citizenId: ctx.citizen.id,
          channel: ctx.citizen.channel,
          source,
          intent: d.intent,
          domain: d.domain,
          regionId: d.regionId,
          place: d.place ?? '',
          summary: summaryOf(d),
          facts: d.facts,
          contactPhone: d.phone || null,
          consentAt: d.consent ? now : null,
          risk: d.risk,
          priority,
          flags,
          bodyId,
          routingReason: decision.reason,
          acceptDueAt: due.acceptDueAt,
          resolveDueAt: due.resolveDueAt,
          intakeKey: d.key,
        },
        { type: 'citizen', id: ctx.citizen.id },
        now,
      )
      await deps.stageJob(tx, 'notify-unit', { ticketId: t.id, kind: 'new_ticket' }, `new-ticket-${t.id}`)
      await deps.scheduleSla?.(tx, t)
      if (flags.collective) await deps.stageJob(tx, 'notify-unit', { ticketId: t.id, kind: 'early_warning' }, `early-warning-${t.id}`)
      await saveConversation(tx, ctx.citizen.id, IDLE as unknown as Record<string, unknown>, now)
      return t
    },
  )
  deps.kickJobs()
  return ticket
}

const RISK_FOLLOW_UP_MS = 24 * 3600_000

function openRiskTicket(deps: DialogueDeps, ctx: TurnContext): Promise<TicketRow | undefined> {
  return first(
    deps.db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.citizenId, ctx.citizen.id),
        eq(tickets.risk, true),
        notInArray(tickets.status, ['已办结', '已归档']),
        gte(tickets.createdAt, new Date(ctx.now.getTime() - RISK_FOLLOW_UP_MS)),
      ),
    )
    .orderBy(desc(tickets.id))
    .limit(1),
  )
}

async function bodyName(deps: DialogueDeps, t: TicketRow): Promise<{ id: number; name: string } | null> {
  if (!t.bodyId) return null
  const r = await first(deps.db.select({ id: bodies.id, name: bodies.name }).from(bodies).where(eq(bodies.id, t.bodyId)))
  return r ?? null
}

async function createTicket(deps: DialogueDeps, ctx: TurnContext, d: IntakeDraft): Promise<TurnOutput> {
  const t = await commitTicket(deps, ctx, d, 'bot')
  const body = await bodyName(deps, t)
  const accept = body ? S.acceptPromise(deps.deadlines(body.id, t.priority, ctx.now).acceptHours) : ''
  deps.log.info({ ticket: t.number, body: body?.id, intent: t.intent, domain: t.domain }, 'ticket created')
  return {
    state: IDLE,
    replies: [S.ticketCreated({ number: t.number, body: body?.name ?? '诉讼服务中心', reason: t.routingReason, accept })],
    ticket: { number: t.number, status: t.status, body },
    ticketId: t.id,
  }
}

/** The calm reply for the kind of risk (each kind its own: help lines, lawful channels, cooling off), asking how to reach the person. */
function riskText(a: AnalysisLite): string {
  return a.riskKinds?.length ? riskReply(a.riskKinds) : S.risk
}

/** Risk wins over everything: a calm reply with where to get help now, and an urgent ticket to the duty unit. */
export async function createRiskTicket(deps: DialogueDeps, ctx: TurnContext, a: AnalysisLite): Promise<TurnOutput> {
  // A frightened citizen often writes several messages in a row: they go onto the open urgent ticket (and the duty
  // unit is told again) instead of opening one ticket each.
  const open = await openRiskTicket(deps, ctx)
  if (open) {
    await deps.uow.run(async (tx) => {
      const e = await appendEvent(tx, {
        ticketId: open.id,
        at: ctx.now,
        actor: { type: 'citizen', id: ctx.citizen.id },
        action: 'citizen_message',
        note: maskText(ctx.text).slice(0, 500),
      })
      await deps.stageJob(tx, 'notify-unit', { ticketId: open.id, kind: 'risk_followup', stage: e.id }, `risk-followup-${e.id}`)
    })
    deps.kickJobs()
    const body = await bodyName(deps, open)
    return {
      state: IDLE,
      replies: [`${riskText(a)}\n${S.riskTicket(open.number)}`],
      ticket: { number: open.number, status: open.status, body },
      ticketId: open.id,
    }
  }
  const draft: IntakeDraft = {
    intent: a.intent === 'greeting' || a.intent === 'out_of_scope' ? 'dispute' : a.intent,
    domain: a.domain,
    risk: true,
    facts: maskText(ctx.text),
    regionId: null,
    place: null,
    phone: readPhone(ctx.text),
    consent: false,
    amount: a.amount,
    key: randomUUID(),
  }
  absorb(deps, draft, ctx.text)
  const t = await commitTicket(deps, ctx, draft, 'risk')
  const body = await bodyName(deps, t)
  deps.log.info({ ticket: t.number, body: body?.id, risk: true }, 'risk ticket created')
  return {
    state: IDLE,
    replies: [`${riskText(a)}\n${S.riskTicket(t.number)}`],
    ticket: { number: t.number, status: t.status, body },
    ticketId: t.id,
  }
}
