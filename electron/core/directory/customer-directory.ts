/**
 * The customer directory of each profile: served from the cache at once, re-read from the API in the background
 * with progress events (task id `customers:refresh:<profileId>`), one refresh per profile at a time, cancellable.
 * When a refresh fails the cached list stays, marked stale with the error, so the console keeps working offline.
 */
import type { AppErrorData } from '../../../shared/errors'
import { appError, isAppError } from '../../../shared/errors'
import type { Customer } from '../../../shared/domain/workato'
import type { CachedList } from '../../../shared/contract/workato'
import type { EmbeddedApiClient } from '../workato/client'
import type { EventSink } from '../rpc/types'
import { log } from '../log'
import type { DirectoryCache } from './directory-cache'

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
    const old = !entry || this.now() - Date.parse(entry.fetchedAt) > this.ttlMs
    if (this.autoRefresh && old && !this.running.has(profileId) && (!failure || this.now() - failure.at > this.retryAfterFailureMs)) {
      this.refresh(profileId).catch(() => undefined) // the outcome reaches the UI through progress events and lastError
    }
    return {
      items: entry?.items ?? [],
      fetchedAt: entry?.fetchedAt ?? null,
      stale: old || failure !== null,
      error: failure?.error ?? null,
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
    const controller = new AbortController()
    if (signal) {
      if (signal.aborted) controller.abort()
      else signal.addEventListener('abort', () => controller.abort(), { once: true })
    }
    const promise = this.sweep(profileId, controller.signal).finally(() => this.running.delete(profileId))
    this.running.set(profileId, { promise, controller })
    return promise
  }

  cancel(profileId: string): boolean {
    const r = this.running.get(profileId)
    if (!r) return false
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

  private async sweep(profileId: string, signal: AbortSignal): Promise<{ count: number; fetchedAt: string }> {
    this.emit(profileId, 0, false, null, 'Reading the customer directory…')
    const byId = new Map<number, Customer>()
    try {
      const client = await this.opts.clientFor(profileId)
      const startedAt = new Date(this.now()).toISOString()
      for await (const page of client.iterateCustomers({ signal })) {
        // Customers created during the sweep shift later pages; keeping the last copy per id removes duplicates.
        for (const c of page) byId.set(c.id, c)
        this.emit(profileId, byId.size, false, null, `Reading the customer directory: ${byId.size.toLocaleString('en-US')} so far`)
      }
      if (signal.aborted) throw appError('cancelled', 'Cancelled.')
      const items = [...byId.values()]
      await this.opts.cache.writeCustomers(profileId, { fetchedAt: startedAt, items })
      this.lastError.delete(profileId)
      this.emit(profileId, items.length, true, null, `Read ${items.length.toLocaleString('en-US')} customers`)
      return { count: items.length, fetchedAt: startedAt }
    } catch (e) {
      const err = isAppError(e) ? e : appError('internal', `Refreshing the customer directory failed: ${e instanceof Error ? e.message : String(e)}`)
      if (err.code === 'cancelled') {
        this.emit(profileId, byId.size, true, 'Cancelled.', 'Directory refresh cancelled; showing the last saved list')
      } else {
        this.lastError.set(profileId, { error: err.data, at: this.now() })
        log.warn(`customer directory refresh for ${profileId} failed: ${err.message}`)
        this.emit(profileId, byId.size, true, err.message, 'Directory refresh failed; showing the last saved list')
      }
      throw err
    }
  }
}
