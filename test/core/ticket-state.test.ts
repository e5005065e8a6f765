import { describe, expect, it } from 'vitest'
import {
  TICKET_STATES,
  transition,
  type Actor,
  type CommandType,
  type TicketCommand,
  type TicketSnapshot,
  type TicketState,
} from '../../core/ticket-state.js'
import { TICKET_STATUSES } from '../../db/schema/index.js'

const NOW = new Date('2026-03-10T02:00:00Z')
const DAY = 24 * 3600 * 1000
const handler: Actor = { type: 'user', id: 7, role: 'handler', bodyId: 10 }
const leader: Actor = { type: 'user', id: 1, role: 'duty_leader', bodyId: null }
const unitLeader: Actor = { type: 'user', id: 8, role: 'unit_leader', bodyId: 10 }
const citizen: Actor = { type: 'citizen', id: 99 }

function snap(status: TicketState, over: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return {
    status,
    bodyId: 10,
    ownerBodyId: null,
    handlerId: null,
    transferCount: 0,
    citizenId: 99,
    outcome: null,
    outcomeNote: null,
    acceptedAt: null,
    resolvedAt: null,
    feedbackAt: null,
    rating: null,
    ratingComment: null,
    slaStage: 0,
    hasJudicialConfirmation: false,
    ...over,
  }
}

// A valid command of each kind, with the actor allowed to issue it and the ticket details that make it valid
// where the command needs them (feedback not yet given, 3 days waited, a mediated outcome, …).
const CASES: Record<CommandType, { cmd: TicketCommand; actor: Actor; over: Partial<TicketSnapshot> }> = {
  dispatch: { cmd: { type: 'dispatch', bodyId: 11 }, actor: leader, over: { bodyId: null } },
  accept: { cmd: { type: 'accept' }, actor: handler, over: {} },
  reply: { cmd: { type: 'reply', text: '您好，我们已联系对方，约定周三上午调解。' }, actor: handler, over: {} },
  transfer: { cmd: { type: 'transfer', bodyId: 12, reason: '属于物业纠纷，归口物业调解室' }, actor: handler, over: {} },
  resolve: { cmd: { type: 'resolve', outcome: 'answered', note: '已电话答复' }, actor: handler, over: {} },
  feedback: { cmd: { type: 'feedback', note: '电话告知' }, actor: handler, over: { feedbackAt: null, outcome: 'answered' } },
  rate: { cmd: { type: 'rate', rating: 5 }, actor: citizen, over: { feedbackAt: new Date(NOW.getTime() - DAY), outcome: 'answered' } },
  reopen: { cmd: { type: 'reopen', reason: '协议未履行，院领导要求重新办理' }, actor: leader, over: { outcome: 'answered' } },
  archive: { cmd: { type: 'archive' }, actor: handler, over: { feedbackAt: new Date(NOW.getTime() - 4 * DAY), outcome: 'answered' } },
  'judicial-confirmation': { cmd: { type: 'judicial-confirmation' }, actor: handler, over: { outcome: 'mediated' } },
}

// Expected next state per (state, command); absent = refused. Written out by hand from the workflow rules.
const NEXT: Record<TicketState, Partial<Record<CommandType, TicketState>>> = {
  待派单: { dispatch: '已派单' },
  已派单: { accept: '已接单', transfer: '已转办' },
  已接单: { reply: '办理中', transfer: '已转办', resolve: '已办结' },
  办理中: { reply: '办理中', transfer: '已转办', resolve: '已办结' },
  已转办: { accept: '已接单', transfer: '已转办' },
  已办结: { feedback: '已办结', rate: '已归档', reopen: '重新办理', archive: '已归档', 'judicial-confirmation': '已办结' },
  重新办理: { accept: '已接单', reply: '办理中', transfer: '已转办', resolve: '已办结' },
  已归档: { reopen: '重新办理', 'judicial-confirmation': '已归档' },
}
const EVENT_ACTION: Record<CommandType, string> = {
  dispatch: 'dispatched',
  accept: 'accepted',
  reply: 'replied',
  transfer: 'transferred',
  resolve: 'resolved',
  feedback: 'feedback',
  rate: 'rated',
  reopen: 'reopened',
  archive: 'archived',
  'judicial-confirmation': 'judicial_confirmation_requested',
}

describe('ticket state machine: every (state, command) pair', () => {
  it('knows exactly the statuses the schema stores', () => {
    expect([...TICKET_STATES].sort()).toEqual([...TICKET_STATUSES].sort())
  })

  for (const state of TICKET_STATES) {
    for (const type of Object.keys(CASES) as CommandType[]) {
      const c = CASES[type]
      const expected = NEXT[state][type]
      it(`${state} + ${type} → ${expected ?? 'refused'}`, () => {
        const r = transition(snap(state, c.over), c.cmd, c.actor, NOW)
        if (expected === undefined) {
          expect(r.ok).toBe(false)
          if (!r.ok) {
            expect(r.code).toBe('TRANSITION_FORBIDDEN')
            expect(r.reason).toContain(state)
          }
        } else {
          expect(r.ok).toBe(true)
          if (r.ok) {
            expect(r.patch.status ?? state).toBe(expected)
            expect(r.event.action).toBe(EVENT_ACTION[type])
            expect(r.event.fromStatus).toBe(state)
            expect(r.event.toStatus).toBe(expected)
          }
        }
      })
    }
  }
})

describe('ticket state machine: rules', () => {
  it('首问负责: the first unit to accept becomes the owner and keeps it on a later accept', () => {
    const r = transition(snap('已派单'), { type: 'accept' }, handler, NOW)
    expect(r.ok && r.patch).toMatchObject({ ownerBodyId: 10, handlerId: 7, acceptedAt: NOW })
    const again = transition(snap('重新办理', { ownerBodyId: 5 }), { type: 'accept' }, handler, NOW)
    expect(again.ok && again.patch.ownerBodyId).toBe(5)
  })

  it('a transfer needs a reason, moves the ticket, releases the owner and counts', () => {
    const noReason = transition(snap('已接单'), { type: 'transfer', bodyId: 12, reason: '  ' }, handler, NOW)
    expect(noReason).toMatchObject({ ok: false, code: 'BAD_INPUT' })
    const same = transition(snap('已接单'), { type: 'transfer', bodyId: 10, reason: '试试' }, handler, NOW)
    expect(same).toMatchObject({ ok: false, code: 'BAD_INPUT' })
    const r = transition(snap('已接单', { ownerBodyId: 10, handlerId: 7, transferCount: 1 }), CASES.transfer.cmd, handler, NOW)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.patch).toMatchObject({ bodyId: 12, ownerBodyId: null, handlerId: null, transferCount: 2 })
    expect(r.event.reason).toBe('属于物业纠纷，归口物业调解室')
    expect(r.effects).toContainEqual({ kind: 'notify-unit', notice: 'transferred' })
    expect(r.effects).toContainEqual({ kind: 'notify-citizen', notice: 'transferred' })
  })

  it('after 3 transfers a unit may not transfer again; the duty leader may', () => {
    const t = snap('已转办', { transferCount: 3 })
    const r = transition(t, CASES.transfer.cmd, handler, NOW)
    expect(r).toMatchObject({ ok: false, code: 'TRANSITION_FORBIDDEN' })
    expect(!r.ok && r.reason).toContain('值班领导')
    expect(transition(t, CASES.transfer.cmd, leader, NOW).ok).toBe(true)
    // the limit is policy, not a constant
    const strict = { maxTransfers: 1, ratingTimeoutMs: 3 * DAY, lowRatingMax: 2 }
    expect(transition(snap('已转办', { transferCount: 1 }), CASES.transfer.cmd, handler, NOW, strict).ok).toBe(false)
  })

  it('resolve outcomes: rejected needs a reason; mediation_failed creates a linked 立案 ticket', () => {
    expect(transition(snap('办理中'), { type: 'resolve', outcome: 'rejected' }, handler, NOW)).toMatchObject({ ok: false, code: 'BAD_INPUT' })
    const rej = transition(snap('办理中'), { type: 'resolve', outcome: 'rejected', note: '属于行政复议事项' }, handler, NOW)
    expect(rej.ok && rej.event.reason).toBe('属于行政复议事项')
    const failed = transition(snap('办理中'), { type: 'resolve', outcome: 'mediation_failed', note: '对方拒绝调解' }, handler, NOW)
    expect(failed.ok && failed.effects).toContainEqual({ kind: 'create-linked-ticket', purpose: 'filing' })
    expect(failed.ok && failed.effects).toContainEqual({ kind: 'notify-citizen', notice: 'resolved_mediation_failed', note: '对方拒绝调解' })
    const med = transition(snap('办理中'), { type: 'resolve', outcome: 'mediated' }, handler, NOW)
    expect(med.ok && med.effects.some((e) => e.kind === 'create-linked-ticket')).toBe(false)
    expect(med.ok && med.patch).toMatchObject({ outcome: 'mediated', resolvedAt: NOW, feedbackAt: NOW })
  })

  it('办结反馈: pushed with the resolve notice for citizens on a channel; by hand for staff-entered tickets', () => {
    const pushed = transition(snap('办理中'), CASES.resolve.cmd, handler, NOW)
    expect(pushed.ok && pushed.effects).toContainEqual({ kind: 'schedule-rating-timeout', delayMs: 3 * DAY })
    const offline = transition(snap('办理中', { citizenId: null }), CASES.resolve.cmd, handler, NOW)
    expect(offline.ok && offline.patch.feedbackAt).toBeNull()
    expect(offline.ok && offline.effects.some((e) => e.kind === 'notify-citizen')).toBe(false)
    const fb = transition(snap('已办结', { citizenId: null }), { type: 'feedback' }, handler, NOW)
    expect(fb.ok && fb.patch.feedbackAt).toEqual(NOW)
    expect(transition(snap('已办结', { feedbackAt: NOW }), { type: 'feedback' }, handler, NOW).ok).toBe(false)
  })

  it('archive only after feedback and a rating or 3 days without one (未评价)', () => {
    const told = new Date(NOW.getTime() - 2 * DAY)
    expect(transition(snap('已办结'), { type: 'archive' }, handler, NOW).ok).toBe(false)
    expect(transition(snap('已办结', { feedbackAt: told }), { type: 'archive' }, handler, NOW).ok).toBe(false)
    const rated = transition(snap('已办结', { feedbackAt: told, rating: 4 }), { type: 'archive' }, handler, NOW)
    expect(rated.ok && rated.event.data).toEqual({ unrated: false })
    const timeout = transition(snap('已办结', { feedbackAt: new Date(NOW.getTime() - 3 * DAY) }), { type: 'archive' }, { type: 'system' }, NOW)
    expect(timeout.ok && timeout.event.note).toBe('未评价')
  })

  it('a low rating reopens to the owning unit; a good one archives', () => {
    const t = snap('已办结', { bodyId: 12, ownerBodyId: 10, feedbackAt: NOW, outcome: 'answered' })
    const low = transition(t, { type: 'rate', rating: 2, comment: '没解决' }, citizen, NOW)
    expect(low.ok && low.patch).toMatchObject({ status: '重新办理', bodyId: 10, rating: 2, outcome: null, feedbackAt: null })
    expect(low.ok && low.effects).toContainEqual({ kind: 'notify-unit', notice: 'rating_low' })
    const good = transition(t, { type: 'rate', rating: 4 }, citizen, NOW)
    expect(good.ok && good.patch).toMatchObject({ status: '已归档', rating: 4 })
    expect(transition(t, { type: 'rate', rating: 6 }, citizen, NOW)).toMatchObject({ ok: false, code: 'BAD_INPUT' })
    expect(transition(snap('已办结'), { type: 'rate', rating: 5 }, citizen, NOW).ok).toBe(false)
    expect(transition({ ...t, rating: 5 }, { type: 'rate', rating: 5 }, citizen, NOW).ok).toBe(false)
  })

  it('a re-resolved ticket can be rated again', () => {
    const r = transition(snap('重新办理', { rating: 2 }), CASES.resolve.cmd, handler, NOW)
    expect(r.ok && r.patch.rating).toBeNull()
  })

  it('司法确认 only from a mediated ticket and only once', () => {
    const ok = transition(snap('已办结', { outcome: 'mediated' }), { type: 'judicial-confirmation' }, handler, NOW)
    expect(ok.ok && ok.effects).toContainEqual({ kind: 'create-linked-ticket', purpose: 'judicial_confirmation' })
    expect(transition(snap('已办结', { outcome: 'answered' }), { type: 'judicial-confirmation' }, handler, NOW).ok).toBe(false)
    expect(
      transition(snap('已办结', { outcome: 'mediated', hasJudicialConfirmation: true }), { type: 'judicial-confirmation' }, handler, NOW).ok,
    ).toBe(false)
  })

  it('roles: handlers cannot reopen or dispatch; unit leaders can reopen; citizens only rate; kb editors nothing', () => {
    const done = snap('已办结', { outcome: 'answered' })
    expect(transition(done, CASES.reopen.cmd, handler, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(transition(done, CASES.reopen.cmd, unitLeader, NOW).ok).toBe(true)
    expect(transition(snap('待派单'), CASES.dispatch.cmd, handler, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(transition(snap('已派单'), { type: 'accept' }, citizen, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(transition(done, { type: 'rate', rating: 5 }, handler, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const editor: Actor = { type: 'user', id: 3, role: 'kb_editor', bodyId: null }
    for (const type of Object.keys(CASES) as CommandType[]) {
      expect(transition(snap('已派单'), CASES[type].cmd, editor, NOW).ok).toBe(false)
    }
  })

  it('reply text is required and relayed trimmed', () => {
    expect(transition(snap('已接单'), { type: 'reply', text: ' ' }, handler, NOW)).toMatchObject({ ok: false, code: 'BAD_INPUT' })
    const r = transition(snap('已接单'), { type: 'reply', text: '  明天上午九点调解 ' }, handler, NOW)
    expect(r.ok && r.effects).toEqual([{ kind: 'relay-reply', text: '明天上午九点调解' }])
  })
})
