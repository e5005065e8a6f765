// npm run eval: every figure the team is held to, in one run. Trains only on nlp/corpus/train + KB example
// questions; evaluates on our dev sets (never trained on) and on public data we never train on.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { loadConfig } from '../../core/config.js'
import { sharedDataDir } from '../../core/shared-dir.js'
import { DOMAINS, INTENTS, type Domain, type Intent } from '../../core/labels.js'
import { loadTrainingData, readJsonl } from '../corpus.js'
import { loadClassifier } from '../index.js'
import { normalize } from '../normalize.js'
import { processNodeNlp, trainNodeNlp } from '../model/nodenlp.js'
import { DOMAIN_KEYWORDS, INTENT_KEYWORDS, keywordRank } from './keywords.js'
import { fmt, percentile, report, type Report } from './metrics.js'

// node-nlp prints "Compiling dictionary" on console.log; the report is ours.
const print = console.log.bind(console)
console.log = (...a: unknown[]) => console.error(...a)

const HERE = fileURLToPath(new URL('.', import.meta.url))
const DEV = join(HERE, '..', 'corpus', 'dev')
const SHARED = sharedDataDir()
const CRIMEKG = join(SHARED, 'crimekg-lawbench-2-4', 'questions.jsonl')

/** CrimeKG's 20 labels → ours (as the issue states). */
const CRIMEKG_MAP: Record<string, Domain> = {
  婚姻家庭: 'marriage_family', 劳动纠纷: 'labor', 交通事故: 'traffic', 债权债务: 'lending', 抵押担保: 'lending',
  刑事辩护: 'criminal', 合同纠纷: 'contract', 建设工程: 'contract', 房产纠纷: 'housing', 侵权: 'personal_injury',
  人身损害: 'personal_injury', 公司法: 'company', 知识产权: 'ip', 医疗纠纷: 'medical', 拆迁安置: 'land',
  行政诉讼: 'administrative', 消费权益: 'consumer', 综合咨询: 'other', 涉外法律: 'other', 海事海商: 'other',
}
/**
 * Our labels collapsed before scoring, only where ours is strictly finer than theirs: 拖欠工资 is a kind of
 * 劳动纠纷, and their 婚姻家庭 covers 继承. NOT collapsed: property_mgmt (their 物业 questions sit under 消费权益
 * as often as 房产纠纷, so it is not a subset of either), neighbor, and everything else.
 */
const COLLAPSE: Partial<Record<Domain, Domain>> = { wage_arrears: 'labor', inheritance: 'marriage_family' }
const collapse = (d: string): string => COLLAPSE[d as Domain] ?? d

interface System {
  name: string
  intent(text: string): Promise<string>
  domain(text: string): Promise<string>
}

function printReport(title: string, r: Report, detail: boolean): void {
  print(`\n## ${title}: n=${r.n} accuracy=${fmt(r.accuracy)} macro-F1=${fmt(r.macroF1)}`)
  if (!detail) return
  print('label            P      R      F1     n')
  for (const s of r.perLabel) {
    if (s.support === 0 && s.precision === 0) continue
    print(`${s.label.padEnd(16)} ${fmt(s.precision)}  ${fmt(s.recall)}  ${fmt(s.f1)}  ${s.support}`)
  }
  const top = r.confusions.slice(0, 8)
  if (top.length) print(`top confusions (gold → predicted): ${top.map((c) => `${c.gold}→${c.predicted}×${c.count}`).join(', ')}`)
}

async function score(
  sys: System,
  sets: { intent: { text: string; intent: string }[]; domain: { text: string; domain: string }[]; crimekg: { text: string; label: string }[] },
): Promise<{ intent: Report; domain: Report; crimekg: Report; crimekgBySection: Map<string, { ok: number; n: number; wrong: Map<string, number> }> }> {
  const ip: { gold: string; predicted: string }[] = []
  for (const e of sets.intent) ip.push({ gold: e.intent, predicted: await sys.intent(e.text) })
  const dp: { gold: string; predicted: string }[] = []
  for (const e of sets.domain) dp.push({ gold: e.domain, predicted: await sys.domain(e.text) })
  const cp: { gold: string; predicted: string }[] = []
  // Per CrimeKG section (their label, before mapping): how many we get right and what we say instead.
  const bySection = new Map<string, { ok: number; n: number; wrong: Map<string, number> }>()
  for (const e of sets.crimekg) {
    const gold = CRIMEKG_MAP[e.label]
    if (!gold) continue
    const predicted = collapse(await sys.domain(e.text))
    cp.push({ gold, predicted })
    const s = bySection.get(e.label) ?? { ok: 0, n: 0, wrong: new Map<string, number>() }
    s.n++
    if (predicted === gold) s.ok++
    else s.wrong.set(predicted, (s.wrong.get(predicted) ?? 0) + 1)
    bySection.set(e.label, s)
  }
  return { intent: report(ip, INTENTS), domain: report(dp, DOMAINS), crimekg: report(cp), crimekgBySection: bySection }
}

async function main(): Promise<void> {
  const config = loadConfig(process.env)
  const t0 = performance.now()
  const classifier = await loadClassifier({ modelDir: config.modelDir, thresholds: config.nlp, log: (m) => console.error(m) })
  print(`# suyuan nlp eval (model loaded/trained in ${Math.round(performance.now() - t0)} ms)`)

  const intentDev = readJsonl<{ text: string; intent: string }>(join(DEV, 'intent.jsonl'))
  const domainDev = readJsonl<{ text: string; domain: string }>(join(DEV, 'domain.jsonl'))
  const riskDev = readJsonl<{ text: string; risk: boolean }>(join(DEV, 'risk.jsonl'))
  const crimekg = existsSync(CRIMEKG) ? readJsonl<{ text: string; label: string }>(CRIMEKG) : []
  if (!domainDev.length) print('(nlp/corpus/dev/domain.jsonl missing or empty: domain dev figures skipped)')
  if (!crimekg.length) print(`(${CRIMEKG} missing: crimekg figures skipped)`)
  const sets = { intent: intentDev, domain: domainDev, crimekg }

  // --- ours
  const ours: System = {
    name: 'suyuan (jieba node-nlp + logreg + NB domains)',
    intent: async (t) => classifier.analyze(t).intent,
    domain: async (t) => classifier.analyze(t).domain,
  }
  const o = await score(ours, sets)
  printReport('intent, our dev set', o.intent, true)
  if (domainDev.length) printReport('domain, our dev set', o.domain, true)

  // --- risk
  const riskPairs = riskDev.map((e) => ({ e, got: classifier.analyze(e.text) }))
  const tp = riskPairs.filter((p) => p.e.risk && p.got.risk).length
  const fpos = riskPairs.filter((p) => !p.e.risk && p.got.risk)
  const missed = riskPairs.filter((p) => p.e.risk && !p.got.risk)
  const nRisk = riskDev.filter((e) => e.risk).length
  print(`\n## risk, our dev set: n=${riskDev.length} (${nRisk} risk) recall=${fmt(nRisk ? tp / nRisk : NaN)} precision=${fmt(tp + fpos.length ? tp / (tp + fpos.length) : NaN)}`)
  for (const m of missed) print(`  MISSED: ${m.e.text}`)
  for (const f of fpos) print(`  false alarm: ${f.e.text} [${f.got.riskKinds.join(',')}]`)

  // --- dev (voices): our second dev set, written in voices unlike the training (elderly rural, voice-to-text,
  // young slang, long stories, migrant workers), before any tuning. Never trained on.
  const voices = readJsonl<{ text: string; intent: string; domain: string; risk: string }>(join(DEV, 'voices.jsonl'))
  let voicesSummary: { intent: number; domainF1: number; recall: number; precision: number } | null = null
  if (voices.length) {
    const got = voices.map((e) => ({ e, a: classifier.analyze(e.text) }))
    const vi = report(got.map((g) => ({ gold: g.e.intent, predicted: g.a.intent })), INTENTS)
    const vd = report(got.map((g) => ({ gold: g.e.domain, predicted: g.a.domain })), DOMAINS)
    printReport('intent, dev (voices)', vi, true)
    printReport('domain, dev (voices)', vd, true)
    const gold = got.filter((g) => g.e.risk !== 'none')
    const flagged = got.filter((g) => g.a.risk)
    const vtp = gold.filter((g) => g.a.risk).length
    const recall = gold.length ? vtp / gold.length : NaN
    const precision = flagged.length ? flagged.filter((g) => g.e.risk !== 'none').length / flagged.length : NaN
    print(`\n## risk, dev (voices): n=${voices.length} (${gold.length} risk) recall=${fmt(recall)} precision=${fmt(precision)}`)
    const kinds = [...new Set(gold.map((g) => g.e.risk))]
    print(
      `per-kind recall (gold kind among the kinds found): ${kinds
        .map((k) => {
          const of = gold.filter((g) => g.e.risk === k)
          return `${k} ${of.filter((g) => (g.a.riskKinds as string[]).includes(k)).length}/${of.length}`
        })
        .join(', ')}`,
    )
    for (const g of gold.filter((g) => !g.a.risk)) print(`  MISSED [${g.e.risk}]: ${g.e.text}`)
    for (const g of gold.filter((g) => g.a.risk && !(g.a.riskKinds as string[]).includes(g.e.risk)))
      print(`  wrong kind [${g.e.risk} → ${g.a.riskKinds.join(',')}]: ${g.e.text}`)
    for (const g of flagged.filter((g) => g.e.risk === 'none')) print(`  false alarm: ${g.e.text} [${g.a.riskKinds.join(',')}]`)
    voicesSummary = { intent: vi.accuracy, domainF1: vd.macroF1, recall, precision }
  } else print('\n(nlp/corpus/dev/voices.jsonl missing: dev (voices) figures skipped)')

  // --- blind: 460 messages in seven voices written by someone who never saw our training data or KB
  // (nlp/eval/blind/README.md). Reported as totals only: no message and no error is printed, so nobody tunes on it.
  const BLIND = join(HERE, 'blind')
  // SUYUAN_EVAL_NO_BLIND=1 while tuning: even totals read again and again become a target
  const blind = existsSync(BLIND) && process.env.SUYUAN_EVAL_NO_BLIND !== '1'
    ? readdirSync(BLIND)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
        .flatMap((f) => readJsonl<{ text: string; intent: string; domain: string; risk: string; voice: string }>(join(BLIND, f)))
    : []
  let blindSummary: { intent: number; domainF1: number; recall: number; precision: number } | null = null
  if (blind.length) {
    const got = blind.map((e) => ({ e, a: classifier.analyze(e.text) }))
    const bi = report(got.map((g) => ({ gold: g.e.intent, predicted: g.a.intent })), INTENTS)
    const bd = report(got.map((g) => ({ gold: g.e.domain, predicted: g.a.domain })), DOMAINS)
    const gold = got.filter((g) => g.e.risk !== 'none')
    const flagged = got.filter((g) => g.a.risk)
    const recall = gold.length ? gold.filter((g) => g.a.risk).length / gold.length : NaN
    const precision = flagged.length ? flagged.filter((g) => g.e.risk !== 'none').length / flagged.length : NaN
    print(`\n## BLIND (never read, never tuned on): n=${blind.length}`)
    print(`intent accuracy=${fmt(bi.accuracy)}  domain macro-F1=${fmt(bd.macroF1)}  risk recall=${fmt(recall)} precision=${fmt(precision)} (${gold.length} risk)`)
    const kinds = [...new Set(gold.map((g) => g.e.risk))].sort()
    print(`per-kind: ${kinds.map((k) => { const of = gold.filter((g) => g.e.risk === k); return `${k} flagged ${of.filter((g) => g.a.risk).length}/${of.length}, right kind ${of.filter((g) => (g.a.riskKinds as string[]).includes(k)).length}` }).join('; ')}`)
    const voicesB = [...new Set(blind.map((e) => e.voice))].sort()
    print(`intent accuracy per voice: ${voicesB.map((v) => { const of = got.filter((g) => g.e.voice === v); return `${v} ${fmt(of.filter((g) => g.a.intent === g.e.intent).length / of.length)}` }).join(', ')}`)
    print(`intent recall per label: ${bi.perLabel.filter((l) => l.support > 0).map((l) => `${l.label} ${fmt(l.recall)}`).join(', ')}`)
    blindSummary = { intent: bi.accuracy, domainF1: bd.macroF1, recall, precision }
  } else print('\n(nlp/eval/blind missing: blind figures skipped)')

  // --- crimekg
  if (crimekg.length) {
    print('\n## crimekg-lawbench-2-4 mapped domain accuracy (never trained on; GPT-4 zero-shot reference 0.477)')
    print(`mapping: ${Object.entries(CRIMEKG_MAP).map(([k, v]) => `${k}→${v}`).join(' ')}`)
    print(`collapsed predictions: ${Object.entries(COLLAPSE).map(([k, v]) => `${k}→${v}`).join(' ')} (property_mgmt, neighbor: not collapsed)`)
    printReport('crimekg, ours', o.crimekg, false)
    print('per section (correct/n; wrong predictions):')
    for (const [label, s] of [...o.crimekgBySection].sort((a, b) => b[1].ok / b[1].n - a[1].ok / a[1].n)) {
      const wrong = [...s.wrong].sort((a, b) => b[1] - a[1]).map(([d, c]) => `${d}×${c}`).join(' ')
      print(`  ${label.padEnd(6, '\u3000')} ${String(s.ok).padStart(2)}/${s.n}  ${wrong}`)
    }
  }

  // --- baselines
  const data = await loadTrainingData()
  const tb = performance.now()
  const defIntent = await trainNodeNlp(data.intents.map((e) => ({ text: normalize(e.text), label: e.label })), 'default')
  const defDomain = await trainNodeNlp(data.domains.map((e) => ({ text: normalize(e.text), label: e.label })), 'default')
  print(`\n(baseline node-nlp default zh pipeline trained in ${Math.round(performance.now() - tb)} ms)`)
  const top = async (p: Promise<{ label: string }[]>, fallback: string): Promise<string> => {
    const l = (await p)[0]?.label
    return !l || l === 'None' ? fallback : l
  }
  const nodeDefault: System = {
    name: 'node-nlp default zh pipeline',
    intent: (t) => top(processNodeNlp(defIntent, normalize(t)), 'out_of_scope'),
    domain: (t) => top(processNodeNlp(defDomain, normalize(t)), 'other'),
  }
  const keyword: System = {
    name: 'keyword lists',
    intent: async (t) => keywordRank(normalize(t), INTENT_KEYWORDS, 'out_of_scope' as Intent),
    domain: async (t) => keywordRank(normalize(t), DOMAIN_KEYWORDS, 'other' as Domain),
  }
  const rows: { name: string; r: typeof o }[] = [{ name: ours.name, r: o }]
  for (const b of [nodeDefault, keyword]) rows.push({ name: b.name, r: await score(b, sets) })
  print('\n## comparison (ratio = ours / baseline)')
  print('system                                          intent-acc  domain-acc  domain-F1  crimekg-acc')
  for (const { name, r } of rows) {
    print(`${name.padEnd(47)} ${fmt(r.intent.accuracy).padStart(10)}  ${fmt(r.domain.accuracy).padStart(10)}  ${fmt(r.domain.macroF1).padStart(9)}  ${fmt(r.crimekg.accuracy).padStart(11)}`)
  }
  for (const { name, r } of rows.slice(1)) {
    const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a')
    print(
      `ours vs ${name}: intent ${ratio(o.intent.accuracy, r.intent.accuracy)}, domain ${ratio(o.domain.accuracy, r.domain.accuracy)}, crimekg ${ratio(o.crimekg.accuracy, r.crimekg.accuracy)}`,
    )
  }

  // --- LeCoQA statute retrieval (the KB engineer's file, if present)
  const lecoqa = join(HERE, 'lecoqa.ts')
  if (existsSync(lecoqa)) {
    try {
      const mod = (await import(pathToFileURL(lecoqa).href)) as { runLecoqaEval?: () => Promise<{ lines: string[] }> }
      if (typeof mod.runLecoqaEval === 'function') {
        print('\n## LeCoQA statute retrieval')
        for (const l of (await mod.runLecoqaEval()).lines) print(l)
      } else print('\n## LeCoQA: nlp/eval/lecoqa.ts has no runLecoqaEval(); skipped')
    } catch (e) {
      print(`\n## LeCoQA: failed: ${(e as Error).message}`)
    }
  } else print('\n## LeCoQA: nlp/eval/lecoqa.ts not present yet; skipped')

  // --- latency over 10k distinct messages
  const base = [...intentDev.map((e) => e.text), ...domainDev.map((e) => e.text), ...riskDev.map((e) => e.text)]
  const fillers = ['', '请问', '你好，', '麻烦问下', '急！', '我想知道', '俺想问问']
  const msgs: string[] = []
  for (let i = 0; msgs.length < 10_000 && base.length > 0; i++) {
    const a = base[i % base.length] as string
    const b = base[(i * 7 + 3) % base.length] as string
    msgs.push(`${fillers[i % fillers.length]}${a}${i % 3 === 0 ? `，${b}` : ''} ${i}`)
  }
  for (const m of msgs.slice(0, 200)) classifier.analyze(m) // warm-up
  // Wall time is what a citizen waits; CPU time of this process shows our own cost when other processes
  // compete for the cores (the wall p99 then measures the machine, not the classifier).
  const times: number[] = []
  const cpu: number[] = []
  for (const m of msgs) {
    const c = process.cpuUsage()
    const s = performance.now()
    classifier.analyze(m)
    times.push(performance.now() - s)
    const d = process.cpuUsage(c)
    cpu.push((d.user + d.system) / 1000)
  }
  times.sort((a, b) => a - b)
  cpu.sort((a, b) => a - b)
  print(`\n## latency of analyze() over ${times.length} distinct messages (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`)
  print(`wall: p50=${fmt(percentile(times, 50))} ms p99=${fmt(percentile(times, 99))} ms max=${fmt(times[times.length - 1] ?? NaN)} ms`)
  print(`cpu:  p50=${fmt(percentile(cpu, 50))} ms p99=${fmt(percentile(cpu, 99))} ms`)

  // --- floors
  const floors: [string, boolean][] = [
    ['intent accuracy ≥ 0.95 (dev)', o.intent.accuracy >= 0.95],
    ['domain macro-F1 ≥ 0.90 (dev)', domainDev.length === 0 || o.domain.macroF1 >= 0.9],
    ['no risk message missed (dev)', missed.length === 0],
    ['crimekg mapped domain accuracy ≥ 0.55', crimekg.length === 0 || o.crimekg.accuracy >= 0.55],
    ['classify p99 ≤ 2 ms (wall)', percentile(times, 99) <= 2],
    ...(blindSummary
      ? ([
          ['intent accuracy ≥ 0.85 (blind)', blindSummary.intent >= 0.85],
          ['domain macro-F1 ≥ 0.90 (blind)', blindSummary.domainF1 >= 0.9],
          ['risk recall = 1.00 (blind)', blindSummary.recall >= 1],
          ['risk precision ≥ 0.85 (blind)', blindSummary.precision >= 0.85],
        ] as [string, boolean][])
      : []),
    ...(voicesSummary
      ? ([
          ['intent accuracy ≥ 0.85 (dev voices)', voicesSummary.intent >= 0.85],
          ['domain macro-F1 ≥ 0.90 (dev voices)', voicesSummary.domainF1 >= 0.9],
          ['risk recall = 1.00 (dev voices)', voicesSummary.recall >= 1],
          ['risk precision ≥ 0.85 (dev voices)', voicesSummary.precision >= 0.85],
        ] as [string, boolean][])
      : []),
  ]
  print('\n## floors')
  for (const [name, ok] of floors) print(`${ok ? 'PASS' : 'FAIL'}  ${name}`)
}

await main()
