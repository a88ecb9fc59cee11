/**
 * The customer directory of each profile: served from the cache at once, re-read from the API in the background
 * with progress events (task id `customers:refresh:<profileId>`), one refresh per profile at a time, cancellable.
 * When a refresh fails the cached list stays, marked stale with the error, so the console keeps working offline.
 *
 * The read streams (issue 13): every page of `GET /api/managed_users` (reference §2.5, §6.3) goes out as a
 * `directoryPage` event the moment it arrives, so a cold start shows rows after the first call instead of after
 * the last one (listing is 60 calls a minute for the whole account, §6.2: 10,000 customers take minutes). A read
 * that is cancelled or fails keeps what it read: it is merged over the list before it and saved marked `partial`.
 */
import type { AppErrorData } from '../../../shared/errors'
import { appError, isAppError } from '../../../shared/errors'
import type { Customer } from '../../../shared/domain/workato'
import type { CachedList } from '../../../shared/contract/workato'
import type { EmbeddedApiClient } from '../workato/client'
import type { EventSink } from '../rpc/types'
import { log } from '../log'
import type { CacheEntry, DirectoryCache } from './directory-cache'

export interface CustomerDirectoryOptions {
  cache: DirectoryCache
  events: EventSink
  clientFor: (profileId: string) => Promise<EmbeddedApiClient>
  /** Older than this, the directory is shown as stale and re-read in the background. Default 30 min. */
  ttlMs?: number
  /** After a failed refresh, `list` waits this long before trying again by itself. Default 60 s. */
  retryAfterFailureMs?: number
  /** Start a background refresh from `list` when the directory is missing or old. Default true. */
  autoRefresh?: boolean
  now?: () => number
  /**
   * Runs a refresh as a call of its own (workspace-service.ts), so its rate-limit waits carry a Cancel that ends
   * the refresh, and the budget says what waits. Default: runs it as is.
   */
  runRefresh?: <T>(profileId: string, controller: AbortController, fn: () => Promise<T>) => Promise<T>
}

interface Running {
  promise: Promise<{ count: number; fetchedAt: string }>
  controller: AbortController
}

export function refreshTaskId(profileId: string): string {
  return `customers:refresh:${profileId}`
}

export class CustomerDirectory {
  private readonly running = new Map<string, Running>()
  private readonly lastError = new Map<string, { error: AppErrorData; at: number }>()
  /** Profiles whose refresh the person cancelled: no background refresh starts by itself until they ask again. */
  private readonly userCancelled = new Set<string>()
  private nextRunId = 1
  private readonly ttlMs: number
  private readonly retryAfterFailureMs: number
  private readonly autoRefresh: boolean
  private readonly now: () => number

  constructor(private readonly opts: CustomerDirectoryOptions) {
    this.ttlMs = opts.ttlMs ?? 30 * 60_000
    this.retryAfterFailureMs = opts.retryAfterFailureMs ?? 60_000
    this.autoRefresh = opts.autoRefresh ?? true
    this.now = opts.now ?? Date.now
  }

  /** The directory as last seen. May start a background refresh; never waits for the API. */
  async list(profileId: string): Promise<CachedList<Customer>> {
    const entry = await this.opts.cache.readCustomers(profileId)
    const failure = this.lastError.get(profileId) ?? null
    const old = !entry || entry.partial !== undefined || this.now() - Date.parse(entry.fetchedAt) > this.ttlMs
    if (
      this.autoRefresh &&
      old &&
      !this.running.has(profileId) &&
      !this.userCancelled.has(profileId) &&
      (!failure || this.now() - failure.at > this.retryAfterFailureMs)
    ) {
      this.refresh(profileId).catch(() => undefined) // the outcome reaches the UI through progress events and lastError
    }
    return {
      items: entry?.items ?? [],
      fetchedAt: entry?.fetchedAt ?? null,
      stale: old || failure !== null,
      error: failure?.error ?? (entry?.partial ? partialError(entry.partial) : null),
    }
  }

  isRefreshing(profileId: string): boolean {
    return this.running.has(profileId)
  }

  /**
   * Re-reads every customer. Joins the refresh already running for the profile, if any. `signal` (the caller
   * going away) cancels the refresh only when this call started it.
   */
  refresh(profileId: string, signal?: AbortSignal): Promise<{ count: number; fetchedAt: string }> {
    const existing = this.running.get(profileId)
    if (existing) return existing.promise
    this.userCancelled.delete(profileId)
    const controller = new AbortController()
    if (signal) {
      if (signal.aborted) controller.abort()
      else signal.addEventListener('abort', () => controller.abort(), { once: true })
    }
    const run = this.opts.runRefresh ?? ((_id, _c, fn) => fn())
    const promise = run(profileId, controller, () => this.sweep(profileId, controller.signal)).finally(() => this.running.delete(profileId))
    this.running.set(profileId, { promise, controller })
    return promise
  }

  /** The person stopped the refresh: it keeps what it read, and no new one starts by itself. */
  cancel(profileId: string): boolean {
    const r = this.running.get(profileId)
    if (!r) return false
    this.userCancelled.add(profileId)
    r.controller.abort()
    return true
  }

  /** Records a failure that did not come from a sweep (e.g. no token), so `list` shows it. */
  noteError(profileId: string, error: AppErrorData): void {
    this.lastError.set(profileId, { error, at: this.now() })
  }

  private emit(profileId: string, done: number, finished: boolean, error: string | null, label: string): void {
    this.opts.events.emit('progress', {
      task: refreshTaskId(profileId),
      label,
      done,
      total: finished && !error ? done : null,
      finished,
      error,
    })
  }

  private emitPage(
    profileId: string,
    runId: number,
    state: 'reading' | 'done' | 'cancelled' | 'failed',
    items: Customer[],
    read: number,
    expected: number | null,
    error: AppErrorData | null,
  ): void {
    this.opts.events.emit('directoryPage', { profileId, runId, state, items, read, expected, error })
  }

  private async sweep(profileId: string, signal: AbortSignal): Promise<{ count: number; fetchedAt: string }> {
    const runId = this.nextRunId++
    const byId = new Map<number, Customer>()
    // The last complete read is the best guess of the total the API does not give (§2.5).
    const before = await this.opts.cache.readCustomers(profileId).catch(() => null)
    const expected = before && !before.partial ? before.items.length : null
    const nf = (n: number) => n.toLocaleString('en-US')
    this.emit(profileId, 0, false, null, 'Reading the customer directory…')
    this.emitPage(profileId, runId, 'reading', [], 0, expected, null)
    const startedAt = new Date(this.now()).toISOString()
    try {
      const client = await this.opts.clientFor(profileId)
      for await (const page of client.iterateCustomers({ signal })) {
        // Customers created during the sweep shift later pages; keeping the last copy per id removes duplicates.
        for (const c of page) byId.set(c.id, c)
        this.emitPage(profileId, runId, 'reading', page, byId.size, expected, null)
        this.emit(
          profileId,
          byId.size,
          false,
          null,
          expected ? `Reading… ${nf(byId.size)} of ~${nf(expected)} customers` : `Reading… ${nf(byId.size)} customers so far`,
        )
      }
      if (signal.aborted) throw appError('cancelled', 'Cancelled.')
      const items = [...byId.values()]
      await this.opts.cache.writeCustomers(profileId, { fetchedAt: startedAt, items })
      this.lastError.delete(profileId)
      this.emitPage(profileId, runId, 'done', [], items.length, expected, null)
      this.emit(profileId, items.length, true, null, `Read ${nf(items.length)} customers`)
      return { count: items.length, fetchedAt: startedAt }
    } catch (e) {
      const err = isAppError(e) ? e : appError('internal', `Refreshing the customer directory failed: ${e instanceof Error ? e.message : String(e)}`)
      const reason = err.code === 'cancelled' ? 'cancelled' : 'failed'
      await this.keepPartial(profileId, before, byId, startedAt, reason)
      if (reason === 'cancelled') {
        this.emitPage(profileId, runId, 'cancelled', [], byId.size, expected, null)
        this.emit(profileId, byId.size, true, 'Cancelled.', `Partial: cancelled after ${nf(byId.size)} customers`)
      } else {
        this.lastError.set(profileId, { error: err.data, at: this.now() })
        log.warn(`customer directory refresh for ${profileId} failed after ${byId.size} customers: ${err.message}`)
        this.emitPage(profileId, runId, 'failed', [], byId.size, expected, err.data)
        this.emit(profileId, byId.size, true, err.message, `Directory refresh failed after ${nf(byId.size)} customers`)
      }
      throw err
    }
  }

  /**
   * What a stopped read had read is not thrown away: merged over the list before it (fresher copies win) and
   * saved marked partial. The list keeps its old age when it had one, since most of it is that old.
   */
  private async keepPartial(
    profileId: string,
    before: CacheEntry<Customer> | null,
    read: Map<number, Customer>,
    startedAt: string,
    reason: 'cancelled' | 'failed',
  ): Promise<void> {
    if (read.size === 0) return
    const merged = new Map<number, Customer>()
    for (const c of before?.items ?? []) merged.set(c.id, c)
    for (const [id, c] of read) merged.set(id, c)
    try {
      await this.opts.cache.writeCustomers(profileId, {
        fetchedAt: before?.fetchedAt ?? startedAt,
        items: [...merged.values()],
        partial: { read: read.size, reason },
      })
    } catch (e) {
      log.warn(`saving the partly read directory of ${profileId} failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
}

/** How `list` explains a directory whose last read stopped early. */
function partialError(p: { read: number; reason: 'cancelled' | 'failed' }): AppErrorData {
  const n = p.read.toLocaleString('en-US')
  return appError(
    'cancelled',
    p.reason === 'cancelled'
      ? `Partial: the last read was cancelled after ${n} customers, so the list may miss customers.`
      : `Partial: the last read failed after ${n} customers, so the list may miss customers.`,
    { hint: 'Refresh from the API to read the whole directory.' },
  ).data
}
