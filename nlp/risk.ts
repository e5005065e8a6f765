// Risk detection: self-harm, violence, domestic violence, group protest, 越级 threats. A lexicon of patterns
// (checked on normalised text after removing common hyperbole) plus the risk model: either one raises the
// flag, because a missed risk costs far more than a handler reading a false alarm.
//
// Policy: flag real intentions, threats and ongoing harm, and domestic violence the writer is living
// through even when asked as a legal question. Do not flag hyperbole (气死了, 要了我的命), legal questions
// about these topics in general (家暴怎么认定, 上访的程序), or ordinary appeals (去市中院上诉).
import type { Ranked } from '../core/labels.js'
import type { RiskKind } from './corpus.js'

export type { RiskKind } from './corpus.js'
export { RISK_KINDS } from './corpus.js'

export interface RiskResult {
  risk: boolean
  kinds: RiskKind[]
}

/** Figures of speech that contain 死/命/疯 but mean nothing dangerous. Removed before matching. */
const HYPERBOLE =
  /(气|笑|累|烦|急|吓|愁|饿|热|冷|困|忙|疼|痛|穷|拖|坑|美|乐|馋|闷|丑|羡慕|恨)死(了|我了|人了|我|人)?|想死(你|您)们?了?|要了我的(老)?命|要命了|拼了命|(跑|拖)(断了腿|死)|死者|死亡|病死|去世|死了以后|杀人偿命/g

const LEXICON: Record<RiskKind, RegExp[]> = {
  self_harm: [
    /不想活|活不下去|活不成了|活着(没|有什么)意思|没有活路|一了百了|一死了之|寻死|轻生|自杀|自尽|了结(自己|生命)|结束(自己的)?生命/,
    /跳楼|跳河|跳江|跳崖|跳下去|上吊|割腕|喝(农)?药|安眠药|老鼠药|敌敌畏|百草枯|烧炭|卧轨|撞墙/,
    /死(给|在)(你们|他们|法院|政府)|我(就|也|只能)?(去)?死(了算了|掉算了|了拉倒)?$|(我|俺)?(就|也|想|要|只能)去死|想死|准备(了)?绳子|买(好)?(了)?农药|遗书/,
  ],
  violence: [
    /(弄|打|砍|捅|整)死(他|她|你|他们|那个)|杀了(他|她|你)|宰了(他|她|你)|杀人|同归于尽|血债血偿|(拿|用)命(来)?(还|偿)|拼了|灭(他|了他)?(全家|满门)/,
    /(带|拿|提)(着)?(刀|斧头|棍子|铁棍|汽油|炸药)|一把火|烧了(他|她)(家|的)|放火|炸了|报复|找人(收拾|教训|弄)|捅了|(去|要|就|把)(砍|捅|杀|宰|剁)(了)?(他|她|你|那)/,
    /(正在|正)?拿着?(刀|棍子|棒子).*(打|砍|闹)|(要|来)打(我们|我)了/,
    // danger at the door right now
    /(砸|踹|撞|劈)(我家|我们家)?的?(门|窗户?|玻璃)|闯进(我|我们)?家|(堵|守)在(我|我们)?家门口|追着(我|我们)?打|(扬言|说要|威胁)(要)?(打|弄|砍|杀|捅)(我|我们|死)/,
  ],
  domestic_violence: [
    /(我|俺|他|她|老公|丈夫|男人|男方|女方|老婆|媳妇|妻子|前夫|对象).{0,6}(家暴|家庭暴力)|(家暴|家庭暴力)(我|俺|了我)|被家暴/,
    /(老公|丈夫|男人|老婆|媳妇|妻子|前夫|前妻|对象|男朋友|孩子(他|她)?爸|我爸|婆家人?|公公|婆婆).{0,8}(打我|打孩子|打我妈|打我们|揍我|掐|砍我|踢我|动手|拳打脚踢|往死里打)/,
    /(他|她)[^,.!?，。！？]{0,8}(打|揍|踢|掐)(我|孩子)|(被|挨).{0,4}打得?(住院|浑身|满身|鼻青脸肿)|不让(我)?出门.*挨打|挨打/,
  ],
  group_protest: [
    /拉(横幅|条幅)|打(横幅|条幅)|堵(路|门|大门|高速|公路|国道|法院|政府|路口)|(堵|围|封)(住|了)?[\u4e00-\u9fa5]{0,4}(大门|门口|路口|国道|公路|高速)|封(了)?(村口的)?路|围(堵|攻|法院|政府)|静坐|游行|示威|集体(上访|下跪|去闹)|聚众/,
    /(几十|上百|一百多|好几十|全村|全体|所有|几十户|大家|农民工们|工人们|业主们|村民们).{0,12}(一起|集体|约好|组织).{0,10}(去|到|闹|堵|围|讨)/,
  ],
  escalation: [
    /进京|越级|中南海|天安门|国家信访局|京城|(去|到)过北京.*(还要|再)去/,
    /(去|到|上|跑)(北京|省里|省城|省政府|省委|省高院|中央|自治区|首府|呼和浩特).{0,8}(上访|告|反映|讨|说法|找|闹|信访)/,
    /(告|反映|闹|上访)到(北京|省里|中央|省城)/,
    /(不给|不管|不处理|不解决|再推|不给我)[^。!?]{0,12}(去|上|进)(北京|省里|省城|京|中央)/,
  ],
}

/**
 * A general question about the topic ("什么是越级上访", "家暴的证据有哪些") with no one speaking for themselves.
 * Such messages are answered as questions, not treated as risk.
 */
const FIRST_PERSON = /我|俺|咱|自己|他|她|老公|丈夫|男人|男方|女方|老婆|媳妇|妻子|孩子|我们|大家|工友|村民|业主/
const DEFINITIONAL = /什么是|是什么意思|的定义|怎么认定|如何认定|有哪些|哪个部门|什么程序|的程序|法律规定|怎么处罚|判几年/
export const isNeutralQuestion = (normalized: string): boolean =>
  DEFINITIONAL.test(normalized) && !FIRST_PERSON.test(normalized)

/** Lexicon kinds only; pure. */
/** The text without figures of speech, for both the lexicon and the model. */
export const stripHyperbole = (normalized: string): string => normalized.replace(HYPERBOLE, ' ')

export function riskLexicon(normalized: string): RiskKind[] {
  if (isNeutralQuestion(normalized)) return []
  const text = stripHyperbole(normalized)
  const kinds: RiskKind[] = []
  for (const [kind, patterns] of Object.entries(LEXICON) as [RiskKind, RegExp[]][]) {
    if (patterns.some((p) => p.test(text))) kinds.push(kind)
  }
  return kinds
}

/** The model adds a kind only when it is this sure; lexicon hits need no model agreement. */
export const RISK_MODEL_THRESHOLD = 0.6

/** Lexicon ∪ model. `model` is the risk model's ranking of stripHyperbole(text) (may be empty when none is trained). */
export function assessRisk(normalized: string, model: Ranked<RiskKind | 'none'>[] = []): RiskResult {
  const kinds = new Set<RiskKind>(riskLexicon(normalized))
  for (const r of isNeutralQuestion(normalized) ? [] : model) {
    if (r.label !== 'none' && r.score >= RISK_MODEL_THRESHOLD) kinds.add(r.label)
  }
  const ordered = (['self_harm', 'violence', 'domestic_violence', 'group_protest', 'escalation'] as const).filter((k) =>
    kinds.has(k),
  )
  return { risk: ordered.length > 0, kinds: ordered }
}
