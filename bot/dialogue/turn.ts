// One turn: read the citizen's text in the light of the dialogue state and decide the replies and the next state.
import { isCancel, isHumanCommand, isMediationCommand, isMyTickets, isProceed, isStatuteCommand, readChoice, readRating } from '../../core/intake.js'
import type { Domain, Intent } from '../../core/labels.js'
import { findTicketNumber } from '../../core/ticket-number.js'
import type { CitizenRow } from '../../db/repositories/citizens.js'
import type { TicketBrief } from './types.js'
import { S } from '../../strings/dialogue.js'
import type { AnalysisLite, DialogueDeps } from './deps.js'
import { continueIntake, createRiskTicket, startIntake } from './intake.js'
import { INTENT_OPTION } from '../../strings/dialogue.js'
import { awaitingRating, statusReply } from './status.js'
import { IDLE, type DialogueState } from './state.js'

export interface TurnContext {
  citizen: CitizenRow
  state: DialogueState
  text: string
  now: Date
}

export interface TurnOutput {
  state: DialogueState
  replies: string[]
  ticket?: TicketBrief
  ticketId?: number
}

/** Short control words, numbers and phone-only replies: nothing to classify. */
function isCommandLike(text: string): boolean {
  const t = text.replace(/\s/g, '')
  return (
    /^[\d\-+()（）]{1,20}$/.test(t) ||
    isCancel(t) ||
    isHumanCommand(t) ||
    isMyTickets(t) ||
    isMediationCommand(t) ||
    isProceed(t) ||
    isStatuteCommand(t)
  )
}

const GREETING_THANKS = /谢谢|感谢|多谢|辛苦/
const GREETING_BYE = /再见|拜拜|没事了|不用了/

export async function runTurn(deps: DialogueDeps, ctx: TurnContext): Promise<TurnOutput> {
  const { state, text } = ctx

  // Risk wins over everything, whatever the dialogue was doing (commands and bare numbers cannot carry it).
  const a = isCommandLike(text) ? null : await deps.analyze(text, ctx.now)
  if (a?.risk) return createRiskTicket(deps, ctx, a)

  if (isCancel(text)) {
    return state.mode === 'intake' || state.mode === 'menu' || state.mode === 'offer'
      ? { state: IDLE, replies: [S.cancelled] }
      : { state: IDLE, replies: [S.nothingToCancel] }
  }
  if (isHumanCommand(text)) {
    const facts = state.mode === 'idle' ? (state.lastText ?? '') : ''
    const domain = state.mode === 'idle' ? (state.lastDomain ?? 'other') : 'other'
    return startIntake(deps, ctx, { intent: 'human', domain, text: facts, amount: null })
  }
  if (state.mode !== 'intake' && (isMyTickets(text) || findTicketNumber(text))) {
    return { state, replies: [await statusReply(deps, ctx.citizen, findTicketNumber(text))] }
  }
  if (state.mode === 'intake') return continueIntake(deps, ctx, state, a)
  if (isStatuteCommand(text)) {
    const question = state.mode === 'idle' ? state.lastText : state.mode === 'offer' || state.mode === 'menu' ? state.text : undefined
    if (!question) return { state, replies: [S.statutesNeedQuestion] }
    const found = await deps.relatedStatutes(question)
    return { state, replies: [found ? `${S.statutesIntro}\n${found}` : S.statutesNone] }
  }

  const rating = readRating(text)
  if (rating && deps.rate) {
    const ticket = await awaitingRating(deps, ctx.citizen)
    if (ticket) return { state: IDLE, replies: [await deps.rate(ticket.id, rating.rating, rating.comment)] }
  }

  if (state.mode === 'menu') {
    const i = readChoice(text, state.options.length)
    const chosen = i === null ? undefined : state.options[i]
    if (chosen) return handleIntent(deps, ctx, chosen, state.text, state.domain, null)
  }
  if (state.mode === 'offer' && isProceed(text)) {
    return startIntake(deps, ctx, { intent: state.intent, domain: state.domain, text: state.text, amount: null })
  }
  if (isMediationCommand(text)) {
    const domain = state.mode === 'idle' ? (state.lastDomain ?? 'other') : 'other'
    return startIntake(deps, ctx, { intent: 'dispute', domain, text: '', amount: null })
  }

  if (!a) return { state: { mode: 'idle', lastText: text }, replies: [S.none] }
  switch (a.decision.kind) {
    case 'none':
      return { state: { mode: 'idle', lastText: text }, replies: [S.none] }
    case 'unsure': {
      const options = a.decision.options.slice(0, 3)
      const lines = [S.menuIntro, ...options.map((o, i) => S.menuOption(i + 1, o)), S.menuOutro]
      return { state: { mode: 'menu', options, text, domain: a.domain }, replies: [lines.join('\n')] }
    }
    case 'confident':
      return handleIntent(deps, ctx, a.decision.intent, text, a.domain, a)
  }
}

async function handleIntent(
  deps: DialogueDeps,
  ctx: TurnContext,
  intent: Intent,
  text: string,
  domain: Domain,
  a: AnalysisLite | null,
): Promise<TurnOutput> {
  const amount = a?.amount ?? null
  const idle: DialogueState = { mode: 'idle', lastText: text, lastIntent: intent, lastDomain: domain }
  switch (intent) {
    case 'greeting': {
      const reply = GREETING_THANKS.test(text) ? S.thanks : GREETING_BYE.test(text) ? S.bye : S.greeting(deps.courtName)
      return { state: IDLE, replies: [reply] }
    }
    case 'ticket_status':
      return { state: ctx.state, replies: [await statusReply(deps, ctx.citizen, findTicketNumber(text))] }
    case 'human':
      return startIntake(deps, ctx, { intent: 'human', domain, text: '', amount })
    case 'consult': {
      const answer = await deps.answer(text, { intent, domain })
      if (answer) return { state: idle, replies: [answer, S.kbFollowUp] }
      return { state: idle, replies: [S.kbNotFound] }
    }
    case 'filing':
    case 'judicial_aid': {
      const answer = await deps.answer(text, { intent, domain })
      if (answer) return { state: { mode: 'offer', intent, domain, text }, replies: [answer, S.procedureFollowUp] }
      return startIntake(deps, ctx, { intent, domain, text, amount })
    }
    case 'out_of_scope': {
      const r = deps.route({ intent, domain, regionId: null, risk: false, amount, text })
      if (r.kind === 'referral') return { state: idle, replies: [S.referral(r)] }
      return { state: idle, replies: [S.none] }
    }
    default: {
      // dispute, case_query, enforcement, petition, complaint, appointment: these need a person → intake
      const r = deps.route({ intent, domain, regionId: null, risk: false, amount, text })
      if (r.kind === 'referral') return { state: idle, replies: [S.referral(r)] }
      return startIntake(deps, ctx, { intent, domain, text, amount })
    }
  }
}

export { INTENT_OPTION }
