// The wechaty channel end to end on wechaty-puppet-mock: a mocked WeChat world (contacts, a group room) talks to
// the real bot, which runs the real dialogue on a fresh SQLite database with the trained model.
import { clientOf } from '../../db/group-commit.js'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Wechaty } from 'wechaty'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { FileBox } from 'file-box'
import { startWechaty } from '../../bot/channels/wechaty.js'
import { WECHATY } from '../../strings/channels.js'
import { createTestRuntime, type TestRuntime } from '../support/runtime.js'
import { LAW_CITATION, TICKET_NUMBER, sleep, waitFor } from './helpers.js'

type Contact = mock.ContactMock
type Room = mock.RoomMock

let t: TestRuntime
let mocker: mock.Mocker
let bot: Wechaty
let self: Contact
const BOT_NAME = '法院诉讼服务助手'

beforeAll(async () => {
  t = await createTestRuntime()
  mocker = new mock.Mocker()
  bot = await startWechaty(t.rt, { puppet: new PuppetMock({ mocker }), name: `suyuan-test-${randomUUID().slice(0, 8)}` })
  self = mocker.createContact({ name: BOT_NAME })
  mocker.login(self)
  await waitFor('the bot to log in', () => bot.isLoggedIn)
})

afterAll(async () => {
  await bot?.stop()
  await t?.close()
})

/** Everything the bot says to one contact in a 1:1 chat, in order. */
function inbox(c: Contact): string[] {
  const got: string[] = []
  c.on('message', (m) => {
    if (m.talker().id === self.id && m.listener()?.id === c.id) got.push(m.text() ?? '')
  })
  return got
}

/** Everything the bot says in a room. */
function roomLog(r: Room): string[] {
  const got: string[] = []
  r.on('message', (m) => {
    if (m.talker().id === self.id) got.push(m.text() ?? '')
  })
  return got
}

/**
 * The contact says `text` to the bot; resolves with everything the bot said back for that turn. The dialogue
 * records a turn's replies before the channel sends them, so we wait until WeChat shows that many.
 */
async function ask(c: Contact, box: string[], text: string): Promise<string> {
  const before = box.length
  const lastIn = () =>
    (clientOf(t.rt.db)
      .prepare("select max(m.id) id from messages m join citizens c on c.id = m.citizen_id where c.channel = 'wechaty' and c.external_id = ? and m.direction = 'in'")
      .get(c.id) as { id: number | null }).id ?? 0
  const prevIn = lastIn()
  c.say(text).to(self)
  const inbound = await waitFor(`“${text}” to reach the dialogue`, () => (lastIn() > prevIn ? lastIn() : 0))
  const replies = await waitFor(`replies to “${text}”`, () => countRows('select count(*) n from messages where reply_to_id = ?', inbound))
  await waitFor(`${replies} replies on WeChat`, () => box.length - before >= replies)
  return box.slice(before).join('\n')
}

const countRows = (sql: string, ...args: unknown[]) => (clientOf(t.rt.db).prepare(sql).get(...args) as { n: number }).n

describe('wechaty channel (puppet-mock)', () => {
  it('answers a legal question in a private chat with a case explanation citing the law', async () => {
    const zhang = mocker.createContact({ name: '张三' })
    const box = inbox(zhang)
    const answer = await ask(zhang, box, '老板拖欠我三个月工资不给，我该怎么办')
    expect(answer).toMatch(LAW_CITATION)
    expect(answer).toMatch(/一般性|不是针对您个人案件的法律意见/)
    // the conversation is stored under the wechaty channel, keyed by the contact id
    expect(countRows("select count(*) n from citizens where channel = 'wechaty' and external_id = ?", zhang.id)).toBe(1)
  })

  it('runs an intake to a ticket number, and the ticket is in the database routed to the town committee', async () => {
    const li = mocker.createContact({ name: '李四' })
    const box = inbox(li)
    expect(await ask(li, box, '邻居家盖房占了我家院子一米多，说了好几次也不听，想找人调解')).toMatch(/镇|苏木|村|嘎查/)
    expect(await ask(li, box, '东风镇红旗村')).toMatch(/电话/)
    expect(await ask(li, box, '13812345678')).toMatch(/同意/)
    const summary = await ask(li, box, '同意')
    expect(summary).toMatch(/确认/)
    expect(summary).toContain('138****5678')
    const done = await ask(li, box, '确认')
    const number = done.match(TICKET_NUMBER)?.[0]
    expect(number, done).toBeTruthy()

    const row = clientOf(t.rt.db)
      .prepare(
        `select t.status, b.name body, c.channel, c.external_id ext from tickets t
           join bodies b on b.id = t.body_id join citizens c on c.id = t.citizen_id where t.number = ?`,
      )
      .get(number) as { status: string; body: string; channel: string; ext: string } | undefined
    expect(row).toEqual({ status: '已派单', body: '东风镇人民调解委员会', channel: 'wechaty', ext: li.id })
    expect(done).toContain('东风镇人民调解委员会')
  })

  it('stays quiet in a group unless mentioned, and answers a mention in the room addressed to the sender', async () => {
    const wang = mocker.createContact({ name: '王五' })
    const zhao = mocker.createContact({ name: '赵六' })
    const room = mocker.createRoom({ topic: '红旗村村民群', memberIdList: [self.id, wang.id, zhao.id] })
    const said = roomLog(room)
    const privateToWang = inbox(wang)

    const inboundBefore = countRows("select count(*) n from messages where direction = 'in' and channel = 'wechaty'")
    wang.say('老板拖欠我三个月工资不给，我该怎么办').to(room)
    zhao.say('大家晚上好').to(room)
    await sleep(1500)
    expect(said).toEqual([])
    expect(privateToWang).toEqual([])
    // not even recorded: group chatter that is not for the bot is none of its business
    expect(countRows("select count(*) n from messages where direction = 'in' and channel = 'wechaty'")).toBe(inboundBefore)

    wang.say(`@${BOT_NAME} 老板拖欠我三个月工资不给，我该怎么办`, [self]).to(room)
    await waitFor('an answer in the room', () => said.length > 0)
    await sleep(300)
    const first = said[0]!
    expect(first.startsWith('@王五')).toBe(true)
    expect(said.join('\n')).toMatch(LAW_CITATION)
    // the mention itself is not part of what the dialogue saw
    const lastIn = clientOf(t.rt.db)
      .prepare("select m.text from messages m join citizens c on c.id = m.citizen_id where c.external_id = ? and m.direction = 'in' order by m.id desc limit 1")
      .get(wang.id) as { text: string }
    expect(lastIn.text).toBe('老板拖欠我三个月工资不给，我该怎么办')
    expect(privateToWang).toEqual([])
  })

  it('ignores its own messages (no loop, no citizen record for itself)', async () => {
    const sun = mocker.createContact({ name: '孙七' })
    const box = inbox(sun)
    const outBefore = countRows("select count(*) n from messages where channel = 'wechaty'")
    // the account itself writes (e.g. staff typing on the phone that runs the bot)
    self.say('您好，我是法院工作人员，请问有什么可以帮您？').to(sun)
    await sleep(1500)
    expect(box).toEqual(['您好，我是法院工作人员，请问有什么可以帮您？'])
    expect(countRows("select count(*) n from messages where channel = 'wechaty'")).toBe(outBefore)
    expect(countRows("select count(*) n from citizens where channel = 'wechaty' and external_id = ?", self.id)).toBe(0)
  })

  it('does not answer history the puppet replays from before start-up', async () => {
    const zheng = mocker.createContact({ name: '郑十' })
    const box = inbox(zheng)
    const id = `old-${randomUUID()}`
    const hourAgo = Date.now() - 3600_000
    mocker.MessageMock.create({ id, talkerId: zheng.id, listenerId: self.id, timestamp: hourAgo, type: bot.Message.Type.Text, text: '老板拖欠我工资怎么办' })
    mocker.puppet.emit('message', { messageId: id })
    await sleep(1500)
    expect(box).toEqual([])
    expect(countRows("select count(*) n from citizens where channel = 'wechaty' and external_id = ?", zheng.id)).toBe(0)
  })

  it('asks for text when sent a picture', async () => {
    const zhou = mocker.createContact({ name: '周八' })
    const box = inbox(zhou)
    zhou.say(FileBox.fromBase64(Buffer.from('not really a jpeg').toString('base64'), 'photo.jpg')).to(self)
    await waitFor('the text-only notice', () => box.length > 0)
    expect(box[0]).toBe(WECHATY.textOnly)
  })

  it('tells the citizen when a turn fails instead of staying silent', async () => {
    const wu = mocker.createContact({ name: '吴九' })
    const box = inbox(wu)
    const real = t.rt.dialogue
    t.rt.dialogue = { handle: async () => Promise.reject(new Error('database is locked')) }
    try {
      wu.say('我想问问离婚的事').to(self)
      await waitFor('the failure notice', () => box.length > 0)
    } finally {
      t.rt.dialogue = real
    }
    expect(box).toEqual([WECHATY.failed])
    expect(t.log.lines.some((l) => l.includes('wechaty turn failed'))).toBe(true)
  })

  it('pushes a message to a contact through the wechaty sender', async () => {
    const li = [...mocker.cacheContactPayload.values()].find((c) => c.name === '李四')
    expect(li, 'the intake test created 李四 and a ticket').toBeTruthy()
    const contact = mocker.ContactMock.load(li!.id)
    const box = inbox(contact)
    const sender = t.rt.senders.get('wechaty')
    expect(sender).toBeDefined()
    await sender!.send(contact.id, '您登记的事项已由东风镇人民调解委员会受理。')
    await waitFor('the pushed message', () => box.length > 0)
    expect(box).toEqual(['您登记的事项已由东风镇人民调解委员会受理。'])
  })

  it('delivers a handler’s reply to the citizen’s WeChat through the notify-citizen job', async () => {
    const ticket = clientOf(t.rt.db)
      .prepare("select t.number, c.external_id ext from tickets t join citizens c on c.id = t.citizen_id where c.channel = 'wechaty' order by t.id desc limit 1")
      .get() as { number: string; ext: string }
    const contact = mocker.ContactMock.load(ticket.ext)
    const box = inbox(contact)
    const token = await t.login('admin')
    const auth = { authorization: `Bearer ${token}` }
    const acc = await t.app.inject({ method: 'POST', url: `/api/tickets/${ticket.number}/accept`, headers: auth })
    expect(acc.statusCode, acc.body).toBe(200)
    const rep = await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.number}/reply`,
      headers: auth,
      payload: { text: '已约对方本周三上午到调委会面谈。' },
    })
    expect(rep.statusCode, rep.body).toBe(200)
    await t.rt.jobs.idle()
    await waitFor('the relayed reply on WeChat', () => box.some((x) => x.includes('已约对方本周三上午到调委会面谈。')))
    const pushed = clientOf(t.rt.db)
      .prepare("select delivered_at d from messages where kind = 'push' and text like '%已约对方本周三上午%' order by id desc limit 1")
      .get() as { d: number | null }
    expect(pushed.d).not.toBeNull()
  })
})
