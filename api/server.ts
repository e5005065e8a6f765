// The HTTP process: open the database, seed the demo court, load the model, listen. Roles 'all' (also the workers,
// the SLA sweep and retention, as one process) and 'web' (HTTP and job producers only). Started by main/web.ts
// (`npm start`), which reads SUYUAN_ROLE; `npm run worker` (main/worker.ts) starts the worker role.
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import { loadConfig, type Config } from '../core/config.js'
import { buildApp } from './app.js'
import { createRuntime, type Role, type RuntimeOptions, type SuyuanRuntime } from './runtime.js'

export interface RunningServer {
  rt: SuyuanRuntime
  /** the port it listens on (config.port, or the one the system chose for port 0) */
  port: number
  /** closes the server, then the runtime (idempotent) */
  stop(): Promise<void>
}

export async function startServer(config: Config, opts: RuntimeOptions & { role?: Exclude<Role, 'worker'> } = {}): Promise<RunningServer> {
  const rt = await createRuntime(config, opts)
  const app = await buildApp(rt, { logger: false })
  if (rt.generatedAdminPassword) {
    // printed once, at the first start, so the demo admin can log in; set SUYUAN_ADMIN_PASSWORD to choose it
    process.stdout.write(`\n  管理员账号 admin 的初始密码：${rt.generatedAdminPassword}\n\n`)
  }
  if (!rt.statutesLoaded) {
    process.stdout.write(
      `\n  尚未导入法条：回答会写出引用的法条名称和条号，但不引用条文原文，“相关法条”也查不到内容。\n` +
        `  导入方法：npm run kb:import-statutes -- <法条目录>（格式见 README“法条”一节；目录也可用 SUYUAN_STATUTES_DIR 在启动时导入）\n\n`,
    )
  }
  // one wechaty login per account: with several web processes, set WECHATY_PUPPET on one of them only
  // loaded only when configured: wechaty is a large import, and most deployments use the Official Account webhook
  const wechaty = config.wechaty.puppet ? await (await import('../bot/channels/wechaty.js')).startWechaty(rt) : null
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  process.stdout.write(`suyuan 已启动：http://localhost:${port}/chat  （角色：${rt.role}；任务队列：${rt.jobs.kind}）\n`)
  let stopping: Promise<void> | undefined
  return {
    rt,
    port,
    stop: () =>
      (stopping ??= (async () => {
        await app.close()
        await wechaty?.stop()
        await rt.close()
      })()),
  }
}

/** Exits cleanly on SIGINT/SIGTERM (closing the server and the runtime, which hands the sweep lease over). */
export function stopOnSignals(s: { stop(): Promise<void> }): void {
  const stop = () =>
    void s.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

export function failStart(err: unknown): never {
  process.stderr.write(`启动失败：${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
}

// `tsx api/server.ts` / `node dist/api/server.js` still start one process of role 'all'; roles go through main/web.ts
if (process.argv[1] && resolve(process.argv[1]).replace(/\.js$/, '.ts') === fileURLToPath(import.meta.url).replace(/\.js$/, '.ts')) {
  if ((process.env.SUYUAN_ROLE ?? '').trim() && process.env.SUYUAN_ROLE?.trim().toLowerCase() !== 'all') {
    failStart(new Error('SUYUAN_ROLE is read by main/web.ts (npm start) and main/worker.ts (npm run worker), not api/server.ts'))
  }
  startServer(loadConfig(process.env)).then(stopOnSignals, failStart)
}
