import { it } from 'vitest'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { startWechaty } from '../../bot/channels/wechaty.js'
import { createTestRuntime } from '../support/runtime.js'

it('probe', async () => {
  const t = await createTestRuntime()
  const mocker = new mock.Mocker()
  const puppet = new PuppetMock({ mocker })
  const bot = await startWechaty(t.rt, { puppet })
  const user = mocker.createContact({ name: '法院助手' })
  mocker.login(user)
  const citizen = mocker.createContact({ name: '张三' })
  const got: string[] = []
  citizen.on('message', (m) => { got.push(`${m.talker().id === user.id ? 'BOT' : 'ME'}: ${m.text()}`) })
  citizen.say('老板拖欠我三个月工资不给，我该怎么办').to(user)
  await new Promise((r) => setTimeout(r, 3000))
  console.log(got)
  const room = mocker.createRoom({ memberIdList: [user.id, citizen.id] })
  const rgot: string[] = []
  room.on('message', (m) => { rgot.push(`${m.talker().id}: ${m.text()}`) })
  citizen.say('@法院助手 邻居占了我家院子怎么办', [user]).to(room)
  await new Promise((r) => setTimeout(r, 3000))
  console.log(rgot)
  await bot.stop()
  await t.close()
}, 60000)
