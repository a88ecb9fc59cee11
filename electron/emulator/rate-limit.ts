/**
 * Reference §6.2: Embedded limits are per endpoint family and shared by the whole partner account (every API
 * client and every customer workspace), so there is one counter per family per emulator instance, not per token
 * or per customer. Sliding-log windows: exact, and cheap at these sizes (at most a few thousand timestamps).
 * Written by hand because an emulator needs to expose the exact documented numbers, scale them for tests and
 * compute Retry-After; generic limiter packages hide the window.
 */
import { documentedRateLimits, resolveRateLimits, type RateLimitSetting } from '../../shared/rate-limits'

/** Families the emulator routes use, with the documented limits (shared with the API client's limiter). */
export const documentedLimits = documentedRateLimits

export type RateFamily = keyof typeof documentedLimits
export const rateFamilies = Object.keys(documentedLimits) as RateFamily[]

/** The same setting the API client's pacer reads (shared/rate-limits.ts), so both sides scale alike. */
export type RateLimitOptions = RateLimitSetting<RateFamily>

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; limit: number; windowMs: number }

export class QuotaEnforcer {
  private limits: Partial<Record<RateFamily, { limit: number; windowMs: number }>> = {}
  private readonly hits = new Map<RateFamily, number[]>()

  constructor(opts: RateLimitOptions = 'documented') {
    this.configure(opts)
  }

  /** Replaces the limits and forgets past hits, so a test that tightens limits starts from a clean window. */
  configure(opts: RateLimitOptions): void {
    this.hits.clear()
    this.limits = resolveRateLimits(opts, documentedLimits) ?? {}
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
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + cfg.windowMs - now) / 1000)),
        limit: cfg.limit,
        windowMs: cfg.windowMs,
      }
    }
    log.push(now)
    return { allowed: true }
  }
}
