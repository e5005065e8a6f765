// Citizen-facing wording of 以案释法 answers (db/repositories/kb.ts formats them for WeChat).
export const KB_STRINGS = {
  facts: '【案情】',
  ruling: '【结果】',
  law: '【法条】',
  tips: '【提示】',
  /** closing line of every KB answer: general information, not advice, and the way to a person */
  disclaimer: '以上是一般性的法律知识介绍，不是针对您个人案件的法律意见。每个案子情况不同，需要具体帮助请回复“转人工”，我们安排工作人员联系您。',
  ellipsis: '……',
} as const
