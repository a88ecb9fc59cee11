/**
 * The health sweep of one profile: every customer's connections (§3.2, one call) and recipes (§4.2, all pages of
 * 100) through the profile's one API client, so the profile's CallPacer paces it with every other call the
 * console makes (§6.2: the quota belongs to the whole partner account, the partner's own backend included).
 *
 * - Stalest first: never-checked customers, then by the time of their last check. A customer checked since the
 *   run started (or viewed in the console shortly before) is fresh and not read again.
 * - Resumable: each finished customer is appended to the health store at once, and the run's start time is on
 *   disk, so after a kill or a restart the same run goes on with exactly the customers not yet read.
 * - A 429 storm or a 5xx burst (after the client's own retries) pauses the whole sweep with a growing wait and
 *   then tries the same customer again; after `maxAttempts` the customer is recorded as failed, with the
 *   reason, and keeps its last known health. Nothing is skipped silently.
 * - The ETA divides the calls still to make by the rate the limits allow this console (its share), minus what the
 *   current window still has free, so it does not depend on how fast the first minutes happened to go.
 */
import { setMaxListeners } from 'node:events'
import { appError, isAppError, type AppError, type AppErrorData } from '../../../shared/errors'
import { deriveProblems, failedCounts } from '../../../shared/domain/health'
import type { Connection, Customer, Recipe } from '../../../shared/domain/workato'
import type { SweepStatus } from '../../../shared/contract/fleet'
import type { HealthEntry, HealthStore, SweepRun } from './health-store'

/** The two families a sweep spends (reference §6.2). */
export const SWEEP_FAMILIES = ['connections_list', 'recipes_list'] as const
export type SweepFamily = (typeof SWEEP_FAMILIES)[number]

export interface SweepClock {
  now(): number
  /** Resolves after `ms`, rejects `cancelled` when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>
}

export const realClock: SweepClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(appError('cancelled', 'Cancelled.'))
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = () => {
        clearTimeout(t)
        reject(appError('cancelled', 'Cancelled.'))
      }
      signal.addEventListener('abort', onAbort, { once: true })
    }),
}

export interface SweepDeps {
  profileId: string
  store: HealthStore
  /** Every customer of the profile (the directory: cached, or read first when there is none). */
  customers(signal: AbortSignal): Promise<Customer[]>
  /** One customer's connections (runtime ones included, §9) and all its recipes. */
  read(customerId: number, signal: AbortSignal): Promise<{ connections: Connection[]; recipes: Recipe[] }>
  /** Calls a minute the limits allow this console per family, and how many the current window still has free. */
  budget(family: SweepFamily): { perMinute: number; available: number }
  onStatus(status: SweepStatus): void
  clock?: SweepClock
  /** Customers read at once; the pacer still decides when each call goes. Default 8. */
  concurrency?: number
  /** First pause after a 429 storm or 5xx burst, doubling up to `maxPauseMs`. Defaults 5 s and 2 min. */
  pauseMs?: number
  maxPauseMs?: number
  /** Tries per customer before it is recorded as failed. Default 4. */
  maxAttempts?: number
  /** A customer viewed in the console this recently before a run counts as fresh. Default 10 minutes. */
  viewedFreshMs?: number
  /** Least time between two progress events. Default 250 ms. */
  emitEveryMs?: number
}

/** Errors worth waiting out: the API is overloaded or briefly unreachable, not refusing this customer. */
export function isTransient(e: AppErrorData): boolean {
  if (e.code === 'rate_limited' || e.code === 'timeout' || e.code === 'network') return true
  return e.code === 'api_error' && (e.status === undefined || e.status >= 500)
}

function errorData(e: unknown): AppErrorData {
  if (isAppError(e)) return e.data
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) }
}

export class Sweep {
  private controller: AbortController | null = null
  private running: Promise<void> | null = null
  private state: SweepStatus['state'] = 'idle'
  private total = 0
  private done = 0
  private failed = 0
  private wait: SweepStatus['wait'] = null
  private message: string | null = null
  /** Recipe pages read per customer so far this run, for the ETA (a customer has at least one page). */
  private pages = { customers: 0, recipePages: 0 }
  private lastEmit = Number.NEGATIVE_INFINITY
  private readonly clock: SweepClock

  constructor(private readonly deps: SweepDeps) {
    this.clock = deps.clock ?? realClock
  }

  /** Starts a run, or resumes the unfinished one on disk (`restart` begins a new one instead). */
  async start(restart = false): Promise<SweepStatus> {
    if (this.running) return this.status()
    await this.deps.store.load()
    const prev = this.deps.store.getRun()
    const nowIso = new Date(this.clock.now()).toISOString()
    const resume = !restart && prev !== null && prev.state !== 'done'
    const run: SweepRun = resume
      ? { ...prev, state: 'running', finishedAt: null, message: null }
      : { version: 1, startedAt: nowIso, finishedAt: null, state: 'running', previousStartedAt: prev?.startedAt ?? null, message: null }
    await this.deps.store.setRun(run)
    this.controller = new AbortController()
    // Every call of the run listens to this one signal (the pacer's queue, each fetch): many at once is expected.
    setMaxListeners(0, this.controller.signal)
    this.state = 'running'
    this.done = 0
    this.failed = 0
    this.total = 0
    this.message = null
    this.wait = null
    this.pages = { customers: 0, recipePages: 0 }
    const signal = this.controller.signal
    this.running = this.execute(run, signal).finally(() => {
      this.running = null
      this.controller = null
    })
    this.emit(true)
    return this.status()
  }

  /** Stops after the calls in flight; everything read so far is kept and the run can be resumed. */
  async cancel(): Promise<SweepStatus> {
    this.controller?.abort()
    await this.running
    return this.status()
  }

  /** Resolves when the current run ends (tests, bench). */
  async settled(): Promise<void> {
    await this.running
  }

  private fresh(entry: HealthEntry | undefined, startedAt: number): boolean {
    if (!entry) return false
    const at = Date.parse(entry.checkedAt)
    if (at >= startedAt) return true
    return entry.source === 'viewed' && at >= startedAt - (this.deps.viewedFreshMs ?? 10 * 60_000)
  }

  private async execute(run: SweepRun, signal: AbortSignal): Promise<void> {
    const store = this.deps.store
    const startedAt = Date.parse(run.startedAt)
    try {
      const customers = await this.deps.customers(signal)
      this.total = customers.length
      const queue = customers
        .filter((c) => !this.fresh(store.get(c.id), startedAt))
        .sort((a, b) => {
          const ea = store.get(a.id)?.checkedAt ?? ''
          const eb = store.get(b.id)?.checkedAt ?? ''
          return ea === eb ? a.id - b.id : ea < eb ? -1 : 1
        })
      this.done = customers.length - queue.length
      this.emit(true)
      let fatal: AppError | null = null
      let consecutive = 0
      let pausedUntil = 0
      const pauseMs = this.deps.pauseMs ?? 5_000
      const maxPauseMs = this.deps.maxPauseMs ?? 120_000
      const maxAttempts = this.deps.maxAttempts ?? 4

      const worker = async () => {
        for (;;) {
          if (signal.aborted || fatal) return
          const customer = queue.shift()
          if (!customer) return
          for (let attempt = 1; ; attempt++) {
            const hold = pausedUntil - this.clock.now()
            if (hold > 0) await this.clock.sleep(hold, signal)
            try {
              await this.check(customer, signal)
              consecutive = 0
              if (this.state === 'paused') {
                this.state = 'running'
                this.wait = null
              }
              this.done++
              this.emit(false)
              break
            } catch (e) {
              if (signal.aborted) {
                queue.unshift(customer)
                return
              }
              const err = errorData(e)
              if (err.code === 'unauthorized') {
                // Every other customer would be refused the same way: stop and say what to fix.
                fatal = appError('unauthorized', `Workato refused the API token (${err.message}).`, {
                  hint: 'Check the profile API token and its privileges, then resume the sweep.',
                })
                queue.unshift(customer)
                return
              }
              if (isTransient(err) && attempt < maxAttempts) {
                consecutive++
                const ms = Math.min(maxPauseMs, pauseMs * 2 ** Math.min(10, consecutive - 1))
                pausedUntil = Math.max(pausedUntil, this.clock.now() + ms)
                this.state = 'paused'
                this.wait = {
                  reason: `Workato answered "${err.message}"; the sweep pauses so the partner's own calls keep working, then tries ${customer.name} again.`,
                  until: new Date(pausedUntil).toISOString(),
                }
                this.emit(true)
                continue
              }
              await this.recordFailure(customer, err)
              this.failed++
              this.done++
              this.emit(true)
              break
            }
          }
        }
      }
      const n = Math.max(1, this.deps.concurrency ?? 8)
      await Promise.all(Array.from({ length: n }, () => worker()))
      if (fatal) throw fatal
      if (signal.aborted) throw appError('cancelled', 'Cancelled.')
      this.state = 'done'
      this.wait = null
      await store.setRun({ ...run, state: 'done', finishedAt: new Date(this.clock.now()).toISOString() })
    } catch (e) {
      const err = errorData(e)
      this.wait = null
      if (err.code === 'cancelled') {
        this.state = 'cancelled'
        this.message = `Stopped after ${this.done.toLocaleString('en-US')} of ${this.total.toLocaleString('en-US')} customers; what was read is kept. Resume goes on from there.`
        await store.setRun({ ...run, state: 'cancelled', message: this.message }).catch(() => undefined)
      } else {
        this.state = 'failed'
        this.message = err.hint ? `${err.message} ${err.hint}` : err.message
        await store.setRun({ ...run, state: 'failed', message: this.message }).catch(() => undefined)
      }
    } finally {
      await store.flush()
      this.emit(true)
    }
  }

  private async check(customer: Customer, signal: AbortSignal): Promise<void> {
    const { connections, recipes } = await this.deps.read(customer.id, signal)
    this.pages.customers++
    this.pages.recipePages += Math.max(1, Math.ceil(recipes.length / 100))
    await this.deps.store.record(
      entryFor(customer, connections, recipes, this.deps.store.get(customer.id), new Date(this.clock.now()).toISOString(), 'sweep'),
    )
  }

  private async recordFailure(customer: Customer, error: AppErrorData): Promise<void> {
    const prev = this.deps.store.get(customer.id)
    await this.deps.store.record({
      customerId: customer.id,
      customerName: customer.name,
      checkedAt: new Date(this.clock.now()).toISOString(),
      previousCheckedAt: prev?.checkedAt ?? null,
      source: 'sweep',
      error,
      failed: prev?.failed ?? [],
      problems: prev?.problems ?? [],
    })
  }

  private eta(): { seconds: number | null; pace: SweepStatus['pace'] } {
    const left = Math.max(0, this.total - this.done)
    const recipePagesPer = this.pages.customers ? this.pages.recipePages / this.pages.customers : 1
    const calls: Record<SweepFamily, number> = { connections_list: left, recipes_list: Math.ceil(left * recipePagesPer) }
    let seconds = 0
    const pace: SweepStatus['pace'] = []
    for (const f of SWEEP_FAMILIES) {
      const { perMinute, available } = this.deps.budget(f)
      // Limits off (Settings, or a test): no pace to wait for or to name, and Infinity is not a status value.
      if (!Number.isFinite(perMinute) || perMinute <= 0) continue
      pace.push({ family: f, perMinute })
      const waitCalls = Math.max(0, calls[f] - (Number.isFinite(available) ? available : calls[f]))
      seconds = Math.max(seconds, (waitCalls / perMinute) * 60)
    }
    const waiting = this.state === 'paused' && this.wait !== null
    if (waiting && this.wait) seconds += Math.max(0, (Date.parse(this.wait.until) - this.clock.now()) / 1000)
    // Without any limit there is no pace to estimate from: no ETA rather than a made-up "0 s".
    const known = pace.length > 0 || waiting
    return { seconds: (this.state === 'running' || this.state === 'paused') && known ? Math.round(seconds) : null, pace }
  }

  status(): SweepStatus {
    const run = this.deps.store.getRun()
    const { seconds, pace } = this.eta()
    const interrupted = !this.running && run !== null && run.state !== 'done'
    return {
      profileId: this.deps.profileId,
      state: this.state === 'idle' && run?.state === 'done' ? 'done' : this.state,
      startedAt: run?.startedAt ?? null,
      finishedAt: run?.finishedAt ?? null,
      total: this.total,
      done: this.done,
      failed: this.failed,
      etaSeconds: seconds,
      pace,
      wait: this.wait,
      message:
        this.message ??
        (interrupted && this.state === 'idle'
          ? (run.message ?? 'The last sweep stopped before it finished (the app was closed). Resume goes on where it stopped.')
          : null),
      resumable: interrupted,
    }
  }

  private emit(force: boolean): void {
    const t = this.clock.now()
    if (!force && t - this.lastEmit < (this.deps.emitEveryMs ?? 250)) return
    this.lastEmit = t
    this.deps.onStatus(this.status())
  }
}

/** One check of a customer as stored: its problems, with `firstSeenAt` carried over from the previous check. */
export function entryFor(
  customer: Pick<Customer, 'id' | 'name' | 'plan_id' | 'in_trial'> & { task_count?: unknown; task_limit?: unknown },
  connections: readonly Connection[],
  recipes: readonly Recipe[],
  prev: HealthEntry | undefined,
  now: string,
  source: HealthEntry['source'],
): HealthEntry {
  const previousFailed = prev ? new Map(prev.failed) : null
  return {
    customerId: customer.id,
    customerName: customer.name,
    checkedAt: now,
    previousCheckedAt: prev?.checkedAt ?? null,
    source,
    error: null,
    failed: failedCounts(recipes),
    problems: deriveProblems({ customer, connections, recipes, previousFailed, previous: prev?.problems, now }),
  }
}
