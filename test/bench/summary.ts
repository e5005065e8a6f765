// The end of `npm run bench`: the figures of the SQLite pass and of the PostgreSQL pass (run.ts), side by side.
import type { Backend, Figures, SweepFigures, WebhookFigures } from './backend.js'

const LABEL: Record<Backend, string> = { sqlite: 'SQLite', pg: 'PostgreSQL' }

function table(head: string[], rows: string[][], right: boolean[]): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const cell = (s: string, i: number) => (right[i] ? s.padStart(w[i]!) : s.padEnd(w[i]!))
  const line = (r: string[]) => `  ${r.map(cell).join('  ')}`.trimEnd()
  return [line(head), `  ${w.map((n) => '-'.repeat(n)).join('  ')}`, ...rows.map(line)]
}

const f0 = (x: number) => x.toFixed(0)
const ratio = (a: number, b: number) => (b > 0 ? `×${(a / b).toFixed(2)}` : 'n/a')

export function summary(all: Figures[], o: { loadAtStart: number; loadAtEnd: number; pgSkipped: string | null }): string[] {
  const out: string[] = []
  if (o.pgSkipped) out.push(`PostgreSQL pass skipped: nothing answers at ${o.pgSkipped}; SQLite figures only`, '')
  const which = (fs: { backend: Backend }[]) => [...new Set(fs.map((f) => LABEL[f.backend]))].join(' and ')
  const hooks = all.filter((f): f is WebhookFigures => f.bench === 'webhook')
  if (hooks.length) {
    const order = (f: WebhookFigures) => (f.scenario === 'real' ? 0 : 2) + (f.backend === 'sqlite' ? 0 : 1)
    hooks.sort((a, b) => order(a) - order(b))
    out.push(`== webhook on ${which(hooks)} (fixed-rate phase; load average ${o.loadAtStart.toFixed(2)} at the start of the run, ${o.loadAtEnd.toFixed(2)} at the end, 2 shared cores)`)
    out.push(
      ...table(
        ['backend', 'dialogue', 'offered', 'achieved', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'passive ≤ budget', 'CPU node', 'CPU pg', 'RSS MB', 'sat req/s'],
        hooks.map((f) => [
          LABEL[f.backend],
          f.kind.startsWith('STUB') ? 'real→STUB' : f.scenario,
          `${f.offered}/s`,
          `${f0(f.requests / f.seconds)}/s`,
          f0(f.p50),
          f0(f.p99),
          f0(f.max),
          String(f.non2xx + f.errors + f.timeouts),
          `${f.passive}/${f.claimed}${f.deferred ? ` (${f.deferred} deferred)` : ''}`,
          `${f0(f.cpuPct)}%`,
          f.pg?.backendCpuPct == null ? '—' : `${f0(f.pg.backendCpuPct)}%`,
          f0(f.rssPeakMb),
          f0(f.satRps),
        ]),
        [false, false, true, true, true, true, true, true, true, true, true, true, true],
      ),
    )
    out.push(`  errors = non-2xx + socket errors + timeouts; passive ≤ budget = deliveries claimed in the phase that were answered by the HTTP reply within the ${hooks[0]!.budgetMs} ms reply budget (the rest go out via the 客服 API); CPU as % of one core`)
    const short = hooks.filter((f) => f.requests / f.seconds < f.offered * 0.95)
    if (short.length)
      out.push(
        `  offered rate not held by: ${short.map((f) => `${LABEL[f.backend]} ${f.scenario} (${f0(f.requests / f.seconds)}/s)`).join(', ')} — the load generator's ${short[0]!.connections} connections (WEBHOOK_BENCH_CONNECTIONS) ` +
          `were all waiting for replies, so the requests it never sent have no latency (coordinated omission): those p50/p99 understate the delay at the offered rate`,
      )
    const pick = (s: WebhookFigures['scenario'], b: Backend) => hooks.find((f) => f.scenario === s && f.backend === b)
    const ratios = (['real', 'stub'] as const)
      .map((s) => {
        const l = pick(s, 'sqlite')
        const p = pick(s, 'pg')
        return l && p ? `${s} dialogue ${ratio(p.p99, l.p99)} (p50 ${ratio(p.p50, l.p50)})` : null
      })
      .filter((x) => x !== null)
    if (ratios.length) out.push(`  p99 PostgreSQL/SQLite: ${ratios.join('; ')}${short.length ? ' (read with the line above)' : ''}`)
    const sat = (['real', 'stub'] as const)
      .map((s) => {
        const l = pick(s, 'sqlite')
        const p = pick(s, 'pg')
        return l && p ? `${s} dialogue ${ratio(p.satRps, l.satRps)}` : null
      })
      .filter((x) => x !== null)
    if (sat.length) out.push(`  saturated throughput PostgreSQL/SQLite: ${sat.join('; ')}`)
    const real = pick('real', 'sqlite')
    if (real) {
      const stub = real.kind.startsWith('STUB')
      out.push(
        `  SQLite target, real-dialogue p99 ≤ 50 ms at ${real.offered} msg/s: ${!stub && real.p99 <= 50 ? 'PASS' : 'MISS'} (p99 ${real.p99} ms` +
          `${real.requests / real.seconds < real.offered * 0.95 ? `, and only ${f0(real.requests / real.seconds)} msg/s achieved` : ''}${stub ? '; the real runtime did not load' : ''})`,
      )
    }
    for (const f of hooks) {
      if (!f.pg) continue
      const r = f.pg
      const cap = (r.pool.max * 1000) / Math.max(0.001, r.pool.holdMsPerTurn)
      out.push(
        `  PostgreSQL, ${f.scenario} dialogue, where the time goes: ${r.statementsPerTurn.toFixed(1)} statements in ${r.transactionsPerTurn.toFixed(1)} transactions per delivery ` +
          `(${r.explicitTxPerTurn.toFixed(1)} BEGIN…COMMIT; round trip ${r.statementMeanMs.toFixed(1)} ms, COMMIT ${r.commitMeanMs.toFixed(1)} ms); a pooled connection held ` +
          `${r.pool.holdMsPerTurn.toFixed(0)} ms per delivery, so the pool of ${r.pool.max} caps at ≈ ${cap.toFixed(0)} deliveries/s ` +
          `(${f0(f.requests / f.seconds)}/s achieved); checkout wait mean ${r.pool.waitMeanMs.toFixed(0)} ms, p99 ${r.pool.waitP99Ms.toFixed(0)} ms, up to ${r.pool.maxWaiting} queued; ` +
          `event-loop delay p99 ${f.loopP99Ms.toFixed(0)} ms`,
      )
    }
  }

  const sweeps = all.filter((f): f is SweepFigures => f.bench === 'sweep').sort((a, b) => (a.backend === 'sqlite' ? -1 : 1) - (b.backend === 'sqlite' ? -1 : 1))
  if (sweeps.length) {
    out.push('', `== sla sweep on ${which(sweeps)}`)
    out.push(
      ...table(
        ['backend', 'tickets', 'insert s', 'candidates', 'first sweep ms', 'stages fired', 'steady sweeps ms', 'steady tickets/s'],
        sweeps.map((s) => [
          LABEL[s.backend],
          s.n.toLocaleString('en'),
          s.insertS.toFixed(1),
          String(s.candidates),
          f0(s.firstMs),
          String(s.firstFired),
          s.steadyMs.map(f0).join(', '),
          Math.round((s.n / Math.max(0.001, s.steadyMs[s.steadyMs.length - 1] ?? 0)) * 1000).toLocaleString('en'),
        ]),
        [false, true, true, true, true, true, false, true],
      ),
    )
    if (sweeps.length === 2 && sweeps[0]!.n !== sweeps[1]!.n) out.push('  (different ticket counts: compare per-ticket rates and the first sweep per stage fired, not totals)')
  }
  return out
}
