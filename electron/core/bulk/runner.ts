/**
 * Runs a confirmed bulk plan, one target at a time, paced to the console's share of Workato's recipe start/stop
 * limit (reference §6.2: 1,000 calls a minute for the whole partner account; settings `rateLimitShare`). Each call
 * still goes through the profile's one client and `CallPacer`; the runner spaces its sends by the pacer's own
 * `allowedOf('recipes')` (never a second share calculation), which is what lets it say why it waits and when it
 * will be done. After every target the result is journaled (`BulkRunStore`), audited and
 * sent as a `bulkRun` event.
 *
 * Never a double start: a target is marked `in_flight` in the journal before its call is sent, a target already
 * `succeeded` is never sent again, and a resumed run (or a target whose answer was lost) reads the recipe back
 * (§4.3 `running`) before sending anything. A 429 is the one failure that is retried as is: Workato did not act
 * on it (§6.2).
 */
import { appError, isAppError, type AppError } from '../../../shared/errors'
import type { BulkAction, BulkRun, BulkRunTarget, BulkWait } from '../../../shared/contract/bulk'
import type { RecipeStartResult } from '../../../shared/domain/workato'
import type { AuditRecord } from '../audit/audit-log'
import { mayHaveLanded } from '../workato/api-errors'
import type { CallPacer } from '../workato/call-pacer'
import type { BulkApi } from './api-port'
import { countTargets, type BulkRunStore } from './run-store'

/** Backoff after the client has already spent its own retries on a 429: 30 s, 1 min, 2 min, 4 min, 5 min. */
const RATE_LIMIT_BACKOFF_MS = [30_000, 60_000, 120_000, 240_000, 300_000]

export interface RunnerClock {
  now(): number
  /** Resolves after `ms`, or rejects `cancelled` when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>
}

export const realClock: RunnerClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(appError('cancelled', 'Cancelled.'))
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = () => {
        clearTimeout(timer)
        reject(appError('cancelled', 'Cancelled.'))
      }
      signal.addEventListener('abort', onAbort, { once: true })
    }),
}

/** What the runner reads of the profile's `CallPacer`. */
export type BulkPacer = Pick<CallPacer, 'limitOf' | 'allowedOf' | 'share'>

export interface RunnerDeps {
  api(profileId: string): Promise<BulkApi>
  store: BulkRunStore
  audit: { record(entry: AuditRecord): Promise<void> }
  /**
   * The profile's pacer: its limit for recipe start/stop calls and the calls it allows under settings
   * `rateLimitShare`, read before every call so a change applies to a run in progress.
   */
  pacer(profileId: string): BulkPacer
  emit(run: BulkRun, changed: BulkRunTarget[]): void
  clock?: RunnerClock
  onError?(message: string): void
}

interface Active {
  run: BulkRun
  /** The person pressed Stop: finish the call in flight, then stop. */
  stop: AbortController
  /** The console is closing: abort the call in flight too (its target stays `in_flight` and is read back later). */
  shutdown: AbortController
  done: Promise<void>
}

const wanted = (action: BulkAction) => action === 'start'
const pastTense = (action: BulkAction) => (action === 'start' ? 'started' : 'stopped')

export class BulkRunner {
  private readonly active = new Map<string, Active>()
  /** The last `seq` each run reached in this process: a run stopped and resumed keeps counting up. */
  private readonly seqs = new Map<string, number>()
  private readonly clock: RunnerClock

  constructor(private readonly deps: RunnerDeps) {
    this.clock = deps.clock ?? realClock
  }

  /** The run in progress for a profile, if any. */
  current(profileId: string): BulkRun | null {
    for (const a of this.active.values()) if (a.run.profileId === profileId) return a.run
    return null
  }

  /** A run read from disk, with the `seq` it last reached here (the journal does not carry it). */
  withSeq(run: BulkRun): BulkRun {
    return { ...run, seq: Math.max(run.seq, this.seqs.get(run.runId) ?? 0) }
  }

  isActive(runId: string): boolean {
    return this.active.has(runId)
  }

  /** Starts (or resumes) a run in the background; `done` settles when it stops for any reason. */
  start(run: BulkRun, resumed: boolean): { run: BulkRun; done: Promise<void> } {
    if (this.current(run.profileId))
      throw appError('conflict', 'A bulk run is already going for this profile.', { hint: 'Wait for it, or stop it first.' })
    const a: Active = {
      run: { ...this.withSeq(run), state: 'running', note: null, wait: null, etaMs: null, pace: this.pace(run.profileId) },
      stop: new AbortController(),
      shutdown: new AbortController(),
      done: Promise.resolve(),
    }
    this.active.set(run.runId, a)
    a.done = this.execute(a, resumed)
      .catch((e: unknown) => this.halt(a, e))
      .finally(() => this.active.delete(run.runId))
    return { run: a.run, done: a.done }
  }

  /** Stops after the call in flight; resolves with the run as it was left. */
  async cancel(runId: string): Promise<BulkRun | null> {
    const a = this.active.get(runId)
    if (!a) return null
    a.stop.abort()
    await a.done
    return a.run
  }

  /** The console is closing: every run stops now and stays resumable. */
  async dispose(): Promise<void> {
    const all = [...this.active.values()]
    for (const a of all) a.shutdown.abort()
    await Promise.all(all.map((a) => a.done))
  }

  /** Anything unexpected (no client for the profile, the data folder not writable) ends the run resumable, saying why. */
  private async halt(a: Active, e: unknown): Promise<void> {
    const why = isAppError(e) ? describe(e) : e instanceof Error ? e.message : String(e)
    this.deps.onError?.(`bulk run ${a.run.runId} stopped: ${why}`)
    const note = `The run stopped: ${why} Resume when that is fixed; nothing already done is repeated.`
    const at = new Date(this.clock.now()).toISOString()
    a.run = { ...a.run, state: 'interrupted', note, wait: null, etaMs: null, updatedAt: at, seq: a.run.seq + 1 }
    this.seqs.set(a.run.runId, a.run.seq)
    this.deps.emit(a.run, [])
    await this.deps.store.appendState(a.run, 'interrupted', note, at).catch(() => {})
  }

  private pace(profileId: string): BulkRun['pace'] {
    const pacer = this.deps.pacer(profileId)
    const limit = pacer.limitOf('recipes')
    if (!limit) return null
    return { limit: limit.limit, windowMs: limit.windowMs, share: pacer.share(), allowed: pacer.allowedOf('recipes') }
  }

  private async execute(a: Active, resumed: boolean): Promise<void> {
    const { store } = this.deps
    const run = () => a.run
    const anySignal = AbortSignal.any([a.stop.signal, a.shutdown.signal])
    const durations: number[] = []
    let lastSendAt = Number.NEGATIVE_INFINITY
    let waitUntil = 0

    const update = (patch: Partial<BulkRun>, changed: BulkRunTarget[] = []) => {
      const targets = changed.length ? a.run.targets.map((t) => changed.find((c) => c.index === t.index) ?? t) : a.run.targets
      const next = { ...a.run, ...patch, targets, seq: a.run.seq + 1, updatedAt: new Date(this.clock.now()).toISOString() }
      next.counts = countTargets(targets)
      next.etaMs = next.state === 'running' ? this.eta(next, durations, waitUntil) : null
      a.run = next
      this.seqs.set(next.runId, next.seq)
      this.deps.emit(next, changed)
    }
    const setTarget = async (t: BulkRunTarget) => {
      update({}, [t])
      await store.appendTarget(run(), t)
    }
    const wait = async (ms: number, reason: string) => {
      waitUntil = this.clock.now() + ms
      const w: BulkWait = { reason, until: new Date(waitUntil).toISOString() }
      update({ wait: w })
      try {
        await this.clock.sleep(ms, anySignal)
      } finally {
        waitUntil = 0
        update({ wait: null })
      }
    }

    await store.appendState(run(), 'running', null, new Date(this.clock.now()).toISOString())
    update({ state: 'running' })
    const api = await this.deps.api(a.run.profileId)
    let stoppedBy: 'stop' | 'shutdown' | 'rate_limit' | null = null
    let note: string | null = null

    outer: for (const original of a.run.targets) {
      let t = a.run.targets[original.index] ?? original
      if (t.status !== 'pending' && t.status !== 'in_flight') continue
      const action = a.run.action
      const target = `recipe ${t.recipeId} "${t.recipeName}" of customer ${t.customerId}`
      let rateLimited = 0
      // A resumed run, and a target whose call may have reached Workato, are read back before anything is sent.
      let readFirst = resumed || t.status === 'in_flight'
      for (;;) {
        if (a.shutdown.signal.aborted) {
          stoppedBy = 'shutdown'
          break outer
        }
        if (a.stop.signal.aborted) {
          stoppedBy = 'stop'
          break outer
        }
        try {
          if (readFirst) {
            const recipe = await api.getRecipe(t.customerId, t.recipeId, anySignal)
            readFirst = false
            if (recipe.running === wanted(action)) {
              t = this.finish(t, 'already', [`Already ${recipe.running ? 'running' : 'stopped'} when read back; nothing was sent.`], null, null)
              await setTarget(t)
              await this.audit(a.run, t, 'ok', null, `Already ${recipe.running ? 'running' : 'stopped'}; nothing sent.`)
              break
            }
          }
          const pace = this.pace(a.run.profileId)
          if (pace) {
            const gapMs = pace.windowMs / pace.allowed
            const due = lastSendAt + gapMs - this.clock.now()
            if (due > 0)
              await wait(
                due,
                `Paced: at most ${pace.allowed.toLocaleString('en-US')} recipe ${action}s every ${Math.round(pace.windowMs / 1000)} s, ` +
                  `${Math.round(pace.share * 100)} % of Workato's ${pace.limit.toLocaleString('en-US')} (settings: rate-limit share).`,
              )
            if (a.stop.signal.aborted || a.shutdown.signal.aborted) continue
          }
          t = { ...t, status: 'in_flight', at: new Date(this.clock.now()).toISOString() }
          await setTarget(t)
          lastSendAt = this.clock.now()
          const started = this.clock.now()
          // The person's Stop lets this call finish (its answer is worth having); only a shutdown aborts it.
          const res = await (action === 'start'
            ? api.startRecipe(t.customerId, t.recipeId, a.shutdown.signal)
            : api.stopRecipe(t.customerId, t.recipeId, a.shutdown.signal))
          durations.push(this.clock.now() - started)
          if (durations.length > 20) durations.shift()
          t = res.success ? this.finish(t, 'succeeded', [], null, null) : this.finish(t, 'refused', res.problems, configErrorsOf(res), null)
          await setTarget(t)
          await this.audit(a.run, t, res.success ? 'ok' : 'failed', null, res.success ? `${pastTense(action)}.` : res.problems.join(' · '))
          break
        } catch (e) {
          const err = isAppError(e) ? e : appError('internal', e instanceof Error ? e.message : String(e))
          if (err.code === 'cancelled') {
            // A call aborted by a shutdown may have reached Workato: it stays `in_flight` and is read back later.
            stoppedBy = a.shutdown.signal.aborted ? 'shutdown' : 'stop'
            break outer
          }
          if (err.code === 'rate_limited') {
            // The client already waited out Retry-After and retried; Workato did not act on a 429 (§6.2).
            const backoff = RATE_LIMIT_BACKOFF_MS[rateLimited]
            rateLimited++
            if (backoff === undefined) {
              stoppedBy = 'rate_limit'
              note =
                `Workato kept answering 429 (too many requests) for ${target}. The quota is shared by every admin API key of the account: ` +
                'another tool may be using it. Resume later; nothing was repeated.'
              if (t.status === 'in_flight') await setTarget({ ...t, status: 'pending' })
              break outer
            }
            if (t.status === 'in_flight') {
              t = { ...t, status: 'pending' }
              await setTarget(t)
            }
            try {
              await wait(
                backoff,
                `Workato answered 429 (too many requests) for ${target}; trying again in ${Math.round(backoff / 1000)} s (attempt ${rateLimited + 1}). ` +
                  'The quota is shared by every admin API key of the account.',
              )
            } catch {
              /* stopped while waiting: the loop's checks end the run */
            }
            continue
          }
          if (t.status === 'in_flight' && mayHaveLanded(err)) {
            // The answer was lost, not the call: read the recipe back rather than guess (or send it again).
            t = await this.readBack(api, a, t, err)
            await setTarget(t)
            await this.audit(a.run, t, t.status === 'succeeded' ? 'ok' : 'failed', err, t.problems.join(' · '))
            break
          }
          t = this.finish(t, 'failed', [describe(err)], null, err.code)
          await setTarget(t)
          await this.audit(a.run, t, 'failed', err, describe(err))
          break
        }
      }
    }

    const at = new Date(this.clock.now()).toISOString()
    const state = stoppedBy === 'stop' ? 'cancelled' : stoppedBy ? 'interrupted' : 'finished'
    if (stoppedBy === 'shutdown') note = 'The console was closed during this run. Resume to send the rest.'
    if (stoppedBy === 'stop') note = 'Stopped. Resume to send the rest; nothing already done is repeated.'
    await store.appendState(a.run, state, note, at)
    update({ state, note, wait: null })
  }

  private async readBack(api: BulkApi, a: Active, t: BulkRunTarget, err: AppError): Promise<BulkRunTarget> {
    const lost = `Workato's answer was lost (${err.message})`
    try {
      const recipe = await api.getRecipe(t.customerId, t.recipeId, a.shutdown.signal)
      if (recipe.running === wanted(a.run.action))
        return this.finish(t, 'succeeded', [`${lost}; read back as ${recipe.running ? 'running' : 'stopped'}.`], null, null)
      return this.finish(t, 'failed', [`${lost}; read back as ${recipe.running ? 'running' : 'stopped'}, so it was not carried out.`], null, err.code)
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e)
      return this.finish(
        t,
        'failed',
        [`${lost}, and reading the recipe back failed too (${why}). Check the recipe before trying again.`],
        null,
        err.code,
      )
    }
  }

  private finish(
    t: BulkRunTarget,
    status: BulkRunTarget['status'],
    problems: string[],
    configErrors: string | null,
    errorCode: string | null,
  ): BulkRunTarget {
    return { ...t, status, problems, configErrors, errorCode, at: new Date(this.clock.now()).toISOString() }
  }

  private async audit(run: BulkRun, t: BulkRunTarget, outcome: AuditRecord['outcome'], err: AppError | null, detail: string): Promise<void> {
    try {
      await this.deps.audit.record({
        action: run.action === 'start' ? 'bulk.start' : 'bulk.stop',
        profileId: run.profileId,
        customerId: t.customerId,
        target: `recipe ${t.recipeId} "${t.recipeName}"`.slice(0, 500),
        outcome,
        correlationId: err?.data.correlationId ?? null,
        detail: `bulk run ${run.runId}: ${detail}`.slice(0, 2000),
      })
    } catch (e) {
      // The audit file failing must not stop a run half way; it is logged instead.
      this.deps.onError?.(`audit line for bulk run ${run.runId} failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  /** Remaining targets times the slower of the pace and the measured call time, plus the wait under way. */
  private eta(run: BulkRun, durations: number[], waitUntil: number): number | null {
    const remaining = run.counts.pending + run.counts.in_flight
    if (!remaining) return 0
    const gap = run.pace ? run.pace.windowMs / run.pace.allowed : 0
    const avg = durations.length ? durations.reduce((s, d) => s + d, 0) / durations.length : 0
    const waiting = Math.max(0, waitUntil - this.clock.now())
    return Math.round(remaining * Math.max(gap, avg) + waiting)
  }
}

function describe(err: AppError): string {
  return err.data.hint ? `${err.message} ${err.data.hint}` : err.message
}

/** Workato's raw `config_errors` (reference §4.4), kept as JSON text for the export. */
function configErrorsOf(res: RecipeStartResult): string | null {
  const raw = res.raw as { config_errors?: unknown } | undefined
  if (!raw || raw.config_errors === undefined || raw.config_errors === null) return null
  if (Array.isArray(raw.config_errors) && raw.config_errors.length === 0) return null
  return JSON.stringify(raw.config_errors).slice(0, 4000)
}
