// A small structured logger on stderr-free stdout JSON lines. Callers pass ids and masked values only.
import type { Logger } from './types.js'

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const

export function createLogger(level: string = 'info'): Logger {
  const min = LEVELS[level as keyof typeof LEVELS] ?? LEVELS.info
  const emit = (lvl: keyof typeof LEVELS, obj: Record<string, unknown> | string, msg?: string) => {
    if (LEVELS[lvl] < min) return
    const rec = typeof obj === 'string' ? { msg: obj } : { ...obj, ...(msg ? { msg } : {}) }
    process.stdout.write(`${JSON.stringify({ level: lvl, time: new Date().toISOString(), ...rec })}\n`)
  }
  return {
    debug: (o, m) => emit('debug', o, m),
    info: (o, m) => emit('info', o, m),
    warn: (o, m) => emit('warn', o, m),
    error: (o, m) => emit('error', o, m),
  }
}
