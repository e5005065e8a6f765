// The load generator of the webhook bench, run in its own process (as WeChat's servers are): autocannon in the
// server's process would compete with the server for its event loop and inflate every latency it measures.
// As a module: runLoad(opts) spawns this file and returns autocannon's summary. As a process: argv[2] is the JSON
// options; it prints the summary as one JSON line.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

export interface LoadOptions {
  url: string
  token: string
  connections: number
  duration: number
  overallRate?: number
  /** first MsgId sequence number, so runs never repeat a delivery */
  seqStart: number
}
export interface LoadResult {
  latency: { p50: number; p99: number; max: number; average: number }
  requests: { average: number; total: number }
  non2xx: number
  errors: number
  timeouts: number
}

const QUESTIONS = [
  '老板拖欠我三个月工资不给，我该怎么办',
  '邻居家漏水把我家天花板泡坏了，想找人调解',
  '离婚后孩子抚养费对方一直不给怎么办',
  '借给朋友五万块钱有欠条，他一直不还',
  '物业公司不给修电梯还催物业费',
  '交通事故对方全责但保险公司拖着不赔',
  '我的工单',
  '起诉需要交多少诉讼费',
]

export function signedPath(token: string): string {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = '20261121'
  const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex')
  return `/wechat?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`
}

/** Every request a distinct delivery (own MsgId) from one of 2,000 citizens. */
export function pushXml(n: number): string {
  const q = QUESTIONS[n % QUESTIONS.length] ?? ''
  return (
    `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[oBench${n % 2000}]]></FromUserName>` +
    `<CreateTime>${1_760_000_000 + n}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${q}（${n}）]]></Content><MsgId>${9_000_000_000_000_000_000n + BigInt(n)}</MsgId></xml>`
  )
}

export function runLoad(opts: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(opts)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? ''
      if (code !== 0 || !line) return reject(new Error(`load generator exited ${code}`))
      resolve(JSON.parse(line) as LoadResult)
    })
  })
}

async function main(raw: string): Promise<void> {
  const opts = JSON.parse(raw) as LoadOptions
  const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Promise<LoadResult>
  let seq = opts.seqStart
  const path = signedPath(opts.token)
  const r = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.duration,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'text/xml' },
        setupRequest: (req: Record<string, unknown>) => ({ ...req, body: pushXml(seq++) }),
      },
    ],
  })
  const pick: LoadResult = {
    latency: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, average: r.latency.average },
    requests: { average: r.requests.average, total: r.requests.total },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  }
  process.stdout.write(`${JSON.stringify(pick)}\n`)
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]) {
  main(process.argv[2]).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  })
}
