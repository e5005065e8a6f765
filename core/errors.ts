// Errors carry stable codes; the edges (api/, bot/) map them to HTTP statuses or polite Chinese replies.

export const ERROR_CODES = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TRANSITION_FORBIDDEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UPSTREAM_FAILED: 502,
  /** the database is busy or unreachable: try again shortly */
  UNAVAILABLE: 503,
  /** a programming error: a write unit awaited something other than its transaction */
  UOW_AWAITED_IO: 500,
} as const
export type ErrorCode = keyof typeof ERROR_CODES

export class SuyuanError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'SuyuanError'
  }
  get httpStatus(): number {
    return ERROR_CODES[this.code]
  }
}

export const isSuyuanError = (e: unknown): e is SuyuanError => e instanceof SuyuanError
