// Routing throughput over the demo directory: 200k mixed requests through the pure router.
import { DOMAINS, INTENTS, type Domain, type Intent } from '../../core/labels.js'
import { route, type RouteRequest } from '../../core/router.js'
import { openDb } from '../../db/client.js'
import { loadDirectory } from '../../db/repositories/directory.js'
import { courts } from '../../db/schema/index.js'
import { seedDirectory } from '../../db/seed/directory.js'

const N = 200_000

export default async function bench(): Promise<string[]> {
  const h = openDb(':memory:')
  try {
    const court = (await h.db.insert(courts).values({ code: 'demo', name: '示例县人民法院' }).returning())[0]!
    await seedDirectory(h.db, court.id)
    const dir = await loadDirectory(h.db, court.id)
    const regionIds = [null, ...dir.regions.map((r) => r.id)]
    const texts = ['', '我想申请法律援助', '对处罚决定不服想申请复议', '邻居家的树挡了我家的光']
    // deterministic mix: every intent × domain, regions incl. none, some risk, some amounts
    let seed = 42
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    const reqs: RouteRequest[] = Array.from({ length: 4096 }, () => ({
      intent: INTENTS[rand(INTENTS.length)] as Intent,
      domain: DOMAINS[rand(DOMAINS.length)] as Domain,
      regionId: regionIds[rand(regionIds.length)] ?? null,
      risk: rand(20) === 0,
      amount: rand(3) === 0 ? null : rand(200) * 1000,
      text: texts[rand(texts.length)],
    }))
    for (let i = 0; i < 20_000; i++) route(reqs[i & 4095]!, dir) // warm-up
    const kinds = { ticket: 0, referral: 0, fastTrack: 0 }
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < N; i++) {
      const d = route(reqs[i & 4095]!, dir)
      if (d.kind === 'ticket') {
        kinds.ticket++
        if (d.fastTrack) kinds.fastTrack++
      } else kinds.referral++
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    return [
      `routing: ${N.toLocaleString('en')} decisions in ${ms.toFixed(1)} ms → ${Math.round((N / ms) * 1000).toLocaleString('en')} decisions/s (${((ms * 1000) / N).toFixed(2)} µs each)`,
      `routing: directory ${dir.regions.length} regions, ${dir.bodies.length} bodies, ${dir.rules.length} rules; mix → ${kinds.ticket} tickets (${kinds.fastTrack} fast-track), ${kinds.referral} referrals`,
    ]
  } finally {
    h.close()
  }
}
