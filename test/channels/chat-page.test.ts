// The /chat page in Debian's Chromium against the real server on a real socket: ask, run an intake to a ticket,
// see a handler's reply arrive through polling, and see a clear error line when the network fails.
import { one } from '../support/sql.js'
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createTestRuntime, type TestRuntime } from '../support/runtime.js'
import { LAW_CITATION, TICKET_NUMBER } from './helpers.js'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)

let t: TestRuntime
let base: string
let browser: Browser
let page: Page

beforeAll(async () => {
  if (!hasChromium) return
  t = await createTestRuntime()
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  // a phone-sized window: the page is mostly used inside WeChat on a phone
  const context = await browser.newContext({ viewport: { width: 390, height: 760 }, deviceScaleFactor: 1, hasTouch: true, locale: 'zh-CN' })
  page = await context.newPage()
  await page.goto(`${base}/chat`)
})

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

const botMessages = () => page.locator('.msg.bot')

/** Types a line, sends it with Enter and returns the text of the bot's answer(s) once one matches `expected`. */
async function say(text: string, expected: RegExp): Promise<string> {
  const before = await botMessages().count()
  await page.getByLabel('输入您的问题或情况').fill(text)
  await page.keyboard.press('Enter')
  await page.waitForFunction(
    ({ before, source, flags }) => {
      const all = [...document.querySelectorAll('.msg.bot')].slice(before).map((e) => e.textContent ?? '')
      return all.length > 0 && new RegExp(source, flags).test(all.join('\n'))
    },
    { before, source: expected.source, flags: expected.flags },
    { timeout: 20_000 },
  )
  return (await botMessages().allTextContents()).slice(before).join('\n')
}

describe.skipIf(!hasChromium)(`/chat page in Chromium (skipped only when ${CHROMIUM} is missing)`, () => {
  it('shows the greeting, a visible not-legal-advice note and a labelled input', async () => {
    await expect.poll(() => botMessages().first().textContent()).toMatch(/我要调解/)
    const note = page.locator('#note')
    expect(await note.isVisible()).toBe(true)
    expect(await note.textContent()).toMatch(/一般性.*不是针对您个人案件的法律意见/)
    expect(await page.getByRole('button', { name: '发送' }).isVisible()).toBe(true)
    expect(await page.getByRole('log').count()).toBe(1)
    // phone layout: the input bar is on screen and nothing scrolls sideways
    const box = await page.locator('form').boundingBox()
    expect(box).not.toBeNull()
    expect(box!.y + box!.height).toBeLessThanOrEqual(760)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  })

  it('answers a typed legal question with a case explanation citing the law', async () => {
    const answer = await say('老板拖欠我三个月工资不给，我该怎么办', LAW_CITATION)
    expect(answer).toMatch(/一般性/)
    expect(await page.locator('.msg.me').last().textContent()).toContain('老板拖欠我三个月工资不给')
  })

  it('runs a short intake to a ticket number, stored for this browser’s citizen', async () => {
    await say('邻居家盖房占了我家院子一米多，说了好几次也不听，想找人调解', /镇|苏木|村|嘎查/)
    await say('东风镇红旗村', /电话/)
    await say('13812345678', /同意/)
    const summary = await say('同意', /确认/)
    expect(summary).toContain('138****5678')
    const done = await say('确认', TICKET_NUMBER)
    const number = done.match(TICKET_NUMBER)![0]

    const uid = await page.evaluate(() => localStorage.getItem('suyuan-uid'))
    const row = (await one(t.rt.db, 'select c.channel, c.external_id ext, b.name body from tickets t join citizens c on c.id = t.citizen_id join bodies b on b.id = t.body_id where t.number = ?', number))
    expect(row).toEqual({ channel: 'web', ext: uid, body: '东风镇人民调解委员会' })
  })

  it('shows a handler’s reply pushed to the citizen through polling, marked as a notice', async () => {
    const uid = await page.evaluate(() => localStorage.getItem('suyuan-uid'))
    const { number } = (await one(t.rt.db, "select t.number from tickets t join citizens c on c.id = t.citizen_id where c.channel = 'web' and c.external_id = ?", uid)) as { number: string }
    const token = await t.login('admin')
    const headers = { authorization: `Bearer ${token}` }
    expect((await t.app.inject({ method: 'POST', url: `/api/tickets/${number}/accept`, headers })).statusCode).toBe(200)
    const r = await t.app.inject({ method: 'POST', url: `/api/tickets/${number}/reply`, headers, payload: { text: '已约对方本周三上午到调委会面谈。' } })
    expect(r.statusCode, r.body).toBe(200)

    const push = page.locator('.msg.push', { hasText: '已约对方本周三上午到调委会面谈' })
    await push.waitFor({ timeout: 10_000 })
    expect(await push.textContent()).toContain(number)
    expect(await push.locator('.tag').textContent()).toBe('通知')
    // shown once, even after more polls
    await page.waitForTimeout(3500)
    expect(await push.count()).toBe(1)
    await page.screenshot({ path: '/tmp/chat.png' })
  })

  it('shows an error line and keeps the text when the network fails, and recovers', async () => {
    await page.route('**/api/chat', (route) => route.abort('internetdisconnected'))
    await page.getByLabel('输入您的问题或情况').fill('借给朋友两万块钱不还怎么办')
    await page.keyboard.press('Enter')
    const status = page.locator('#status')
    await status.waitFor({ state: 'visible', timeout: 5000 })
    expect(await status.textContent()).toMatch(/网络/)
    expect(await page.getByLabel('输入您的问题或情况').inputValue()).toBe('借给朋友两万块钱不还怎么办')
    expect(await page.locator('.msg.me').last().getAttribute('class')).toContain('failed')
    await page.screenshot({ path: '/tmp/chat-offline.png' })

    await page.unroute('**/api/chat')
    await say('借给朋友两万块钱不还怎么办', /./)
    expect(await status.isVisible()).toBe(false)
  })
})
