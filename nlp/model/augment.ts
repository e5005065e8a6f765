// Training-time augmentation for the domain model. Citizens wrap their matter in the talk of any legal
// question ("律师您好", "想去法院起诉", "法院会怎么判"), while our specific-domain sentences rarely do and our
// `other` sentences (general procedure) are full of it — so a long message about a government fine or a
// shareholder fight drifted to `other`. Giving every specific-domain sentence one copy wrapped in such talk
// teaches the model that this talk is no evidence for any domain.

const OPENERS = ['律师您好，', '请问，', '你好，想咨询一下，', '我想问一下，', '', '麻烦问下，', '']
const CLOSERS = [
  '我想去法院起诉，需要准备什么材料',
  '法院会怎么判',
  '能不能起诉',
  '我该怎么维权',
  '打官司能赢吗',
  '需要请律师吗',
  '诉讼时效是多久',
  '一审判了我不服能上诉吗',
  '有什么法律依据',
  '要走什么程序',
  '证据怎么收集',
  '收到法院传票了怎么办',
  '找律师的话大概要花多少钱',
]

/** The wrapped copies (deterministic) of the given labelled texts; examples with a `skip` label get none. */
export function wrapInLegalTalk<T extends { text: string; label: string }>(examples: readonly T[], skip: ReadonlySet<string>): T[] {
  const out: T[] = []
  examples.forEach((e, i) => {
    if (skip.has(e.label)) return
    out.push({ ...e, text: `${OPENERS[i % OPENERS.length]}${e.text}，${CLOSERS[(i * 7) % CLOSERS.length]}` })
  })
  return out
}
