// Channel-level texts (wechaty, terminal).
export const WECHATY = {
  textOnly: '目前我只能看懂文字消息，请用文字简单说说您的情况。',
  failed: '抱歉，系统刚才出了点问题，没能处理您的消息。请稍后再发一次。',
}

export const TERMINAL = {
  banner: (court: string) => `${court} 诉讼服务助手（终端版）。输入内容后回车，输入 /quit 退出。`,
  prompt: '您：',
  bot: '助手：',
  failed: '抱歉，系统刚才出了点问题，请再说一次。',
  bye: '再见。',
}
