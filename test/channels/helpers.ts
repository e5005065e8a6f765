// Small waits for channel tests: channels answer asynchronously, so tests poll for an observable effect.

/** Polls `probe` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000, everyMs = 50): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v) return v as NonNullable<T>
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await sleep(everyMs)
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Chinese law citations as the KB formats them: 《…法》第二十七条 or 第27条. */
export const LAW_CITATION = /《[^》]+》\s*第\s*(\d+|[一二三四五六七八九十百千零]+)\s*条/

export const TICKET_NUMBER = /SY-\d{4}-\d{6}/
