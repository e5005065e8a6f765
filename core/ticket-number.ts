// Ticket numbers look like SY-2026-000123: prefix, year, a per-court-and-year sequence.

export const TICKET_NUMBER_RE = /SY-(\d{4})-(\d{6})/i

export function formatTicketNumber(year: number, seq: number): string {
  return `SY-${year}-${String(seq).padStart(6, '0')}`
}

/** Finds a ticket number in a citizen's text (any case, full-width dash tolerated). */
export function findTicketNumber(text: string): string | null {
  const m = text.replace(/[－—–]/g, '-').match(TICKET_NUMBER_RE)
  return m ? formatTicketNumber(Number(m[1]), Number(m[2])) : null
}
