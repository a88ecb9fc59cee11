/**
 * Global search over the local copy of what the console has seen (the customer directory, each opened
 * customer's cached connections and recipes, and the jobs listed this session), and `locate()`, which finds the
 * customer a connection or recipe id belongs to: Workato only addresses them under their customer (reference
 * §3.1, §4.2), so a deep link that names one alone needs the cache first and then each customer in turn.
 */
import { appError, isAppError } from '../../../shared/errors'
import type { Customer, Job } from '../../../shared/domain/workato'
import { locateTask, type LocateAnswer, type SearchAnswer, type SearchKind, type SearchResult } from '../../../shared/contract/search'
import type { DirectoryCache } from '../directory/directory-cache'
import type { EmbeddedApiClient } from '../workato/client'
import type { EventSink } from '../rpc/types'

/** Jobs remembered per profile for search (they are not cached on disk; the oldest go first). */
export const MAX_INDEXED_JOBS = 10_000
/** Shortest query that is matched inside names and error text (one character would match nearly everything). */
const MIN_TEXT_QUERY = 2
/** Progress is reported every this many customers, so a long look-up shows movement without flooding events. */
const PROGRESS_EVERY = 5

interface IndexedJob {
  customerId: number
  recipeId: number
  job: Job
}

export interface SearchServiceOptions {
  cache: DirectoryCache
  clientFor(profileId: string): Promise<EmbeddedApiClient>
  events: EventSink
}

export interface SearchService {
  query(req: { profileId: string; query: string; limit: number }): Promise<SearchAnswer>
  /** Remember the jobs a `jobs:list` answered, so their ids and errors can be searched. */
  indexJobs(profileId: string, customerId: number, recipeId: number, jobs: readonly Job[]): void
  locate(req: { profileId: string; kind: 'connection' | 'recipe'; id: number; lookupId: string }, signal: AbortSignal): Promise<LocateAnswer>
  cancelLocate(lookupId: string): boolean
}

/** Lower rank sorts first: an exact id beats an external id, which beats a name, which beats error text. */
const RANK = { id: 0, external_id: 1, name: 2, error: 3 } as const
type Ranked = SearchResult & { rank: number }

export function createSearchService(opts: SearchServiceOptions): SearchService {
  const jobs = new Map<string, Map<string, IndexedJob>>()
  const lookups = new Map<string, AbortController>()

  function match(text: string | null | undefined, q: string): boolean {
    return typeof text === 'string' && text.toLowerCase().includes(q)
  }

  return {
    async query({ profileId, query, limit }) {
      const q = query.trim().toLowerCase()
      const digits = /^[0-9]+$/.test(q) ? Number(q) : null
      const text = q.length >= MIN_TEXT_QUERY
      const out: Ranked[] = []
      const directory = (await opts.cache.readCustomers(profileId))?.items ?? []
      const names = new Map<number, string>(directory.map((c) => [c.id, c.name]))
      const add = (r: SearchResult) => out.push({ ...r, rank: RANK[r.matched] })

      for (const c of directory) {
        const base = { kind: 'customer' as const, id: String(c.id), title: c.name, customerId: c.id, customerName: c.name }
        if (digits !== null && c.id === digits) add({ ...base, detail: c.external_id ?? null, matched: 'id' })
        else if (c.external_id && c.external_id.toLowerCase() === q) add({ ...base, detail: c.external_id, matched: 'external_id' })
        else if (text && match(c.external_id, q)) add({ ...base, detail: c.external_id ?? null, matched: 'external_id' })
        else if (text && match(c.name, q)) add({ ...base, detail: c.external_id ?? null, matched: 'name' })
      }

      const cached = await opts.cache.cachedCustomerIds(profileId)
      let connectionCount = 0
      let recipeCount = 0
      for (const customerId of cached) {
        const customerName = names.get(customerId) ?? null
        const [connections, recipes] = await Promise.all([
          opts.cache.readAllViews(profileId, customerId, 'connections'),
          opts.cache.readAllViews(profileId, customerId, 'recipes'),
        ])
        connectionCount += connections.length
        recipeCount += recipes.length
        for (const c of connections) {
          const base = { kind: 'connection' as const, id: String(c.id), title: c.name, customerId, customerName }
          const state = c.authorization_status ?? null
          if (digits !== null && c.id === digits) add({ ...base, detail: c.authorization_error ?? state, matched: 'id' })
          else if (text && match(c.external_id, q)) add({ ...base, detail: c.external_id ?? null, matched: 'external_id' })
          else if (text && match(c.name, q)) add({ ...base, detail: c.authorization_error ?? state, matched: 'name' })
          else if (text && match(c.authorization_error, q)) add({ ...base, detail: c.authorization_error ?? null, matched: 'error' })
        }
        for (const r of recipes) {
          const base = { kind: 'recipe' as const, id: String(r.id), title: r.name, customerId, customerName, recipeId: r.id }
          const state = r.running ? 'running' : r.stop_cause ? `stopped: ${r.stop_cause}` : 'stopped'
          if (digits !== null && r.id === digits) add({ ...base, detail: state, matched: 'id' })
          else if (text && match(r.name, q)) add({ ...base, detail: state, matched: 'name' })
          else if (text && match(r.stop_cause, q)) add({ ...base, detail: state, matched: 'error' })
        }
      }

      const seenJobs = [...(jobs.get(profileId)?.values() ?? [])]
      for (const { customerId, recipeId, job } of seenJobs) {
        const base = {
          kind: 'job' as const,
          id: job.id,
          title: job.title ?? `Job ${job.id}`,
          customerId,
          customerName: names.get(customerId) ?? null,
          recipeId,
        }
        if (job.id.toLowerCase() === q) add({ ...base, detail: job.error ?? job.status ?? null, matched: 'id' })
        else if (text && match(job.error, q)) add({ ...base, detail: job.error ?? null, matched: 'error' })
      }

      out.sort((a, b) => a.rank - b.rank || kindOrder(a.kind) - kindOrder(b.kind))
      const results = out.slice(0, limit).map(({ rank: _rank, ...r }) => r)
      return {
        results,
        total: out.length,
        searched: { customers: directory.length, connections: connectionCount, recipes: recipeCount, jobs: seenJobs.length },
      }
    },

    indexJobs(profileId, customerId, recipeId, list) {
      let index = jobs.get(profileId)
      if (!index) jobs.set(profileId, (index = new Map()))
      for (const job of list) {
        index.delete(job.id) // re-inserted last: the freshest copy, and the last to be evicted
        index.set(job.id, { customerId, recipeId, job })
      }
      for (const id of index.keys()) {
        if (index.size <= MAX_INDEXED_JOBS) break
        index.delete(id)
      }
    },

    async locate({ profileId, kind, id, lookupId }, signal) {
      const controller = new AbortController()
      lookups.set(lookupId, controller)
      const both = AbortSignal.any([signal, controller.signal])
      const task = locateTask(lookupId)
      const label = (done: number, total: number) => `Looking up ${kind} ${id}: checked ${done} of ${total} customers`
      try {
        for (const customerId of await opts.cache.cachedCustomerIds(profileId)) {
          const items = await opts.cache.readAllViews(profileId, customerId, kind === 'connection' ? 'connections' : 'recipes')
          if (items.some((x) => x.id === id)) return { customerId, source: 'cache', checked: 0, cancelled: false }
        }
        const directory: Customer[] = (await opts.cache.readCustomers(profileId))?.items ?? []
        if (!directory.length) {
          throw appError('not_found', `The console does not know which customer ${kind} ${id} belongs to, and the customer list is empty.`, {
            hint: 'Open Customers to read the customer list from Workato, then open the link again.',
          })
        }
        const client = await opts.clientFor(profileId)
        let checked = 0
        for (const c of directory) {
          if (both.aborted) break
          try {
            if (kind === 'connection') await client.getConnection(c.id, id, {}, both)
            else await client.getRecipe(c.id, id, both)
            opts.events.emit('progress', {
              task,
              label: label(checked + 1, directory.length),
              done: checked + 1,
              total: directory.length,
              finished: true,
              error: null,
            })
            return { customerId: c.id, source: 'api', checked: checked + 1, cancelled: false }
          } catch (e) {
            if (both.aborted) break
            // Not this customer's: Workato answers 404 for an id outside the workspace (§6.1); anything else is real.
            if (!(isAppError(e) && (e.data.code === 'not_found' || e.data.status === 404))) throw e
          }
          checked++
          if (checked % PROGRESS_EVERY === 0) {
            opts.events.emit('progress', {
              task,
              label: label(checked, directory.length),
              done: checked,
              total: directory.length,
              finished: false,
              error: null,
            })
          }
        }
        const cancelled = both.aborted
        opts.events.emit('progress', {
          task,
          label: label(checked, directory.length),
          done: checked,
          total: directory.length,
          finished: true,
          error: null,
        })
        return { customerId: null, source: null, checked, cancelled }
      } finally {
        lookups.delete(lookupId)
      }
    },

    cancelLocate(lookupId) {
      const c = lookups.get(lookupId)
      c?.abort()
      return c !== undefined
    },
  }
}

function kindOrder(k: SearchKind): number {
  return ['customer', 'connection', 'recipe', 'job'].indexOf(k)
}
