// 我的工单 / 查询 SY-…: a citizen sees only their own tickets.
import { and, desc, eq, isNull } from 'drizzle-orm'
import { first } from '../../db/query.js'
import type { CitizenRow } from '../../db/repositories/citizens.js'
import { getTicketByNumber, ticketsOfCitizen, type TicketRow } from '../../db/repositories/tickets.js'
import { bodies, tickets } from '../../db/schema/index.js'
import { NEXT_STEP, S } from '../../strings/dialogue.js'
import type { DialogueDeps } from './deps.js'

async function line(deps: DialogueDeps, t: TicketRow): Promise<string> {
  const body = t.bodyId ? await first(deps.db.select().from(bodies).where(eq(bodies.id, t.bodyId))) : undefined
  return S.ticketLine({
    number: t.number,
    status: t.status,
    body: body?.name ?? '诉讼服务中心',
    next: NEXT_STEP[t.status] ?? '',
  })
}

export async function statusReply(deps: DialogueDeps, citizen: CitizenRow, number: string | null): Promise<string> {
  if (number) {
    const t = await getTicketByNumber(deps.db, deps.courtId, number)
    // the same answer whether it does not exist or is someone else's: no existence leak
    if (!t || t.citizenId !== citizen.id) return S.ticketNotYours
    return line(deps, t)
  }
  const mine = await ticketsOfCitizen(deps.db, citizen.id, 5)
  if (mine.length === 0) return S.noTickets
  return [S.ticketListIntro, ...(await Promise.all(mine.map((t) => line(deps, t))))].join('\n')
}

/** The citizen's most recent resolved ticket that still waits for a rating. */
export function awaitingRating(deps: DialogueDeps, citizen: CitizenRow): Promise<TicketRow | undefined> {
  return first(
    deps.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.citizenId, citizen.id), eq(tickets.status, '已办结'), isNull(tickets.rating)))
      .orderBy(desc(tickets.id))
      .limit(1),
  )
}
