/**
 * The rate-limit budget as the console shows it (issue 13): per profile, a snapshot of every family's pacer
 * bucket (call-pacer.ts) for `budget:get`, and the `budget` event whenever it changes, throttled to at most one
 * per `intervalMs` per profile so a sweep of thousands of calls does not flood the renderer. A window that is
 * ageing out changes the numbers with no call being made, so after each event another is scheduled for when the
 * next slot frees.
 */
import type { BudgetSnapshot } from '../../../shared/contract/budget'
import type { DomainHandlers, EventSink } from '../rpc/types'
import type { CallPacerRegistry } from '../workato/call-pacer'

const WAITING_REFRESH_MS = 1000

export interface BudgetServiceOptions {
  limiters: CallPacerRegistry
  events: EventSink
  /** Default 250 ms: at most four events a second per profile. */
  intervalMs?: number
  now?: () => number
}

export interface BudgetService {
  snapshot(profileId: string): BudgetSnapshot
  /** A profile's pacer changed: emit a `budget` event now or at the end of the current interval. */
  changed(profileId: string): void
  handlers: DomainHandlers<'budget'>
  dispose(): void
}

export function createBudgetService(opts: BudgetServiceOptions): BudgetService {
  const intervalMs = opts.intervalMs ?? 250
  const now = opts.now ?? Date.now
  const lastAt = new Map<string, number>()
  const timers = new Map<string, ReturnType<typeof setTimeout>>()

  function snapshot(profileId: string): BudgetSnapshot {
    const pacer = opts.limiters.peek(profileId)
    const families = pacer
      .snapshot()
      // Busiest first: what waits, then what is nearest its share.
      .sort((a, b) => b.queued - a.queued || b.used / b.allowed - a.used / a.allowed || a.family.localeCompare(b.family))
    return { profileId, share: pacer.share(), limitsOff: families.length === 0, families }
  }

  function schedule(profileId: string, delayMs: number): void {
    if (timers.has(profileId)) return
    const t = setTimeout(() => {
      timers.delete(profileId)
      emit(profileId)
    }, delayMs)
    // Never the reason the process stays up.
    if (typeof t === 'object' && 'unref' in t) t.unref()
    timers.set(profileId, t)
  }

  function emit(profileId: string): void {
    lastAt.set(profileId, now())
    const snap = snapshot(profileId)
    opts.events.emit('budget', snap)
    // While a call waits, once a second: the countdown stays true, and a window opened late still hears of it.
    if (snap.families.some((f) => f.queued > 0)) return schedule(profileId, Math.max(intervalMs, WAITING_REFRESH_MS))
    // The numbers change again when the oldest call leaves its window (or a 429 hold ends): say so then.
    const next = Math.min(
      ...snap.families.flatMap((f) => [f.used > 0 && f.freesInMs !== null ? f.freesInMs : Infinity, f.pausedForMs > 0 ? f.pausedForMs : Infinity]),
    )
    if (Number.isFinite(next)) schedule(profileId, Math.max(intervalMs, next + 1))
  }

  function changed(profileId: string): void {
    const since = now() - (lastAt.get(profileId) ?? -Infinity)
    if (since >= intervalMs && !timers.has(profileId)) emit(profileId)
    else {
      // A pending "window frees" timer may be far off: bring it forward to the end of this interval.
      const pending = timers.get(profileId)
      if (pending) {
        clearTimeout(pending)
        timers.delete(profileId)
      }
      schedule(profileId, Math.max(0, intervalMs - since))
    }
  }

  return {
    snapshot,
    changed,
    handlers: { 'budget:get': async ({ profileId }) => snapshot(profileId) },
    dispose() {
      for (const t of timers.values()) clearTimeout(t)
      timers.clear()
    },
  }
}
