// What the citizen is told when a message carries a risk, one reply per kind (nlp/risk.ts decides the kinds).
// Calm, plain, polite Chinese: 不打官腔, no threats, no legal advice. Staff review these here.
// The dialogue opens an urgent ticket for every risk kind; these texts only say what happens next.
import { RISK_KINDS, type RiskKind } from '../core/labels.js'

/** Asking for a way to reach the person; used on its own when the reply above did not ask already. */
export const RISK_ASK_CONTACT = '方便的话，请留一个能打通的电话号码，再说一下您现在在哪里（哪个乡镇、村或小区），我们好尽快联系您。'

export const RISK_REPLIES: Record<RiskKind, string> = {
  self_harm: [
    '看到您的留言，我们很担心您。您遇到的难处，我们愿意听，也会想办法帮您一起解决，请先别做伤害自己的事。',
    '如果现在就有危险，请马上拨打 110 或 120。心里太难受、想找人说说话，可以拨打心理援助热线 12356，那里有人会耐心听您讲。',
    '请留一个能打通的电话号码，法院的工作人员会尽快给您打电话。',
  ].join('\n'),

  violence: [
    '您的委屈我们看到了，事情一定要有个说法，但请先别动手。',
    '打人、拿刀棍去找人、砸东西、放火，都可能要负刑事责任，到时候有理也变成没理，吃亏的还是您和家里人。',
    '请先离开现场，让自己缓一缓、冷静一下。您的事，法院会安排工作人员联系您，帮您找合法的办法解决。',
    '请留一个能打通的电话号码，再说一下您现在在哪里。如果对方正在威胁或伤害您，请马上拨打 110。',
  ].join('\n'),

  domestic_violence: [
    '看到您的留言，我们很担心您的安全。家庭暴力不是家务事，不是您的错。',
    '如果正在挨打或有危险，请马上拨打 110 报警，有人受伤请拨打 120；能离开的话，先到安全的地方。',
    '妇联的维权热线是 12338，可以找她们帮忙。您也可以向法院申请人身安全保护令，禁止对方再打您、骚扰您。',
    '请留一个能打通的电话号码，说一下您现在在哪里、是否方便接电话，法院的工作人员会尽快联系您。',
  ].join('\n'),

  vulnerable: [
    '看到您的留言，我们很着急，先要保证人身安全和吃住。',
    '如果现在有危险，或者有人受伤、走失，请马上拨打 110，需要急救请拨打 120。',
    '没有地方住、没有饭吃，可以拨打 12345 政务服务热线，或者去当地民政部门、救助站申请临时救助。',
    '请留一个能打通的电话号码，再说一下人现在在哪里，法院的工作人员会尽快联系您，帮您一起想办法。',
  ].join('\n'),

  group_protest: [
    '大家的诉求我们看到了，会认真对待。',
    '反映问题有正规的渠道：可以到法院的信访接待窗口，也可以预约院长接待日当面反映。人多的话，请大家推选代表来，代表不超过五个人。',
    '一起去堵路、围门口、上高速，并不会让事情办得更快，还可能违法，反而让自己吃亏。',
    '请留一个联系人的电话号码，法院会安排专人给您打电话，商量怎么处理。',
  ].join('\n'),

  escalation: [
    '您的事拖了这么久，心里着急我们理解，我们会认真对待。',
    '去北京或去省里，事情最后还是会转回本地来办，并不会更快，越级走访也可能违反规定。就近反映是最快的：可以到法院的信访接待窗口，也可以预约院长接待日当面说；一起来反映的人多，请推选代表，不超过五个人。',
    '请留一个能打通的电话号码，法院会安排专人给您打电话，把您的事从头了解清楚。',
  ].join('\n'),
}

/**
 * The reply for a message with these risk kinds (most severe first, as analyze().riskKinds gives them):
 * the most severe kind's reply, plus the contact question if that reply does not ask for a phone number.
 */
export function riskReply(kinds: readonly RiskKind[]): string {
  const first = RISK_KINDS.find((k) => kinds.includes(k)) ?? 'self_harm'
  const text = RISK_REPLIES[first]
  return /电话号码/.test(text) ? text : `${text}\n${RISK_ASK_CONTACT}`
}
