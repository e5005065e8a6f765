// The wechaty channel (WeCom / personal accounts through a puppet). Same dialogue core as every channel; a
// citizen's conversation is keyed per channel ('wechaty' + contact id). Not started unless WECHATY_PUPPET is set.
import { WechatyBuilder, type Message, type Wechaty } from 'wechaty'
import type { Runtime } from '../../api/types.js'
import { SuyuanError } from '../../core/errors.js'
import { WECHATY } from '../../strings/channels.js'

export interface WechatyOptions {
  /** a puppet instance (tests pass wechaty-puppet-mock) or a puppet package name */
  puppet?: unknown
  name?: string
}

export async function startWechaty(rt: Runtime, opts: WechatyOptions = {}): Promise<Wechaty> {
  const puppet = opts.puppet ?? rt.config.wechaty.puppet
  const bot = WechatyBuilder.build({
    name: opts.name ?? 'suyuan',
    puppet: puppet as never,
    ...(rt.config.wechaty.token ? { puppetOptions: { token: rt.config.wechaty.token } } : {}),
  })
  // Messages from before start-up are history the puppet replays; answering them would confuse people.
  const startedAt = Date.now()

  bot.on('message', (msg: Message) => {
    onMessage(msg).catch((err) => rt.log.error({ err: errText(err) }, 'wechaty message failed'))
  })
  bot.on('error', (err) => rt.log.warn({ err: errText(err) }, 'wechaty error'))
  bot.on('logout', () => rt.log.warn({}, 'wechaty logged out; waiting for the puppet to reconnect'))

  async function onMessage(msg: Message): Promise<void> {
    if (msg.self()) return
    if (msg.date().getTime() < startedAt - 2000) return
    const room = msg.room()
    const talker = msg.talker()
    if (room && !(await msg.mentionSelf())) return
    if (msg.type() !== bot.Message.Type.Text) {
      await sayTo(msg, WECHATY.textOnly)
      return
    }
    try {
      const text = room ? await msg.mentionText() : msg.text()
      const result = await rt.dialogue.handle({ channel: 'wechaty', userId: talker.id, text, dedupKey: `wechaty-${msg.id}` })
      for (const r of result.replies) await sayTo(msg, r.text)
    } catch (err) {
      rt.log.error({ err: errText(err) }, 'wechaty turn failed')
      // Silence reads as being ignored: say something went wrong (best effort, the puppet may be the problem).
      await sayTo(msg, WECHATY.failed).catch(() => undefined)
    }
  }

  /** Answer where the message came from: in a group, addressed to the sender; otherwise privately. */
  async function sayTo(msg: Message, text: string): Promise<void> {
    const room = msg.room()
    if (room) await room.say(text, msg.talker())
    else await msg.talker().say(text)
  }

  rt.senders.set('wechaty', {
    async send(contactId, text) {
      // UPSTREAM_FAILED makes the notify-citizen job retry: the account may be logged out for a while.
      if (!bot.isLoggedIn) throw new SuyuanError('UPSTREAM_FAILED', 'wechaty is not logged in')
      const contact = await bot.Contact.find({ id: contactId })
      if (!contact) throw new SuyuanError('UPSTREAM_FAILED', 'wechaty contact not found')
      await contact.say(text)
    },
  })
  await bot.start()
  return bot
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err))
