// What the court's Official Account says on its own (outside the dialogue): the follow greeting with the
// privacy notice, requests to put things into words, and the texts menu buttons stand for.

export const WECHAT_STRINGS = {
  /** reply to a follow (subscribe, incl. scanning a parametric QR code); {court} is the court's name */
  welcome: (court: string): string =>
    [
      `您好，欢迎关注${court}诉源服务号。`,
      '',
      '在这里您可以：',
      '· 直接用文字说说遇到的事，我们帮您看看属于哪类纠纷，并推送类似案例、法院怎么判、相关法条和注意事项；',
      '· 需要调解的，按提示登记，我们会转给对应的人民调解组织或法院诉讼服务中心，并告诉您办理期限；',
      '· 发送“我的工单”查看办理进度，发送“转人工”联系工作人员。',
      '',
      '个人信息说明：',
      '我们只收集办理所需的最少信息——您的微信 OpenID（一串识别号，不含姓名和手机号）、您在这里告诉我们的内容；只有您希望工作人员联系您时，才会请您留下手机号。',
      '这些信息仅用于答复您的问题、转办和跟进您的事项，按规定期限保存，到期删除或匿名化，数据存放在境内。',
      '',
      '这里提供的内容是法律常识和案例介绍，不构成法律意见；具体案件请以法院、调解组织的正式答复为准。',
    ].join('\n'),

  /** image, video, location, link, file … we only read words */
  pleaseUseWords:
    '抱歉，这里暂时看不了图片、语音、视频、位置或链接。麻烦您用文字简单说说遇到了什么事，比如“邻居漏水把我家泡了，想找人调解”，我们马上帮您看。',

  /** a voice message WeChat could not transcribe */
  voiceNotRecognised: '抱歉，这条语音没能识别出文字。麻烦您打字说一下遇到的事，我们马上帮您看。',

  /** an empty text message */
  emptyText: '您好，请直接说说遇到的事情，我们帮您看看怎么办。',

  /** a menu button we do not know (menus changed in the admin console, say) */
  unknownMenu: '您好，请直接用文字说说您想办的事，或发送“我的工单”“转人工”。',

  /** the dialogue failed unexpectedly; the citizen should try again, not wait */
  turnFailed: '抱歉，系统刚才有点忙，这条消息没能处理好。请您稍后再发一次，给您添麻烦了。',

  /** what each menu CLICK key stands for: fed to the dialogue as if the citizen had typed it */
  menu: {
    LEGAL_CONSULT: '法律咨询',
    MEDIATION: '我要调解',
    MY_TICKETS: '我的工单',
    HUMAN: '转人工',
  },

  /** shown at the start of later parts when a long answer is split into several messages */
  continued: (part: number, total: number): string => `（续 ${part}/${total}）`,
} as const

export type WeChatMenuKey = keyof typeof WECHAT_STRINGS.menu
