/**
 * The workspace service: what the console does in a partner's customer workspaces, i.e. the handlers for every
 * `customers:*`, `connections:*`, `recipes:*`, `jobs:*`, `folders:*` and `waits:*` operation, built on the
 * Workato API client (`core/workato`):
 * the API client per profile (one rate limiter per profile, since Workato's limits are per partner account),
 * the directory cache for offline/instant lists, and the conflict rules for disconnecting a connection in use.
 *
 * Lists: `customers:list` answers from the cache at once (and starts a background refresh when the directory is
 * missing or old; watch `progress` events with task `customers:refresh:<profileId>`). `connections:list` and
 * `recipes:list` read the API, and when it cannot be reached answer with the last-seen items, `stale: true` and
 * the error; with nothing cached they fail with that error.
 *
 * Waits: every wait inside a call (rate-limit queue, Retry-After, retry backoff) goes out as a `progress` event
 * (task `api:wait:<profileId>:<callId>`, see shared/contract/workato.ts) and `waits:cancel` ends that call.
 * The client of a profile is built once and kept until the profile's token or settings change, so a call costs
 * no keychain read.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { appError, isAppError, type AppError } from '../../../shared/errors'
import type { Connection, Folder, Recipe } from '../../../shared/domain/workato'
import { apiWaitTask, BACKGROUND_CALL_ID, parseApiWaitTask } from '../../../shared/contract/workato'
import type { CallContext } from '../rpc/types'
import { log } from '../log'
import type { DomainHandlers, EventSink } from '../rpc/types'
import type { ApiTarget, ProfileAccess } from '../services'
import { CustomerDirectory } from '../directory/customer-directory'
import type { CachedList } from '../../../shared/contract/workato'
import { DirectoryCache, viewKey, type CacheEntry } from '../directory/directory-cache'
import { EmbeddedApiClient, type RecipeQuery } from '../workato/client'
import type { RateLimitSetting } from '../workato/families'
import { ApiHttp, type ApiWait, type FetchLike, type HttpOptions } from '../workato/http'
import { CallPacerRegistry } from '../workato/call-pacer'
import type { RetryPolicy } from '../workato/retry'

export interface WorkspaceServiceOptions {
  profiles: ProfileAccess
  events: EventSink
  /** Where the directory cache lives (one folder per profile). */
  dataDir: string
  fetch?: FetchLike
  /** Client-side pacing; default the documented limits (reference §6.2). */
  rateLimits?: RateLimitSetting
  /** Per attempt; default 40 s (reference §6.2). */
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** Age after which the customer directory counts as stale. */
  customersTtlMs?: number
  /** Whether `customers:list` starts a background refresh by itself. Default true. */
  autoRefresh?: boolean
  /** The share of each family's limit the console allows itself (settings.rateLimitShare), read live. Default 1. */
  rateLimitShare?: () => number
  /** A profile's rate-limit budget changed (the budget service turns it into throttled events). */
  onBudgetChange?: (profileId: string) => void
}

export type WorkspaceHandlers = DomainHandlers<'customers'> &
  DomainHandlers<'connections'> &
  DomainHandlers<'recipes'> &
  Pick<DomainHandlers<'jobs'>, 'jobs:list'> &
  DomainHandlers<'folders'> &
  DomainHandlers<'waits'>

/** One contract call in flight, known to the waits it may go through (AsyncLocalStorage carries it). */
interface TrackedCall {
  id: string
  profileId: string
  controller: AbortController
  /** What the console is doing, for the budget's "who waits" (e.g. "Directory refresh"). */
  activity?: string
}

export interface WorkspaceService {
  handlers: WorkspaceHandlers
  directory: CustomerDirectory
  cache: DirectoryCache
  limiters: CallPacerRegistry
  clientFor(profileId: string): Promise<EmbeddedApiClient>
  /**
   * The HTTP layer for one profile's target, paced by that profile's rate limiter, with this service's fetch,
   * retries and wait reporting: the profile service's own calls (connection test, key registration) use it.
   */
  httpFor(target: ApiTarget): ApiHttp
  /** Makes another domain's API-calling handlers cancellable through `waits:cancel` (see `tracked`). */
  trackAll<D extends { [K in keyof D]: (req: never, ctx: CallContext) => Promise<unknown> }>(handlers: D): D
}

export function createWorkspaceService(opts: WorkspaceServiceOptions): WorkspaceService {
  const limiters = new CallPacerRegistry(opts.rateLimits ?? 'documented', { share: opts.rateLimitShare, onChange: opts.onBudgetChange })
  const cache = new DirectoryCache(opts.dataDir)

  const calls = new AsyncLocalStorage<TrackedCall>()
  const active = new Map<string, TrackedCall>()
  let nextCallId = 1

  /** Runs a handler as a cancellable call: `waits:cancel` with one of its wait tasks aborts it. */
  function tracked<Req extends { profileId: string }, Res>(fn: (req: Req, ctx: CallContext) => Promise<Res>) {
    return (req: Req, ctx: CallContext): Promise<Res> => {
      const call: TrackedCall = { id: String(nextCallId++), profileId: req.profileId, controller: new AbortController() }
      active.set(call.id, call)
      const signal = AbortSignal.any([ctx.signal, call.controller.signal])
      return calls.run(call, () => fn(req, { ...ctx, signal })).finally(() => active.delete(call.id))
    }
  }

  /**
   * The same for another domain's handlers that call the API through `clientFor` (the flows), so their waits
   * get a Cancel too. A request without a profile id runs untracked.
   */
  function trackAll<D extends { [K in keyof D]: (req: never, ctx: CallContext) => Promise<unknown> }>(hs: D): D {
    const out: Record<string, (req: unknown, ctx: CallContext) => Promise<unknown>> = {}
    for (const [name, fn] of Object.entries(hs) as [string, (req: unknown, ctx: CallContext) => Promise<unknown>][]) {
      const inCall = tracked((req: { profileId: string }, ctx) => fn(req, ctx))
      out[name] = (req, ctx) => {
        const profileId = (req as { profileId?: unknown } | null)?.profileId
        return typeof profileId === 'string' ? inCall({ ...(req as object), profileId }, ctx) : fn(req, ctx)
      }
    }
    // Same keys, each handler wrapped with its own signature unchanged.
    return out as unknown as D
  }

  /** A wait becomes a `progress` event the screens show next to their spinner, with a Cancel button. */
  function reportWait(profileId: string, w: ApiWait): () => void {
    const call = calls.getStore()
    const task = apiWaitTask(profileId, call && call.profileId === profileId ? call.id : BACKGROUND_CALL_ID)
    const total = Math.max(1, Math.ceil(w.delayMs / 1000))
    opts.events.emit('progress', { task, label: w.label, done: 0, total, finished: false, error: null })
    log.debug(`waiting: ${w.label}`)
    return () => opts.events.emit('progress', { task, label: w.label, done: total, total, finished: true, error: null })
  }

  // One client per profile: building one reads the token from the keychain (two keytar calls, and maybe an
  // unlock prompt); it is dropped when the profile's token or settings change, and after a 401.
  const clients = new Map<string, Promise<EmbeddedApiClient>>()
  opts.profiles.onTargetChange?.((id) => clients.delete(id))

  function clientFor(profileId: string): Promise<EmbeddedApiClient> {
    let c = clients.get(profileId)
    if (!c) {
      c = buildClient(profileId)
      clients.set(profileId, c)
      // A failed build (no token yet, keychain locked) is not kept: the next call tries again.
      c.catch(() => {
        if (clients.get(profileId) === c) clients.delete(profileId)
      })
    }
    return c
  }

  function httpOptions(target: ApiTarget): HttpOptions {
    log.addSecret(target.apiToken)
    return {
      target,
      fetch: opts.fetch,
      limiter: limiters.for(target.profileId),
      timeoutMs: opts.timeoutMs,
      retry: opts.retry,
      onRetry: (r) => log.debug(`retrying ${r.method} ${r.path} in ${r.delayMs} ms (attempt ${r.attempt + 1}, ${r.reason})`),
      onWait: (w) => reportWait(target.profileId, w),
      activity: () => calls.getStore()?.activity,
    }
  }

  async function buildClient(profileId: string): Promise<EmbeddedApiClient> {
    return new EmbeddedApiClient(httpOptions(await opts.profiles.apiTarget(profileId)))
  }

  const httpFor = (target: ApiTarget): ApiHttp => new ApiHttp(httpOptions(target))

  /** A refused token may have been replaced outside this service (another window): re-read it next time. */
  async function withClient<T>(profileId: string, fn: (c: EmbeddedApiClient) => Promise<T>): Promise<T> {
    const pending = clientFor(profileId)
    try {
      return await fn(await pending)
    } catch (e) {
      if (isAppError(e) && e.code === 'unauthorized' && clients.get(profileId) === pending) clients.delete(profileId)
      throw e
    }
  }

  // One folder walk per (profile, customer) at a time: the folders family allows 60 calls a minute for the whole
  // account, and twenty pickers opening at once each walking the same tree would queue for a minute or more.
  const folderWalks = new Map<string, { promise: Promise<{ folders: Folder[]; truncated: boolean }>; controller: AbortController; users: number }>()
  function sharedFolderTree(profileId: string, customerId: number, signal: AbortSignal): Promise<{ folders: Folder[]; truncated: boolean }> {
    const key = `${profileId}\u0000${customerId}`
    let walk = folderWalks.get(key)
    if (!walk) {
      const controller = new AbortController()
      const promise = withClient(profileId, (c) => c.listFolderTree(customerId, { signal: controller.signal }))
      const entry = { promise, controller, users: 0 }
      folderWalks.set(key, entry)
      void promise.then(
        () => folderWalks.get(key) === entry && folderWalks.delete(key),
        () => folderWalks.get(key) === entry && folderWalks.delete(key),
      )
      walk = entry
    }
    const w = walk
    w.users++
    return new Promise((resolve, reject) => {
      // Only the last caller to leave stops the shared walk; the others keep their answer coming.
      const leave = () => {
        w.users--
        if (w.users === 0) {
          w.controller.abort()
          if (folderWalks.get(key) === w) folderWalks.delete(key)
        }
        reject(appError('cancelled', 'Cancelled.'))
      }
      if (signal.aborted) return leave()
      signal.addEventListener('abort', leave, { once: true })
      w.promise.then(
        (v) => {
          signal.removeEventListener('abort', leave)
          w.users--
          resolve(v)
        },
        (e: unknown) => {
          signal.removeEventListener('abort', leave)
          w.users--
          reject(e)
        },
      )
    })
  }

  const directory = new CustomerDirectory({
    cache,
    events: opts.events,
    clientFor,
    ttlMs: opts.customersTtlMs,
    autoRefresh: opts.autoRefresh,
    // A refresh is a call of its own, even when `customers:list` started it in the background: its rate-limit
    // waits then carry a Cancel (waits:cancel ends the refresh, keeping what it read) and name what waits.
    runRefresh: (profileId, controller, fn) => {
      const call: TrackedCall = { id: `directory-${profileId}`, profileId, controller, activity: 'Directory refresh' }
      active.set(call.id, call)
      return calls.run(call, fn).finally(() => {
        if (active.get(call.id) === call) active.delete(call.id)
      })
    },
  })

  /** Cache bookkeeping must never turn a successful API call into a failure. */
  async function quietly(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn()
    } catch (e) {
      log.warn(`cache update after ${what} failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  /** Live read with the cache as the fallback (see the header). */
  async function liveOrCached<T>(
    read: () => Promise<T[]>,
    cached: () => Promise<CacheEntry<T> | null>,
    save: (entry: CacheEntry<T>) => Promise<void>,
  ): Promise<CachedList<T>> {
    try {
      const items = await read()
      const entry = { fetchedAt: new Date().toISOString(), items }
      await quietly('list', () => save(entry))
      return { ...entry, stale: false, error: null }
    } catch (e) {
      if (!isAppError(e) || e.code === 'cancelled') throw e
      const last = await cached().catch(() => null)
      if (!last) throw e
      return { items: last.items, fetchedAt: last.fetchedAt, stale: true, error: e.data }
    }
  }

  async function runningRecipesUsing(profileId: string, customerId: number, connectionId: number, signal: AbortSignal) {
    const client = await clientFor(profileId)
    const running = await client.listAllRecipes(customerId, { running: true }, { signal })
    return running
      .filter((r) => r.running && (r.config ?? []).some((slot) => slot.account_id === connectionId))
      .map((r) => ({ id: r.id, name: r.name }))
  }

  /** `fromApi`: Workato itself refused (HTTP 400); otherwise our pre-check stopped the call before it was sent. */
  function inUseError(connectionId: number, recipes: { id: number; name: string }[], fromApi: boolean, workatoMessage?: string): AppError {
    const names = recipes.map((r) => `"${r.name}" (recipe ${r.id})`)
    const list = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ')
    const message = recipes.length
      ? `Connection ${connectionId} is used by ${recipes.length === 1 ? 'a running recipe' : `${recipes.length} running recipes`}: ${list}.`
      : `Workato refused to disconnect connection ${connectionId}${workatoMessage ? `: ${workatoMessage}` : '.'}`
    return appError('conflict', message, {
      ...(fromApi ? { status: 400 } : {}),
      hint: recipes.length
        ? 'Stop those recipes first, or disconnect with force: they will fail until the customer reconnects.'
        : 'Check whether running recipes use it; disconnecting with force overrides the check.',
      details: { runningRecipes: recipes, ...(workatoMessage ? { workatoMessage } : {}) },
    })
  }

  const upsertConnection = (profileId: string, customerId: number, conn: Connection) =>
    quietly('connection change', () =>
      // A new or changed connection goes into the views it would be listed in and leaves the others.
      cache.mapViews(profileId, customerId, 'connections', (items, key) =>
        matchesKey(conn, key) ? upsertById(items, conn) : items.filter((c) => c.id !== conn.id),
      ),
    )

  const patchRecipe = (profileId: string, customerId: number, recipeId: number, change: (r: Recipe) => Recipe) =>
    quietly('recipe change', () => cache.mapViews(profileId, customerId, 'recipes', (items) => items.map((r) => (r.id === recipeId ? change(r) : r))))

  const handlers: WorkspaceHandlers = {
    // ------------------------------------------------------------------ customers
    // The directory refresh has its own cancel (customers:cancelRefresh); its waits are reported as `background`.
    'customers:list': async ({ profileId }) => directory.list(profileId),

    'customers:refresh': async ({ profileId }, ctx) => directory.refresh(profileId, ctx.signal),

    'customers:cancelRefresh': async ({ profileId }) => {
      directory.cancel(profileId)
      return { ok: true as const }
    },

    'customers:get': tracked(async ({ profileId, customerId }, ctx) => {
      const customer = await withClient(profileId, (c) => c.getCustomer(customerId, ctx.signal))
      await quietly('customers:get', () => cache.upsertCustomer(profileId, customer))
      return customer
    }),

    'customers:create': tracked(async ({ profileId, input }, ctx) => {
      const { value: customer, recovered } = await withClient(profileId, (c) => c.createCustomerChecked(input, ctx.signal))
      if (recovered) log.warn(`customers:create: ${recovered}`)
      await quietly('customers:create', () => cache.upsertCustomer(profileId, customer))
      return recovered ? { ...customer, recovered } : customer
    }),

    'customers:update': tracked(async ({ profileId, customerId, patch }, ctx) => {
      const customer = await withClient(profileId, (c) => c.updateCustomer(customerId, patch, ctx.signal))
      await quietly('customers:update', () => cache.upsertCustomer(profileId, customer))
      return customer
    }),

    // ------------------------------------------------------------------ connections
    'connections:list': tracked(async ({ profileId, customerId, filters }, ctx) => {
      const key = viewKey(filters)
      return liveOrCached(
        () => withClient(profileId, (c) => c.listConnections(customerId, filters ?? {}, ctx.signal)),
        async () =>
          (await cache.readView(profileId, customerId, 'connections', key)) ??
          // Never fetched with these filters: narrow the unfiltered list the way Workato would (§3.2).
          derive(
            await cache.readView(profileId, customerId, 'connections', ''),
            (c) => matchesKey(c, key),
            key !== '' && !/include_runtime/.test(key),
          ),
        (entry) => cache.writeView(profileId, customerId, 'connections', key, entry),
      )
    }),

    'connections:get': tracked(async ({ profileId, customerId, connectionId }, ctx) => {
      const conn = await withClient(profileId, (c) => c.getConnection(customerId, connectionId, {}, ctx.signal))
      await upsertConnection(profileId, customerId, conn)
      return conn
    }),

    'connections:create': tracked(async ({ profileId, customerId, input }, ctx) => {
      const { value: conn, recovered } = await withClient(profileId, (c) => c.createConnectionChecked(customerId, input, ctx.signal))
      if (recovered) log.warn(`connections:create: ${recovered}`)
      await upsertConnection(profileId, customerId, conn)
      return recovered ? { ...conn, recovered } : conn
    }),

    'connections:update': tracked(async ({ profileId, customerId, connectionId, patch }, ctx) => {
      const conn = await withClient(profileId, (c) => c.updateConnection(customerId, connectionId, patch, ctx.signal))
      await upsertConnection(profileId, customerId, conn)
      return conn
    }),

    'connections:usage': tracked(async ({ profileId, customerId, connectionId }, ctx) => ({
      connectionId,
      runningRecipes: await runningRecipesUsing(profileId, customerId, connectionId, ctx.signal),
    })),

    'connections:disconnect': tracked(async ({ profileId, customerId, connectionId, force }, ctx) => {
      const client = await clientFor(profileId)
      if (!force) {
        // Pre-check so the person learns *which* recipes would break; Workato's own refusal names none (§3.6).
        const users = await runningRecipesUsing(profileId, customerId, connectionId, ctx.signal)
        if (users.length) throw inUseError(connectionId, users, false)
      }
      try {
        await client.disconnectConnection(customerId, connectionId, { force, signal: ctx.signal })
      } catch (e) {
        if (!force && isAppError(e) && e.data.status === 400) {
          const users = await runningRecipesUsing(profileId, customerId, connectionId, ctx.signal).catch(() => [])
          const details = e.data.details as { workatoMessage?: string } | undefined
          throw inUseError(connectionId, users, true, details?.workatoMessage)
        }
        throw e
      }
      // Re-read it so the cache (and the caller's next list) shows the disconnected state.
      await quietly('connections:disconnect', async () => {
        const conn = await client.getConnection(customerId, connectionId, {}, ctx.signal)
        await upsertConnection(profileId, customerId, conn)
      })
      return { ok: true as const }
    }),

    'connections:delete': tracked(async ({ profileId, customerId, connectionId }, ctx) => {
      await withClient(profileId, (c) => c.deleteConnection(customerId, connectionId, ctx.signal))
      await quietly('connections:delete', () =>
        cache.mapViews(profileId, customerId, 'connections', (items) => items.filter((c) => c.id !== connectionId)),
      )
      return { ok: true as const }
    }),

    // ------------------------------------------------------------------ recipes
    'recipes:list': tracked(async ({ profileId, customerId, running, stopCause }, ctx) => {
      const query: RecipeQuery = { running, stopCause }
      const key = viewKey({ running, stopCause })
      return liveOrCached(
        () => withClient(profileId, (c) => c.listAllRecipes(customerId, query, { signal: ctx.signal })),
        async () =>
          (await cache.readView(profileId, customerId, 'recipes', key)) ??
          derive(
            await cache.readView(profileId, customerId, 'recipes', ''),
            (x) => (running === undefined || x.running === running) && (!stopCause || x.stop_cause === stopCause),
            key !== '',
          ),
        (entry) => cache.writeView(profileId, customerId, 'recipes', key, entry),
      )
    }),

    'recipes:get': tracked(async ({ profileId, customerId, recipeId }, ctx) => {
      const recipe = await withClient(profileId, (c) => c.getRecipe(customerId, recipeId, ctx.signal))
      await patchRecipe(profileId, customerId, recipeId, () => recipe)
      return recipe
    }),

    'recipes:start': tracked(async ({ profileId, customerId, recipeId }, ctx) => {
      const result = await withClient(profileId, (c) => c.startRecipe(customerId, recipeId, ctx.signal))
      if (result.success) await patchRecipe(profileId, customerId, recipeId, (r) => ({ ...r, running: true }))
      return result
    }),

    'recipes:stop': tracked(async ({ profileId, customerId, recipeId }, ctx) => {
      const result = await withClient(profileId, (c) => c.stopRecipe(customerId, recipeId, ctx.signal))
      if (result.success) await patchRecipe(profileId, customerId, recipeId, (r) => ({ ...r, running: false }))
      return result
    }),

    // ------------------------------------------------------------------ jobs, folders
    'jobs:list': tracked(async ({ profileId, customerId, recipeId, status, offsetJobId }, ctx) =>
      withClient(profileId, (c) => c.listJobs(customerId, recipeId, { status, offsetJobId }, ctx.signal)),
    ),

    'folders:list': tracked(async ({ profileId, customerId }, ctx) => sharedFolderTree(profileId, customerId, ctx.signal)),

    // ------------------------------------------------------------------ waits
    'waits:cancel': async ({ task }) => {
      const ref = parseApiWaitTask(task)
      const call = ref ? active.get(ref.callId) : undefined
      if (!ref || !call || call.profileId !== ref.profileId) return { cancelled: false }
      // A directory refresh stopped from its wait is a person's cancel like the Customers screen's button.
      if (call.id === `directory-${call.profileId}`) directory.cancel(call.profileId)
      else call.controller.abort()
      return { cancelled: true }
    },
  }

  return { handlers, directory, cache, limiters, clientFor, httpFor, trackAll }
}

/** A filtered view made from the cached unfiltered one, when that is a faithful stand-in (`allowed`). */
function derive<T>(all: CacheEntry<T> | null, keep: (item: T) => boolean, allowed: boolean): CacheEntry<T> | null {
  if (!all || !allowed) return null
  return { fetchedAt: all.fetchedAt, items: all.items.filter(keep) }
}

function upsertById<T extends { id: number }>(items: T[], item: T): T[] {
  const i = items.findIndex((x) => x.id === item.id)
  if (i < 0) return [...items, item]
  const out = items.slice()
  out[i] = item
  return out
}

/**
 * Whether a connection belongs in a cached view, judged by the filters Workato applies (§3.2). Runtime user
 * connections (a parent and an external id) only appear in views that asked for them.
 */
function matchesKey(c: Connection, key: string): boolean {
  const f = new URLSearchParams(key)
  if (!f.get('include_runtime_connections') && c.parent_id && c.external_id) return false
  const eq = (name: string, value: unknown) => {
    const want = f.get(name)
    return want === null || String(value) === want
  }
  return eq('provider', c.provider) && eq('folder_id', c.folder_id) && eq('parent_id', c.parent_id) && eq('external_id', c.external_id)
}
