// The process logger: pino (the logger fastify uses), JSON lines on stdout. Callers pass ids and masked values; as a
// second line of defence every string that reaches a log line — the message and the fields of the object — goes
// through core/mask.ts, so a phone or ID number that slipped through is still masked (PIPL).
import pino from 'pino'
import { maskText } from '../core/mask.js'
import type { Logger } from './types.js'

function maskValue(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return maskText(v)
  if (depth > 3 || v === null || typeof v !== 'object' || v instanceof Date) return v
  if (v instanceof Error) return { type: v.name, message: maskText(v.message) }
  if (Array.isArray(v)) return v.map((x) => maskValue(x, depth + 1))
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, maskValue(x, depth + 1)]))
}

export function createLogger(level: string = 'info', destination?: pino.DestinationStream): Logger & pino.Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // fastify's request logs may carry the staff token
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => maskValue(a)) as Parameters<typeof method>)
        },
      },
    },
    destination,
  )
}
