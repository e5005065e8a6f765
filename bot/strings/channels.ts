// Channel-level texts (wechaty, terminal).
export const WECHATY = {
  textOnly: '目前我只能看懂文字消息，请用文字简单说说您的情况。',
}

export const TERMINAL = {
  banner: (court: string) => `${court} 诉讼服务助手（终端版）。输入内容后回车，输入 /quit 退出。`,
  prompt: '您：',
  bot: '助手：',
  bye: '再见。',
}
