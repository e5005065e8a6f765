// The ticket lifecycle (工单流转) as a pure state machine: 统一受理 → 派单 → 接单（首问负责）→ 办理 → 按责转办 →
// 办结 → 办结反馈 → 评价 → 归档, with 重新办理 when the citizen is unhappy or a leader sends it back.
// transition() only decides; the repository (db/repositories/ticket-actions.ts) writes the patch, the event and
// executes the effects in one transaction.

export const TICKET_STATES = ['待派单', '已派单', '已接单', '办理中', '已转办', '已办结', '重新办理', '已归档'] as const
export type TicketState = (typeof TICKET_STATES)[number]

export const RESOLVE_OUTCOMES = ['mediated', 'mediation_failed', 'answered', 'rejected'] as const
export type ResolveOutcome = (typeof RESOLVE_OUTCOMES)[number]
export const isResolveOutcome = (s: unknown): s is ResolveOutcome =>
  typeof s === 'string' && (RESOLVE_OUTCOMES as readonly string[]).includes(s)

export const OUTCOME_NAMES: Record<ResolveOutcome, string> = {
  mediated: '调解成功',
  mediation_failed: '调解不成',
  answered: '已答复',
  rejected: '不予受理',
}

/** Defaults the court may change (config). */
export interface LifecyclePolicy {
  /** a ticket transferred this many times is not transferred again by a unit: the duty leader decides */
  maxTransfers: number
  /** no rating this long after 办结反馈 → archived as 未评价 */
  ratingTimeoutMs: number
  /** ratings at or below this reopen the ticket (不满意) */
  lowRatingMax: number
}
export const DEFAULT_POLICY: LifecyclePolicy = {
  maxTransfers: 3,
  ratingTimeoutMs: 3 * 24 * 3600 * 1000,
  lowRatingMax: 2,
}

/** What the state machine needs to know about a ticket. */
export interface TicketSnapshot {
  status: TicketState
  bodyId: number | null
  ownerBodyId: number | null
  handlerId: number | null
  transferCount: number
  /** tickets without a citizen (staff-entered) need a handler to record 办结反馈 by hand */
  citizenId: number | null
  outcome: ResolveOutcome | null
  outcomeNote: string | null
  acceptedAt: Date | null
  resolvedAt: Date | null
  feedbackAt: Date | null
  rating: number | null
  ratingComment: string | null
  slaStage: number
  /** a 司法确认 ticket was already created from this one */
  hasJudicialConfirmation: boolean
}

export type StaffRole = 'admin' | 'duty_leader' | 'unit_leader' | 'handler' | 'kb_editor'
export type Actor =
  | { type: 'user'; id: number; role: StaffRole; bodyId: number | null }
  | { type: 'citizen'; id: number }
  | { type: 'system' }

export type TicketCommand =
  | { type: 'dispatch'; bodyId: number; reason?: string }
  | { type: 'accept' }
  | { type: 'reply'; text: string }
  | { type: 'transfer'; bodyId: number; reason: string }
  | { type: 'resolve'; outcome: ResolveOutcome; note?: string }
  | { type: 'feedback'; note?: string }
  | { type: 'rate'; rating: number; comment?: string }
  | { type: 'reopen'; reason: string }
  | { type: 'archive'; note?: string }
  | { type: 'judicial-confirmation'; note?: string }
export type CommandType = TicketCommand['type']
export const COMMAND_TYPES: readonly CommandType[] = [
  'dispatch',
  'accept',
  'reply',
  'transfer',
  'resolve',
  'feedback',
  'rate',
  'reopen',
  'archive',
  'judicial-confirmation',
]

/** Keys of the citizen notices in strings/tickets.ts. */
export type CitizenNotice =
  | 'accepted'
  | 'transferred'
  | 'resolved_mediated'
  | 'resolved_mediation_failed'
  | 'resolved_answered'
  | 'resolved_rejected'
  | 'reopened'
  | 'rating_thanks'
  | 'rating_low'
  | 'judicial_confirmation'

export type UnitNotice = 'new_ticket' | 'transferred' | 'reopened' | 'rating_low'

/** Plain-data side effects; the repository carries them out inside the same transaction (via the outbox). */
export type Effect =
  | { kind: 'notify-unit'; notice: UnitNotice }
  | { kind: 'notify-citizen'; notice: CitizenNotice; note?: string }
  /** a handler's words relayed verbatim */
  | { kind: 'relay-reply'; text: string }
  /** 调解不成 → 立案; 调解成功 → 司法确认; both go to the 立案庭 with the file attached */
  | { kind: 'create-linked-ticket'; purpose: 'filing' | 'judicial_confirmation' }
  | { kind: 'schedule-rating-timeout'; delayMs: number }
  /** deadlines start again for the unit now holding the ticket */
  | { kind: 'reset-deadlines'; from: 'dispatch' | 'accept' | 'transfer' | 'reopen' }

export interface EventDraft {
  action: string
  fromStatus: TicketState
  toStatus: TicketState
  reason?: string
  note?: string
  data?: Record<string, unknown>
}

export type TransitionFailure = { ok: false; code: 'TRANSITION_FORBIDDEN' | 'FORBIDDEN' | 'BAD_INPUT'; reason: string }
export type TransitionResult =
  | { ok: true; patch: Partial<TicketSnapshot>; event: EventDraft; effects: Effect[] }
  | TransitionFailure

/** Which states each command may start from (the table the tests walk). */
export const ALLOWED_FROM: Record<CommandType, readonly TicketState[]> = {
  dispatch: ['待派单'],
  accept: ['已派单', '已转办', '重新办理'],
  reply: ['已接单', '办理中', '重新办理'],
  transfer: ['已派单', '已接单', '办理中', '已转办', '重新办理'],
  resolve: ['已接单', '办理中', '重新办理'],
  feedback: ['已办结'],
  rate: ['已办结'],
  reopen: ['已办结', '已归档'],
  archive: ['已办结'],
  'judicial-confirmation': ['已办结', '已归档'],
}

const COMMAND_NAMES: Record<CommandType, string> = {
  dispatch: '派单',
  accept: '接单',
  reply: '答复群众',
  transfer: '转办',
  resolve: '办结',
  feedback: '办结反馈',
  rate: '评价',
  reopen: '重新办理',
  archive: '归档',
  'judicial-confirmation': '申请司法确认',
}

const MAX_TEXT = 2000
const fail = (code: TransitionFailure['code'], reason: string): TransitionFailure => ({ ok: false, code, reason })
const isLeader = (a: Actor): boolean => a.type === 'system' || (a.type === 'user' && (a.role === 'admin' || a.role === 'duty_leader'))
const isStaffWorker = (a: Actor): boolean => a.type === 'user' && a.role !== 'kb_editor'
const blank = (s: string | undefined): boolean => s === undefined || s.trim() === ''

/** Who may issue which command (scope to the ticket's unit is checked by the repository). */
function mayIssue(cmd: TicketCommand, actor: Actor): boolean {
  switch (cmd.type) {
    case 'dispatch':
      return isLeader(actor)
    case 'rate':
      return actor.type === 'citizen' || actor.type === 'system'
    case 'reopen':
      return isLeader(actor) || (actor.type === 'user' && actor.role === 'unit_leader')
    case 'archive':
      return actor.type === 'system' || isStaffWorker(actor)
    default:
      return isStaffWorker(actor)
  }
}

export function transition(
  t: TicketSnapshot,
  cmd: TicketCommand,
  actor: Actor,
  now: Date,
  policy: LifecyclePolicy = DEFAULT_POLICY,
): TransitionResult {
  if (!mayIssue(cmd, actor)) return fail('FORBIDDEN', `您没有权限对该工单执行“${COMMAND_NAMES[cmd.type]}”。`)
  if (!ALLOWED_FROM[cmd.type].includes(t.status)) {
    return fail('TRANSITION_FORBIDDEN', `工单当前状态为“${t.status}”，不能${COMMAND_NAMES[cmd.type]}。`)
  }
  const from = t.status
  const ok = (patch: Partial<TicketSnapshot>, event: Omit<EventDraft, 'fromStatus' | 'toStatus'>, effects: Effect[]): TransitionResult => ({
    ok: true,
    patch,
    event: { ...event, fromStatus: from, toStatus: patch.status ?? from },
    effects,
  })
  const actorId = actor.type === 'user' ? actor.id : null

  switch (cmd.type) {
    case 'dispatch':
      return ok(
        { status: '已派单', bodyId: cmd.bodyId, slaStage: 0 },
        { action: 'dispatched', reason: cmd.reason, data: { bodyId: cmd.bodyId } },
        [{ kind: 'reset-deadlines', from: 'dispatch' }, { kind: 'notify-unit', notice: 'new_ticket' }],
      )

    case 'accept':
      // 首问负责: the first unit to accept owns it; a recorded transfer clears the owner, the next accept sets it.
      return ok(
        {
          status: '已接单',
          handlerId: actorId ?? t.handlerId,
          ownerBodyId: t.ownerBodyId ?? t.bodyId,
          acceptedAt: now,
          // the accept clock stopped; the resolve clock starts with its own 督办 stages
          slaStage: 0,
        },
        { action: 'accepted', data: { ownerBodyId: t.ownerBodyId ?? t.bodyId } },
        [{ kind: 'reset-deadlines', from: 'accept' }, { kind: 'notify-citizen', notice: 'accepted' }],
      )

    case 'reply': {
      if (blank(cmd.text)) return fail('BAD_INPUT', '答复内容不能为空。')
      if (cmd.text.length > MAX_TEXT) return fail('BAD_INPUT', `答复内容请控制在${MAX_TEXT}字以内。`)
      const text = cmd.text.trim()
      return ok({ status: '办理中' }, { action: 'replied', note: text }, [{ kind: 'relay-reply', text }])
    }

    case 'transfer': {
      if (blank(cmd.reason)) return fail('BAD_INPUT', '转办须写明理由（按责转办）。')
      if (cmd.bodyId === t.bodyId) return fail('BAD_INPUT', '不能转办给当前承办单位。')
      if (t.transferCount >= policy.maxTransfers && !isLeader(actor)) {
        return fail(
          'TRANSITION_FORBIDDEN',
          `该工单已转办${t.transferCount}次，不能再由承办单位转办，请报值班领导协调确定承办单位。`,
        )
      }
      return ok(
        {
          status: '已转办',
          bodyId: cmd.bodyId,
          ownerBodyId: null,
          handlerId: null,
          acceptedAt: null,
          transferCount: t.transferCount + 1,
          slaStage: 0,
        },
        { action: 'transferred', reason: cmd.reason.trim(), data: { fromBodyId: t.bodyId, toBodyId: cmd.bodyId } },
        [
          { kind: 'reset-deadlines', from: 'transfer' },
          { kind: 'notify-unit', notice: 'transferred' },
          { kind: 'notify-citizen', notice: 'transferred' },
        ],
      )
    }

    case 'resolve': {
      if (cmd.outcome === 'rejected' && blank(cmd.note)) return fail('BAD_INPUT', '不予受理须写明理由。')
      if (cmd.note !== undefined && cmd.note.length > MAX_TEXT) return fail('BAD_INPUT', `办结说明请控制在${MAX_TEXT}字以内。`)
      const note = blank(cmd.note) ? null : cmd.note!.trim()
      // 办结反馈 goes out with the resolve notice when the citizen can be reached through a channel; the
      // rating clock starts then. Staff-entered tickets record the feedback by hand (/feedback).
      const pushed = t.citizenId !== null
      const effects: Effect[] = []
      if (pushed) {
        effects.push({ kind: 'notify-citizen', notice: `resolved_${cmd.outcome}`, note: note ?? undefined })
        effects.push({ kind: 'schedule-rating-timeout', delayMs: policy.ratingTimeoutMs })
      }
      if (cmd.outcome === 'mediation_failed') effects.push({ kind: 'create-linked-ticket', purpose: 'filing' })
      return ok(
        { status: '已办结', outcome: cmd.outcome, outcomeNote: note, resolvedAt: now, feedbackAt: pushed ? now : null, rating: null, ratingComment: null },
        { action: 'resolved', note: note ?? undefined, reason: cmd.outcome === 'rejected' ? note ?? undefined : undefined, data: { outcome: cmd.outcome, feedback: pushed ? 'pushed' : 'pending' } },
        effects,
      )
    }

    case 'feedback':
      if (t.feedbackAt !== null) return fail('TRANSITION_FORBIDDEN', '已向群众反馈过办理结果，无需重复反馈。')
      return ok({ feedbackAt: now }, { action: 'feedback', note: cmd.note?.trim() || undefined }, [
        { kind: 'schedule-rating-timeout', delayMs: policy.ratingTimeoutMs },
      ])

    case 'rate': {
      if (!Number.isInteger(cmd.rating) || cmd.rating < 1 || cmd.rating > 5) return fail('BAD_INPUT', '评价请在1到5分之间选择。')
      if (t.feedbackAt === null) return fail('TRANSITION_FORBIDDEN', '办理结果还没有反馈给您，暂时不能评价。')
      if (t.rating !== null) return fail('TRANSITION_FORBIDDEN', '该工单已经评价过了。')
      const comment = blank(cmd.comment) ? null : cmd.comment!.trim().slice(0, MAX_TEXT)
      if (cmd.rating <= policy.lowRatingMax) {
        // 直至群众满意才能归档: an unhappy rating sends the ticket back to the owning unit.
        return ok(
          { ...reopenPatch(t), rating: cmd.rating, ratingComment: comment },
          { action: 'rated', reason: '群众评价不满意，重新办理', note: comment ?? undefined, data: { rating: cmd.rating, previousOutcome: t.outcome } },
          [
            { kind: 'reset-deadlines', from: 'reopen' },
            { kind: 'notify-unit', notice: 'rating_low' },
            { kind: 'notify-citizen', notice: 'rating_low' },
          ],
        )
      }
      return ok(
        { status: '已归档', rating: cmd.rating, ratingComment: comment },
        { action: 'rated', note: comment ?? undefined, data: { rating: cmd.rating, archived: true } },
        [{ kind: 'notify-citizen', notice: 'rating_thanks' }],
      )
    }

    case 'reopen':
      if (blank(cmd.reason)) return fail('BAD_INPUT', '重新办理须写明理由。')
      return ok(
        reopenPatch(t),
        { action: 'reopened', reason: cmd.reason.trim(), data: { previousOutcome: t.outcome, previousRating: t.rating } },
        [
          { kind: 'reset-deadlines', from: 'reopen' },
          { kind: 'notify-unit', notice: 'reopened' },
          { kind: 'notify-citizen', notice: 'reopened' },
        ],
      )

    case 'archive': {
      if (t.feedbackAt === null) return fail('TRANSITION_FORBIDDEN', '还没有向群众反馈办理结果，不能归档。')
      const waited = now.getTime() - t.feedbackAt.getTime() >= policy.ratingTimeoutMs
      if (t.rating === null && !waited) {
        return fail('TRANSITION_FORBIDDEN', '群众还在评价期内（反馈后3天），暂不能归档。')
      }
      const unrated = t.rating === null
      return ok(
        { status: '已归档' },
        { action: 'archived', note: cmd.note?.trim() || (unrated ? '未评价' : undefined), data: { unrated } },
        [],
      )
    }

    case 'judicial-confirmation':
      if (t.outcome !== 'mediated') return fail('TRANSITION_FORBIDDEN', '只有调解成功的工单才能申请司法确认。')
      if (t.hasJudicialConfirmation) return fail('TRANSITION_FORBIDDEN', '该工单已经申请过司法确认。')
      return ok({}, { action: 'judicial_confirmation_requested', note: cmd.note?.trim() || undefined }, [
        { kind: 'create-linked-ticket', purpose: 'judicial_confirmation' },
        ...(t.citizenId !== null ? [{ kind: 'notify-citizen', notice: 'judicial_confirmation' } as const] : []),
      ])
  }
}

/** 重新办理 goes back to the unit that owns the ticket (首问负责), with fresh deadlines. */
function reopenPatch(t: TicketSnapshot): Partial<TicketSnapshot> {
  return {
    status: '重新办理',
    bodyId: t.ownerBodyId ?? t.bodyId,
    outcome: null,
    outcomeNote: null,
    resolvedAt: null,
    feedbackAt: null,
    rating: null,
    ratingComment: null,
    slaStage: 0,
  }
}
