// npm run content:check [-- <content dir>]
// Loads and checks everything under content/ (the KB articles, the courts' directories and staff, the
// calendars) without touching a database; prints what it found, then every problem with its file and line or
// entry. Exit code 1 when there is a problem, so CI and staff see the same thing.
import { join } from 'node:path'
import { DOMAIN_NAMES, type Domain } from '../../core/labels.js'
import { CONTENT_DIR, formatContentProblem, readContent } from './content.js'
import { formatKbProblem, readKbFiles } from './kb/files.js'

const root = process.argv[2] ?? CONTENT_DIR
const kb = readKbFiles(join(root, 'kb'))
const { content, problems } = readContent(root)

const byDomain = new Map<string, number>()
for (const { article } of kb.entries) byDomain.set(article.domain, (byDomain.get(article.domain) ?? 0) + 1)
const questions = kb.entries.reduce((n, e) => n + e.article.exampleQuestions.length, 0)
console.log(`知识库 KB: ${kb.entries.length} articles, ${questions} example questions`)
console.log(
  '  ' +
    [...byDomain]
      .sort((a, b) => b[1] - a[1])
      .map(([d, n]) => `${DOMAIN_NAMES[d as Domain] ?? d} ${n}`)
      .join(' · '),
)
console.log(`法院 courts: ${content.courts.length}`)
for (const c of content.courts) {
  console.log(
    `  ${c.court.code} ${c.court.name} (${c.court.caseCode}): ${c.regions.length} regions, ${c.bodies.length} bodies, ` +
      `${c.rules.length} routing rules, ${c.staff.length} staff (${c.staff.map((s) => s.username).join(', ')})`,
  )
}
const years = new Map<string, { holiday: number; workday: number }>()
for (const d of content.calendar) {
  const y = years.get(d.date.slice(0, 4)) ?? { holiday: 0, workday: 0 }
  y[d.kind]++
  years.set(d.date.slice(0, 4), y)
}
console.log(`日历 calendar: ${[...years].map(([y, n]) => `${y}: ${n.holiday} holidays, ${n.workday} 调休 working days`).join('; ')}`)

const all = [...kb.problems.map(formatKbProblem), ...problems.map(formatContentProblem)]
if (all.length > 0) {
  console.log(`\n${all.length} problem${all.length === 1 ? '' : 's'}:`)
  for (const p of all) console.log(`  ${p}`)
  process.exitCode = 1
} else {
  console.log('\nno problems')
}
