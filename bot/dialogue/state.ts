// Dialogue state, persisted per citizen (conversations.state) so a restart loses nothing.
import type { Domain, Intent } from '../../core/labels.js'

export type IntakeStep = 'facts' | 'place' | 'phone' | 'consent' | 'confirm'

export interface IntakeDraft {
  intent: Intent
  domain: Domain
  risk: boolean
  facts: string
  regionId: number | null
  /** where, as the citizen said it (or 不清楚) */
  place: string | null
  /** null: not asked yet; '' : declined */
  phone: string | null
  consent: boolean
  amount: number | null
  /** makes ticket creation idempotent: a repeated 确认 finds the ticket made the first time */
  key: string
}

export type DialogueState =
  | { mode: 'idle'; lastText?: string; lastIntent?: Intent; lastDomain?: Domain }
  | { mode: 'menu'; options: Intent[]; text: string; domain: Domain }
  | { mode: 'offer'; intent: Intent; domain: Domain; text: string }
  | { mode: 'intake'; step: IntakeStep; draft: IntakeDraft }

export const IDLE: DialogueState = { mode: 'idle' }

export function parseState(raw: Record<string, unknown> | undefined): DialogueState {
  const mode = raw?.mode
  if (mode === 'menu' || mode === 'offer' || mode === 'intake' || mode === 'idle') return raw as unknown as DialogueState
  return IDLE
}
