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
  /** Who waits, for the budget snapshot ("GET /api/managed_users"). */
  caller: string
  /** When it joined the queue and roughly when it will be let through (pacer clock). */
  since: number
  until: number
  reason: 'window' | 'paused'
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
   * 2 s (repeat_jobs' one request a second, §4.6), where the same jitter is a far larger share of the window. (Only
   * there: at 10 % a scaled-down 6 s window lost 0.6 s of every window, a tenth of the sweep's budget.)
   */
  marginMs?: number
  now?: () => number
  /**
   * The share of each family's limit this console allows itself (0.05–1, settings.rateLimitShare), read on every
   * decision so a change applies without a restart. The quota is the partner account's, shared with its own
   * production backend (reference §6.2), so the console must leave the rest. Default: the whole limit.
   */
  share?: () => number
  /** Called whenever what `snapshot()` would answer changes (a send, a wait starting or ending, a 429 pause). */
  onChange?: () => void
}

/** One family's budget as the indicator shows it. Times are milliseconds from the snapshot, on the pacer's clock. */
export interface FamilyBudgetSnapshot {
  family: RateFamily
  label: string
  /** The configured limit (documented, or the bench's scaled one) and its window. */
  limit: number
  windowMs: number
  /** The share in force and the calls it allows per window: floor(limit × share), at least 1. */
  share: number
  allowed: number
  /** Calls sent inside the current window. */
  used: number
  /** Calls queued behind the budget. */
  queued: number
  /** Until the oldest send in the window ages out (a slot frees); null when the window is empty. */
  freesInMs: number | null
  /** A 429 Retry-After hold still in force. */
  pausedForMs: number
  /** The call at the head of the queue: who, what for, and for how much longer. */
  waiting: { caller: string; reason: 'window' | 'paused'; waitedMs: number; remainingMs: number } | null
}

/** The lowest share the settings allow (settings/schema.ts). */
const MIN_SHARE = 0.05
/** While calls wait, the queue is looked at again at least this often, so a raised share lets them through. */
const RECHECK_MS = 1000

/** Calls a share allows in one window: never zero, or a tiny limit could never be used at all. */
export function allowedCalls(limit: number, share: number): number {
  const s = Number.isFinite(share) ? Math.min(1, Math.max(MIN_SHARE, share)) : 1
  // The epsilon keeps 0.3 × 10 (2.9999…) from rounding down to 2.
  return Math.max(1, Math.floor(limit * s + 1e-9))
}

export class CallPacer {
  private readonly buckets = new Map<RateFamily, Bucket>()
  private readonly now: () => number
  private readonly margin: (cfg: FamilyLimit) => number
  private readonly shareOf: () => number
  private readonly changed: () => void

  constructor(setting: RateLimitSetting = 'documented', opts: CallPacerOptions = {}) {
    this.now = opts.now ?? (() => performance.now())
    this.margin = (cfg) => opts.marginMs ?? Math.max(25, Math.round(cfg.windowMs * (cfg.windowMs < 2_000 ? 0.1 : 0.005)))
    this.shareOf = opts.share ?? (() => 1)
    this.changed = opts.onChange ?? (() => {})
    this.configure(setting)
  }

  /** The share in force now, clamped to what the settings allow. */
  share(): number {
    const s = this.shareOf()
    return Number.isFinite(s) ? Math.min(1, Math.max(MIN_SHARE, s)) : 1
  }

  /** Calls of the family this console may send per window under its share; Infinity when limits are off. */
  allowedOf(family: RateFamily): number {
    const b = this.buckets.get(family)
    return b ? this.allowed(b) : Number.POSITIVE_INFINITY
  }

  private allowed(b: Bucket): number {
    return allowedCalls(b.cfg.limit, this.share())
  }

  /** Every limited family's budget now: used, allowed, queued and who waits for what. */
  snapshot(): FamilyBudgetSnapshot[] {
    const t = this.now()
    const out: FamilyBudgetSnapshot[] = []
    for (const [family, b] of this.buckets) {
      this.prune(b, t)
      const head = b.queue[0]
      const oldest = b.sent[0]
      out.push({
        family,
        label: familyLabels[family],
        limit: b.cfg.limit,
        windowMs: b.cfg.windowMs,
        share: this.share(),
        allowed: this.allowed(b),
        used: b.sent.length,
        queued: b.queue.length,
        freesInMs: oldest === undefined ? null : Math.max(0, Math.ceil(oldest + b.cfg.windowMs + this.margin(b.cfg) - t)),
        pausedForMs: Math.max(0, Math.ceil(b.pausedUntil - t)),
        waiting: head
          ? {
              caller: head.caller,
              reason: t < b.pausedUntil ? 'paused' : head.reason,
              waitedMs: Math.max(0, t - head.since),
              remainingMs: this.headWait(b, t),
            }
          : null,
      })
    }
    return out
  }

  /** How much longer the queue's head waits: the pause, or until the oldest send leaves the window. */
  private headWait(b: Bucket, t: number): number {
    const pause = Math.max(0, b.pausedUntil - t)
    const oldest = b.sent[0]
    const window = b.sent.length >= this.allowed(b) && oldest !== undefined ? oldest + b.cfg.windowMs + this.margin(b.cfg) - t : 0
    return Math.max(0, Math.ceil(Math.max(pause, window)))
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
    return Math.max(0, this.allowed(b) - b.sent.length - b.queue.length)
  }

  /**
   * Resolves when one call of the family may be sent, and records it as sent. Rejects `cancelled` on abort.
   * `onQueued` hears, before the call is parked, roughly how long it will wait (so the wait can be shown); the
   * function it may return is called once the wait is over, however it ends.
   */
  acquire(
    family: RateFamily,
    signal?: AbortSignal,
    onQueued?: (waitMs: number, reason: 'window' | 'paused') => (() => void) | void,
    caller = 'a call',
  ): Promise<void> {
    const b = this.buckets.get(family)
    if (!b) return signal?.aborted ? Promise.reject(cancelled()) : Promise.resolve()
    if (signal?.aborted) return Promise.reject(cancelled())
    const t = this.now()
    this.prune(b, t)
    if (b.queue.length === 0 && t >= b.pausedUntil && b.sent.length < this.allowed(b)) {
      b.sent.push(t)
      this.changed()
      return Promise.resolve()
    }
    const waitMs = this.estimateWait(b, t)
    const reason = t < b.pausedUntil ? 'paused' : 'window'
    const ended = onQueued?.(waitMs, reason)
    const done = typeof ended === 'function' ? ended : () => {}
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        resolve: () => {
          done()
          resolve()
        },
        reject,
        signal,
        caller,
        since: t,
        until: t + waitMs,
        reason,
      }
      if (signal) {
        w.onAbort = () => {
          const i = b.queue.indexOf(w)
          if (i >= 0) b.queue.splice(i, 1)
          done()
          reject(cancelled())
          this.pump(b)
          this.changed()
        }
        signal.addEventListener('abort', w.onAbort, { once: true })
      }
      b.queue.push(w)
      this.pump(b)
      this.changed()
    })
  }

  /** About how long a call joining the queue now waits: the pause, or until enough earlier sends leave the window. */
  private estimateWait(b: Bucket, t: number): number {
    const pause = Math.max(0, b.pausedUntil - t)
    // The newcomer gets the slot freed when the send `ahead` positions past the limit ages out.
    const allowed = this.allowed(b)
    const ahead = b.sent.length + b.queue.length - allowed
    if (ahead < 0) return pause
    const windowMs = b.cfg.windowMs + this.margin(b.cfg)
    const oldest = b.sent[ahead % Math.max(1, b.sent.length)] ?? t
    const rounds = Math.floor(ahead / Math.max(1, allowed))
    return Math.max(pause, Math.ceil(oldest + windowMs * (rounds + 1) - t))
  }

  /** The server answered 429: hold every call of the family until `ms` from now. */
  pause(family: RateFamily, ms: number): void {
    const b = this.buckets.get(family)
    if (!b) return
    b.pausedUntil = Math.max(b.pausedUntil, this.now() + ms)
    this.pump(b)
    this.changed()
  }

  /** A human sentence for hints and waits: "Workato's limit for customer list/get/update calls is 60 calls a minute ...". */
  describe(family: RateFamily): string {
    const cfg = this.limitOf(family)
    const base = describeLimit(family, cfg)
    const share = this.share()
    if (!cfg || share >= 1) return base
    return `${base} This console allows itself ${Math.round(share * 100)} % of it: ${this.allowedOf(family).toLocaleString('en-US')} per window.`
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
    let granted = 0
    if (t >= b.pausedUntil) {
      const allowed = this.allowed(b)
      while (b.queue.length && b.sent.length < allowed) {
        const w = b.queue.shift()
        if (!w) break
        b.sent.push(t)
        this.grant(w)
        granted++
      }
    }
    if (granted) this.changed()
    if (!b.queue.length) return
    const oldest = b.sent[0]
    const freeAt = Math.max(
      b.pausedUntil,
      b.sent.length >= this.allowed(b) && oldest !== undefined ? oldest + b.cfg.windowMs + this.margin(b.cfg) : t,
    )
    // Looked at again within RECHECK_MS even when the window frees later: a share raised in the settings meanwhile
    // lets the queue through without waiting out a budget that no longer applies.
    b.timer = setTimeout(() => this.pump(b), Math.max(1, Math.min(RECHECK_MS, Math.ceil(freeAt - t))))
  }
}

/**
 * The limit in words, with where it is documented, and the fact people most often miss: the quota belongs to
 * the partner account, so every admin API key (another tool, a colleague's script) spends the same budget.
 */
export function describeLimit(family: RateFamily, cfg: FamilyLimit | null): string {
  if (!cfg) return `Workato limits ${familyLabels[family]} per minute for the whole partner account.`
  const per = cfg.windowMs === 60_000 ? 'a minute' : `every ${(cfg.windowMs / 1000).toFixed(cfg.windowMs % 1000 ? 1 : 0)} s`
  const calls = `${cfg.limit.toLocaleString('en-US')} call${cfg.limit === 1 ? '' : 's'}`
  return `Workato's limit for ${familyLabels[family]} is ${calls} ${per}, a quota shared by every admin API key of the partner account.`
}

function cancelled() {
  return appError('cancelled', 'Cancelled.')
}

/** One limiter per profile: the limits belong to the partner account a profile stands for. */
export interface CallPacerRegistryOptions extends Omit<CallPacerOptions, 'onChange'> {
  /** A profile's budget changed (see CallPacerOptions.onChange). */
  onChange?: (profileId: string) => void
}

export class CallPacerRegistry {
  private readonly map = new Map<string, CallPacer>()
  constructor(
    private setting: RateLimitSetting = 'documented',
    private readonly opts: CallPacerRegistryOptions = {},
  ) {}

  for(profileId: string): CallPacer {
    let l = this.map.get(profileId)
    if (!l) {
      const { onChange, ...rest } = this.opts
      l = new CallPacer(this.setting, { ...rest, onChange: onChange ? () => onChange(profileId) : undefined })
      this.map.set(profileId, l)
    }
    return l
  }

  configure(setting: RateLimitSetting): void {
    this.setting = setting
    for (const l of this.map.values()) l.configure(setting)
  }

  /**
   * The profile's pacer if it has one, else a fresh one that is not kept: reading a budget (any profile id the
   * renderer names) must not grow the registry.
   */
  peek(profileId: string): CallPacer {
    const { onChange: _ignored, ...rest } = this.opts
    return this.map.get(profileId) ?? new CallPacer(this.setting, rest)
  }
}
