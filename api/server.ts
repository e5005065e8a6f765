// npm start: open the database, seed the demo court, load the model, listen.
import { loadConfig } from '../core/config.js'
import { buildApp } from './app.js'
import { createRuntime } from './runtime.js'
import { startWechaty } from '../bot/channels/wechaty.js'

async function main() {
  const config = loadConfig(process.env)
  const rt = await createRuntime(config)
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
  const wechaty = config.wechaty.puppet ? await startWechaty(rt) : null
  await app.listen({ port: config.port, host: config.host })
  process.stdout.write(`suyuan 已启动：http://localhost:${config.port}/chat  （任务队列：${rt.jobs.kind}）\n`)
  const stop = async () => {
    await app.close()
    await wechaty?.stop()
    await rt.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err) => {
  process.stderr.write(`启动失败：${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
