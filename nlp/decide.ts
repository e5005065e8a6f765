// What to do with an intent ranking: answer it, ask which of 2–3 it is, or admit we do not know.
// Pure over the ranking and the thresholds in config.nlp.
import type { Intent, Ranked } from '../core/labels.js'
import type { Config } from '../core/config.js'

export type Decision =
  | { kind: 'confident'; intent: Intent }
  | { kind: 'unsure'; options: Intent[] }
  | { kind: 'none' }

const EPS = 1e-9

export type Thresholds = Pick<Config['nlp'], 'confidentThreshold' | 'confidentMargin' | 'noneThreshold'>

/** Options offered when unsure: the top two, plus a third if it is itself above the none threshold. */
export function decide(ranking: readonly Ranked<Intent>[], t: Thresholds): Decision {
  const sorted = [...ranking].sort((a, b) => b.score - a.score)
  const top = sorted[0]
  if (!top || !(top.score >= t.noneThreshold - EPS)) return { kind: 'none' }
  const second = sorted[1]
  const gap = top.score - (second?.score ?? 0)
  // EPS: 0.6 − 0.45 is 0.1499… in floating point; a gap equal to the margin must count.
  if (top.score >= t.confidentThreshold - EPS && gap >= t.confidentMargin - EPS) return { kind: 'confident', intent: top.label }
  const options: Intent[] = sorted.slice(0, 2).map((r) => r.label)
  const third = sorted[2]
  if (third && third.score >= t.noneThreshold - EPS) options.push(third.label)
  if (options.length < 2) return { kind: 'none' }
  return { kind: 'unsure', options }
}

// ---------- consult vs dispute vs filing: what the message itself says ----------
// The intent model learns "consult" from hundreds of KB questions, so an unfamiliar message full of legal words
// drifts there. Two readings of the text correct that, and only when consult is on top:
//  - the writer tells their own concrete story and asks for it to be handled (管管, 评评理, 调解, 帮我…) or tells
//    a grievance without asking any question, and does not ask what the law says → dispute;
//  - the writer asks how, where or with what to sue (怎么起诉, 要什么材料, 去哪个法院告, 立案) → filing.
const OWN_STORY =
  /(我|咱)(家|们|的|爸|妈|爹|娘|老公|丈夫|男人|媳妇|老婆|妻子|儿子|闺女|女儿|孩子|哥|弟|姐|妹|奶奶|爷爷|老伴|公公|婆婆|女婿|儿媳)|我(借|租|买|在|和|跟|给|被|交|干|帮|替|把)|(欠|借|占|扣|拖|打|骗|赶)(了)?我|隔壁|邻居|楼上|楼下|老板|包工头|工头|房东|物业|开发商|村里|村委/
const ACTION_ASK =
  /(管管|管一管|评评理|评理|帮我|帮帮|帮忙|帮着|调解|协调|出面|说和|做主|讨(个)?(说法|公道)|要回来|还给我|找(个)?人(处理|来|帮|评|说)|派(个)?人|处理一下|处理这|想想办法|催一下|给个说法|主持公道|来看看|帮我们)/
const GRIEVANCE = /(不给|不还|不退|不赔|不认|不管|不理|不肯|拖着|拖了|一分(钱)?(都)?没|赶出|占着|占了|扣着|扣了|跑了|不见人|失联|拉黑|躲着|推来推去)/
const LAW_QUESTION =
  /(合法吗|违法吗|犯法吗|合理吗|算不算|有没有效|有效吗|还有效|一般(怎么|能|是|按|会|给|判)|怎么算|怎么分|怎么判|怎么赔|赔多少|能要|能拿|能赔|能分|要不要(赔|还|给)|该不该|有没有(责任|份|权)|负什么责任|要负|法律上|有什么规定|法律规定|能不能要|几倍|属于|判几年|判给谁|归谁|谁负责|有份吗|受法律保护|什么后果|吗$)/
const QUESTION = /(吗|么|呢|\?|？|怎么|咋|如何|能不能|可不可以|可以|是否|有没有|什么|多少|几|哪|谁|要不要|该不该|会不会|算不算)/
const FILING_ASK =
  /((怎么|如何|去哪|到哪|在哪|哪个法院|哪里|要不要|需要|准备|带|能不能|可以|能)[^,.!?，。！？]{0,8}(起诉|告|立案|打官司|递材料|交材料)|(起诉|告(他|她|他们|人|对方)?|立案|打官司|走法律程序)[^,.!?，。！？]{0,12}(要|需要|准备|带|交)(什么|哪些|啥|多少|几份)|(起诉|立案|打官司|走法律程序)[^,.!?，。！？]{0,8}(第一步|怎么(弄|办|操作|走)|流程|手续)|起诉状|诉状|诉讼费|网上立案|邮寄立案|立案窗口|第一步)/

const GREETING_WORD = /(你好|您好|在吗|在不在|hi|hello|哈喽|嗨|早上好|早安|上午好|中午好|下午好|晚上好|晚安|谢|感谢|多谢|辛苦|麻烦|打扰|拜拜|再见|回见|知道了|明白了|收到|好的|好嘞|^好$|^嗯|^行$|^ok|没事了|没有问题了|这样吧|先这样)/i

/**
 * Which intent the text's own wording says, if it overrides a consult ranking; null otherwise. Pure.
 * `riskKinds`: a message that threatens, despairs or reports harm and asks nothing about the law is the
 * writer's own matter, not a general question (going over levels → petition, anything else → dispute).
 */
export function wordingIntent(normalized: string, riskKinds: readonly string[] = []): 'dispute' | 'filing' | 'petition' | null {
  if (riskKinds.length > 0 && !LAW_QUESTION.test(normalized) && !FILING_ASK.test(normalized)) {
    return riskKinds.includes('escalation') && riskKinds.length === 1 ? 'petition' : 'dispute'
  }
  if (FILING_ASK.test(normalized) && !/(合法吗|违法吗|有效吗|算不算|怎么判|判给谁|赔多少|能要|能拿)/.test(normalized)) return 'filing'
  if (!OWN_STORY.test(normalized) || LAW_QUESTION.test(normalized)) return null
  if (ACTION_ASK.test(normalized)) return 'dispute'
  if (GRIEVANCE.test(normalized) && !QUESTION.test(normalized)) return 'dispute'
  return null
}

/**
 * The ranking with consult and the intent the wording says swapped, when consult is on top and the wording
 * says dispute or filing. Scores stay a probability distribution (a swap), best first.
 */
export function adjustIntents(ranking: readonly Ranked<Intent>[], normalized: string, riskKinds: readonly string[] = []): Ranked<Intent>[] {
  let sorted = [...ranking].sort((a, b) => b.score - a.score)
  // a greeting says hello, thanks or bye: a short message without any such word ("打人判几年") is not one
  if (sorted[0]?.label === 'greeting' && !GREETING_WORD.test(normalized)) {
    sorted = [...sorted.slice(1), { label: 'greeting', score: 0 }]
  }
  if (sorted[0]?.label !== 'consult') return sorted
  const target = wordingIntent(normalized, riskKinds)
  if (!target) return sorted
  const consult = sorted[0]
  const other = sorted.find((r) => r.label === target)
  if (!other) return sorted
  return sorted.map((r) => (r === consult ? { label: r.label, score: other.score } : r === other ? { label: r.label, score: consult.score } : r)).sort((a, b) => b.score - a.score)
}
