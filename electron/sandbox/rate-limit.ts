/**
 * Reference §6.2: Embedded limits are per endpoint family and shared by the whole partner account (every API
 * client and every customer workspace), so there is one counter per family per sandbox instance, not per token
 * or per customer. Sliding-log windows: exact, and cheap at these sizes (at most a few thousand timestamps).
 * Written by hand because an emulator needs to expose the exact documented numbers, scale them for tests and
 * compute Retry-After; generic limiter packages hide the window.
 */

/** Families the sandbox routes use, with the documented per-minute limits (§2.1, §3.1, §4.1, §4.6, §5.1, §5.3, §6.2). */
export const documentedLimits = {
  customers_create: { limit: 1000, windowMs: 60_000 }, // POST /managed_users
  customers: { limit: 60, windowMs: 60_000 }, // list, get, update, delete
  connections_list: { limit: 1000, windowMs: 60_000 }, // GET .../connections
  connections: { limit: 60, windowMs: 60_000 }, // create, update, disconnect, delete
  recipes_list: { limit: 2000, windowMs: 60_000 }, // "GET list, GET one: 2,000/min each"
  recipes_get: { limit: 2000, windowMs: 60_000 },
  recipes: { limit: 1000, windowMs: 60_000 }, // start, stop, …
  jobs: { limit: 1000, windowMs: 60_000 },
  folders: { limit: 60, windowMs: 60_000 }, // §5.1 (inferred from the Developer API)
  jwt_key: { limit: 60, windowMs: 60_000 }, // §5.3
  rlcm_imports: { limit: 1000, windowMs: 60_000 }, // §5.2/§6.2: POST imports and GET imports/:package_id,
  rlcm_import_status: { limit: 1000, windowMs: 60_000 }, // 1,000/min each
} as const satisfies Record<string, { limit: number; windowMs: number }>

export type RateFamily = keyof typeof documentedLimits
export const rateFamilies = Object.keys(documentedLimits) as RateFamily[]

export type RateLimitOptions =
  | 'documented'
  | 'off'
  | { scale?: number; overrides?: Partial<Record<RateFamily, { limit: number; windowMs: number }>> }

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; limit: number; windowMs: number }

export class RateLimiter {
  private limits: Partial<Record<RateFamily, { limit: number; windowMs: number }>> = {}
  private readonly hits = new Map<RateFamily, number[]>()

  constructor(opts: RateLimitOptions = 'documented') {
    this.configure(opts)
  }

  /** Replaces the limits and forgets past hits, so a test that tightens limits starts from a clean window. */
  configure(opts: RateLimitOptions): void {
    this.hits.clear()
    this.limits = {}
    if (opts === 'off') return
    const scale = opts === 'documented' ? 1 : (opts.scale ?? 1)
    for (const f of rateFamilies) {
      const d = documentedLimits[f]
      this.limits[f] = { limit: Math.max(1, Math.round(d.limit * scale)), windowMs: d.windowMs }
    }
    if (opts !== 'documented' && opts.overrides) Object.assign(this.limits, opts.overrides)
  }

  limitFor(family: RateFamily): { limit: number; windowMs: number } | undefined {
    return this.limits[family]
  }

  /** Counts one request against the family; refused requests do not count (the window still drains). */
  hit(family: RateFamily, now = Date.now()): RateDecision {
    const cfg = this.limits[family]
    if (!cfg) return { allowed: true }
    let log = this.hits.get(family)
    if (!log) this.hits.set(family, (log = []))
    const cutoff = now - cfg.windowMs
    let drop = 0
    while (drop < log.length && (log[drop] ?? 0) <= cutoff) drop++
    if (drop) log.splice(0, drop)
    if (log.length >= cfg.limit) {
      const oldest = log[0] ?? now
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + cfg.windowMs - now) / 1000)), limit: cfg.limit, windowMs: cfg.windowMs }
    }
    log.push(now)
    return { allowed: true }
  }
}
