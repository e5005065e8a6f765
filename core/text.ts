// What a citizen's text may contain once it is in: no NUL or other control characters (PostgreSQL refuses NUL in
// text, and they are never meant) and no lone surrogates (they would be stored as broken characters).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export function cleanInput(raw: string): string {
  return raw.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '')
}
