/**
 * Client-side pacing for the Embedded API's per-family limits (reference §6.2), one instance per profile.
 *
 * Why hand-written: the well-kept libraries are token buckets (`limiter`) or per-job schedulers (`bottleneck`,
 * unmaintained). A token bucket that starts full and refills continuously lets through up to 2N-1 calls in one
 * minute (a burst of N, then one more every 60/N s), which Workato's "N per minute" answers with 429s. What the
 * limit needs is a sliding-window log: at most N sends in any window, so a sweep starts at once with the whole
 * window's budget and then waits exactly until the oldest send ages out. It also needs Workato-specific parts:
 * the family table, cancellation of queued calls, and pausing a family when the server says 429 + Retry-After.
 */
import { appError } from '../../../shared/errors'
import { familyLabels, rateFamilies, resolveLimits, type FamilyLimit, type RateFamily, type RateLimitSetting } from './families'

interface Waiter {
  resolve: () => void
  reject: (e: unknown) => void
  signal?: AbortSignal
  onAbort?: () => void
}

interface Bucket {
  cfg: FamilyLimit
  /** Send times (ms, monotonic clock) inside the current window, oldest first. */
  sent: number[]
  queue: Waiter[]
  /** The server asked us to hold off until this time (429 Retry-After). */
  pausedUntil: number
  timer: ReturnType<typeof setTimeout> | null
}

export interface CallPacerOptions {
  /**
   * Added to each window so a request we send exactly one window after another is not seen by the server as
   * inside it (request arrival times jitter). Default: 0.5 % of the window, at least 25 ms; 10 % for windows under
   * 10 s (repeat_jobs' one request a second, §4.6), where the same jitter is a far larger share of the window.
   */
  marginMs?: number
  now?: () => number
}

export class CallPacer {
  private readonly buckets = new Map<RateFamily, Bucket>()
  private readonly now: () => number
  private readonly margin: (cfg: FamilyLimit) => number

  constructor(setting: RateLimitSetting = 'documented', opts: CallPacerOptions = {}) {
    this.now = opts.now ?? (() => performance.now())
    this.margin = (cfg) => opts.marginMs ?? Math.max(25, Math.round(cfg.windowMs * (cfg.windowMs < 10_000 ? 0.1 : 0.005)))
    this.configure(setting)
  }

  /** Change limits at run time (the sandbox's "limits lifted" mode, the bench's scaled windows). */
  configure(setting: RateLimitSetting): void {
    const limits = resolveLimits(setting)
    for (const f of rateFamilies) {
      const b = this.buckets.get(f)
      const cfg = limits ? limits[f] : null
      if (!cfg) {
        // Off: no bucket; release anyone waiting.
        if (b) {
          if (b.timer) clearTimeout(b.timer)
          for (const w of b.queue.splice(0)) this.grant(w)
          this.buckets.delete(f)
        }
        continue
      }
      if (b) {
        b.cfg = cfg
        this.pump(b)
      } else this.buckets.set(f, { cfg, sent: [], queue: [], pausedUntil: 0, timer: null })
    }
  }

  /** The family's configured limit, or null when limits are off. */
  limitOf(family: RateFamily): FamilyLimit | null {
    return this.buckets.get(family)?.cfg ?? null
  }

  /** How many calls of the family could be sent right now without waiting. Infinity when limits are off. */
  available(family: RateFamily): number {
    const b = this.buckets.get(family)
    if (!b) return Number.POSITIVE_INFINITY
    const t = this.now()
    if (t < b.pausedUntil) return 0
    this.prune(b, t)
    return Math.max(0, b.cfg.limit - b.sent.length - b.queue.length)
  }

  /**
   * Resolves when one call of the family may be sent, and records it as sent. Rejects `cancelled` on abort.
   * `onQueued` hears, before the call is parked, roughly how long it will wait (so the wait can be shown); the
   * function it may return is called once the wait is over, however it ends.
   */
  acquire(family: RateFamily, signal?: AbortSignal, onQueued?: (waitMs: number, reason: 'window' | 'paused') => (() => void) | void): Promise<void> {
    const b = this.buckets.get(family)
    if (!b) return signal?.aborted ? Promise.reject(cancelled()) : Promise.resolve()
    if (signal?.aborted) return Promise.reject(cancelled())
    const t = this.now()
    this.prune(b, t)
    if (b.queue.length === 0 && t >= b.pausedUntil && b.sent.length < b.cfg.limit) {
      b.sent.push(t)
      return Promise.resolve()
    }
    const ended = onQueued?.(this.estimateWait(b, t), t < b.pausedUntil ? 'paused' : 'window')
    const done = typeof ended === 'function' ? ended : () => {}
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        resolve: () => {
          done()
          resolve()
        },
        reject,
        signal,
      }
      if (signal) {
        w.onAbort = () => {
          const i = b.queue.indexOf(w)
          if (i >= 0) b.queue.splice(i, 1)
          done()
          reject(cancelled())
          this.pump(b)
        }
        signal.addEventListener('abort', w.onAbort, { once: true })
      }
      b.queue.push(w)
      this.pump(b)
    })
  }

  /** About how long a call joining the queue now waits: the pause, or until enough earlier sends leave the window. */
  private estimateWait(b: Bucket, t: number): number {
    const pause = Math.max(0, b.pausedUntil - t)
    // The newcomer gets the slot freed when the send `ahead` positions past the limit ages out.
    const ahead = b.sent.length + b.queue.length - b.cfg.limit
    if (ahead < 0) return pause
    const windowMs = b.cfg.windowMs + this.margin(b.cfg)
    const oldest = b.sent[ahead % Math.max(1, b.sent.length)] ?? t
    const rounds = Math.floor(ahead / Math.max(1, b.cfg.limit))
    return Math.max(pause, Math.ceil(oldest + windowMs * (rounds + 1) - t))
  }

  /** The server answered 429: hold every call of the family until `ms` from now. */
  pause(family: RateFamily, ms: number): void {
    const b = this.buckets.get(family)
    if (!b) return
    b.pausedUntil = Math.max(b.pausedUntil, this.now() + ms)
    this.pump(b)
  }

  /** A human sentence for hints and waits: "Workato's limit for customer list/get/update calls is 60 calls a minute ...". */
  describe(family: RateFamily): string {
    return describeLimit(family, this.limitOf(family))
  }

  private prune(b: Bucket, t: number): void {
    const horizon = t - b.cfg.windowMs - this.margin(b.cfg)
    let i = 0
    while (i < b.sent.length && (b.sent[i] ?? 0) <= horizon) i++
    if (i) b.sent.splice(0, i)
  }

  private grant(w: Waiter): void {
    if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort)
    w.resolve()
  }

  private pump(b: Bucket): void {
    if (b.timer) {
      clearTimeout(b.timer)
      b.timer = null
    }
    const t = this.now()
    this.prune(b, t)
    if (t >= b.pausedUntil) {
      while (b.queue.length && b.sent.length < b.cfg.limit) {
        const w = b.queue.shift()
        if (!w) break
        b.sent.push(t)
        this.grant(w)
      }
    }
    if (!b.queue.length) return
    const oldest = b.sent[0]
    const freeAt = Math.max(b.pausedUntil, b.sent.length >= b.cfg.limit && oldest !== undefined ? oldest + b.cfg.windowMs + this.margin(b.cfg) : t)
    b.timer = setTimeout(() => this.pump(b), Math.max(1, Math.ceil(freeAt - t)))
  }
}

/**
 * The limit in words, with where it is documented, and the fact people most often miss: the quota belongs to
 * the partner account, so every admin API key (another tool, a colleague's script) spends the same budget.
 */
export function describeLimit(family: RateFamily, cfg: FamilyLimit | null): string {
  if (!cfg) return `Workato limits ${familyLabels[family]} per minute for the whole partner account (reference §6.2).`
  const per = cfg.windowMs === 60_000 ? 'a minute' : `every ${(cfg.windowMs / 1000).toFixed(cfg.windowMs % 1000 ? 1 : 0)} s`
  const calls = `${cfg.limit.toLocaleString('en-US')} call${cfg.limit === 1 ? '' : 's'}`
  return `Workato's limit for ${familyLabels[family]} is ${calls} ${per} (reference §6.2), a quota shared by every admin API key of the partner account.`
}

function cancelled() {
  return appError('cancelled', 'Cancelled.')
}

/** One limiter per profile: the limits belong to the partner account a profile stands for. */
export class CallPacerRegistry {
  private readonly map = new Map<string, CallPacer>()
  constructor(
    private setting: RateLimitSetting = 'documented',
    private readonly opts: CallPacerOptions = {},
  ) {}

  for(profileId: string): CallPacer {
    let l = this.map.get(profileId)
    if (!l) {
      l = new CallPacer(this.setting, this.opts)
      this.map.set(profileId, l)
    }
    return l
  }

  configure(setting: RateLimitSetting): void {
    this.setting = setting
    for (const l of this.map.values()) l.configure(setting)
  }
}
