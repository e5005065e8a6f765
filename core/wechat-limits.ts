// WeChat's size rules, defined once. Every text message — a passive reply or a 客服 push — holds at most 2048 bytes
// of UTF-8; everything that sizes a reply derives its limit from here.
export const WECHAT_TEXT_MAX_BYTES = 2047

/** bytes kept free in each part of a long push for the "（续 2/3）" line that numbers the parts */
export const WECHAT_PART_HEADER_RESERVE = 64

/**
 * A 以案释法 answer leaves room for the short follow-up line the dialogue adds, so answer and follow-up go out as
 * one passive reply and spend none of the citizen's 客服 quota (5 pushes per 48 h) that status notices need.
 */
export const KB_ANSWER_MAX_BYTES = WECHAT_TEXT_MAX_BYTES - 200
