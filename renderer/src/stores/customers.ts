import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Progress } from '@shared/contract/app'
import type { AppErrorData } from '@shared/errors'
import type { Customer, CustomerInput } from '@shared/domain/workato'
import { api, onEvent } from '@/bridge'
import { ApiError, errorData, errorMessage } from '@/lib/errors'
import { createIncrementalFilter, sortRows, toRow, toRows, type CustomerRow, type SortState } from '@/lib/customer-search'
import type { DirectoryPage } from '@shared/contract/directory'

export function refreshTaskId(profileId: string): string {
  return `customers:refresh:${profileId}`
}

/** Where the directory's read stands, for the state tags: what is true now, never "could not load" while rows arrive. */
export type ReadState =
  { kind: 'idle' } | { kind: 'reading'; read: number; expected: number | null } | { kind: 'partial'; read: number; reason: 'cancelled' | 'failed' }

/**
 * The customer directory of the active profile: opens on the cached list at once (`customers:list`), shows its
 * age, and re-reads it in the background when it is old or empty. The read streams (`directoryPage` events,
 * shared/contract/directory.ts): each page is merged into the rows as it arrives, so rows appear and are
 * searchable long before the last page. Rows are held in a shallowRef: 10,000 customers must not become 10,000
 * reactive proxies, and a page costs one array copy, not a reactive update per row.
 */
export const useCustomersStore = defineStore('customers', () => {
  const profileId = ref<string | null>(null)
  const rows = shallowRef<CustomerRow[]>([])
  const fetchedAt = ref<string | null>(null)
  const stale = ref(false)
  /** Why the cached list is stale (API down, 401 …), as core reported it. */
  const staleError = ref<AppErrorData | null>(null)
  const loading = ref(false)
  const loaded = ref(false)
  /** `customers:list` itself failed: nothing to show. */
  const loadError = ref<string | null>(null)

  const refreshing = ref(false)
  const progress = ref<Pick<Progress, 'done' | 'total' | 'label'> | null>(null)
  const refreshError = ref<string | null>(null)
  /** The errors behind `loadError` / `refreshError`, for their correlation ids. */
  const refreshErrorData = ref<AppErrorData | null>(null)
  const loadErrorData = ref<AppErrorData | null>(null)
  const cancelled = ref(false)
  const readState = ref<ReadState>({ kind: 'idle' })
  /** Row index by customer id, for merging pages (not reactive: it follows `rows`). */
  let indexById = new Map<number, number>()
  let runId: number | null = null
  /** The customers the current read has brought so far: a list answer that raced ahead of them must not drop them. */
  let streamed = new Map<number, Customer>()
  /** A refresh this store asked for is in flight: its own ending re-reads the list. */
  let ownRefresh = false

  const query = ref('')
  const sort = ref<SortState>({ key: 'name', order: 'ascend' })
  const sorted = computed(() => sortRows(rows.value, sort.value))
  // Typing one more letter filters the previous matches, not every row (50,000 customers stay under a frame).
  const narrow = createIncrementalFilter()
  const filtered = computed(() => narrow(sorted.value, query.value))
  const byId = computed(() => new Map(rows.value.map((r) => [r.id, r])))

  let unsubscribe: (() => void) | null = null
  function listen() {
    if (unsubscribe) return
    unsubscribe = onEvent('progress', (p) => {
      if (!profileId.value || p.task !== refreshTaskId(profileId.value)) return
      if (p.finished) return // the refresh call's own outcome settles the state
      refreshing.value = true
      progress.value = { done: p.done, total: p.total, label: p.label }
    })
    onEvent('directoryPage', onPage)
  }

  /** Puts a page's customers into the rows: a fresher copy replaces the row, a new customer is appended. */
  function mergePage(items: readonly Customer[]) {
    if (!items.length) return
    const next = rows.value.slice()
    for (const c of items) {
      const i = indexById.get(c.id)
      if (i === undefined) {
        indexById.set(c.id, next.length)
        next.push(toRow(c))
      } else next[i] = toRow(c)
    }
    rows.value = next
  }

  function onPage(p: DirectoryPage) {
    if (p.profileId !== profileId.value) return
    if (p.state === 'reading') {
      if (runId !== p.runId) {
        runId = p.runId
        streamed = new Map()
        cancelled.value = false
        refreshError.value = null
      }
      refreshing.value = true
      readState.value = { kind: 'reading', read: p.read, expected: p.expected }
      for (const c of p.items) streamed.set(c.id, c)
      mergePage(p.items)
      loaded.value = true
      return
    }
    if (runId !== null && p.runId !== runId) return
    runId = null
    streamed = new Map()
    // A read stopped before its first page changed nothing: the list is what it was, and the alerts say why.
    if (p.state === 'done' || p.read === 0) readState.value = { kind: 'idle' }
    else readState.value = { kind: 'partial', read: p.read, reason: p.state === 'cancelled' ? 'cancelled' : 'failed' }
    if (p.state === 'cancelled') cancelled.value = true
    if (p.state === 'failed' && p.error) {
      refreshError.value = p.error.message
      refreshErrorData.value = p.error
    }
    // A refresh core started by itself has no caller here to re-read the list when it ends: this does.
    if (!ownRefresh) {
      refreshing.value = false
      progress.value = null
      void relist(p.profileId)
    }
  }

  async function relist(id: string) {
    try {
      const res = await api.customers.list({ profileId: id })
      if (profileId.value === id) setList(res)
    } catch {
      stale.value = true
    }
  }

  function setList(res: { items: Customer[]; fetchedAt: string | null; stale: boolean; error: AppErrorData | null }) {
    const next = toRows(res.items)
    indexById = new Map(next.map((r, i) => [r.id, i]))
    rows.value = next
    // The list was read before some pages arrived (a cold start's first page often beats the list's answer).
    if (readState.value.kind === 'reading') mergePage([...streamed.values()])
    fetchedAt.value = res.fetchedAt
    stale.value = res.stale
    staleError.value = res.error
    // A list saved part-read says so after a restart too (core marks it with a `cancelled` error, "Partial: …").
    if (readState.value.kind !== 'reading' && res.error?.code === 'cancelled' && res.error.message.startsWith('Partial')) {
      readState.value = { kind: 'partial', read: res.items.length, reason: /failed/.test(res.error.message) ? 'failed' : 'cancelled' }
    }
  }

  /** Opens the directory of `id`: cached list first, then a background refresh when it is old or empty. */
  async function open(id: string, opts: { autoRefresh?: boolean } = {}) {
    listen()
    if (profileId.value !== id) {
      profileId.value = id
      rows.value = []
      indexById = new Map()
      streamed = new Map()
      runId = null
      readState.value = { kind: 'idle' }
      cancelled.value = false
      fetchedAt.value = null
      stale.value = false
      staleError.value = null
      loaded.value = false
      refreshError.value = null
      progress.value = null
      refreshing.value = false
    }
    loading.value = true
    loadError.value = null
    try {
      const res = await api.customers.list({ profileId: id })
      if (profileId.value !== id) return
      setList(res)
      loaded.value = true
    } catch (e) {
      loadError.value = errorMessage(e)
      loadErrorData.value = errorData(e)
      return
    } finally {
      loading.value = false
    }
    // An error means the last attempt failed: the person decides when to try again (no retry loop while offline).
    if ((opts.autoRefresh ?? true) && (fetchedAt.value === null || stale.value) && !staleError.value) void refresh()
  }

  /** Re-reads every customer from the API. Resolves when done; failures land in `refreshError`. */
  async function refresh(): Promise<boolean> {
    const id = profileId.value
    if (!id) return false
    listen()
    refreshing.value = true
    refreshError.value = null
    cancelled.value = false
    ownRefresh = true
    progress.value ??= { done: 0, total: null, label: 'Reading the customer directory…' }
    try {
      await api.customers.refresh({ profileId: id })
      if (profileId.value !== id) return false
      setList(await api.customers.list({ profileId: id }))
      loaded.value = true
      return true
    } catch (e) {
      if (profileId.value !== id) return false
      if (e instanceof ApiError && e.code === 'cancelled') cancelled.value = true
      else {
        refreshError.value = errorMessage(e)
        refreshErrorData.value = errorData(e)
      }
      // The list keeps what it had; re-read it so it is marked stale with core's reason.
      try {
        setList(await api.customers.list({ profileId: id }))
      } catch {
        stale.value = true
      }
      return false
    } finally {
      ownRefresh = false
      if (profileId.value === id) {
        refreshing.value = false
        progress.value = null
      }
    }
  }

  async function cancelRefresh() {
    const id = profileId.value
    if (!id) return
    try {
      await api.customers.cancelRefresh({ profileId: id })
    } catch (e) {
      refreshError.value = errorMessage(e)
    }
  }

  /** One customer: from the directory when present, else fresh from the API (a deep link to a new customer). */
  async function get(id: number): Promise<Customer> {
    const row = byId.value.get(id)
    if (row) return row.customer
    const pid = profileId.value
    if (!pid) throw new Error('No active profile')
    return api.customers.get({ profileId: pid, customerId: id })
  }

  /** One customer read from the API, never from the directory (a screen that must show it as it is now). */
  async function fetchOne(s: { profileId: string; customerId: number }): Promise<Customer> {
    return api.customers.get({ ...s })
  }

  /** `recovered` says the answer was cut off and core found the customer afterwards. */
  async function create(pid: string, input: CustomerInput): Promise<Customer & { recovered?: string }> {
    return api.customers.create({ profileId: pid, input })
  }

  return {
    profileId,
    rows,
    fetchedAt,
    stale,
    staleError,
    loading,
    loaded,
    loadError,
    refreshing,
    progress,
    refreshError,
    refreshErrorData,
    loadErrorData,
    cancelled,
    readState,
    query,
    sort,
    sorted,
    filtered,
    byId,
    open,
    refresh,
    cancelRefresh,
    get,
    fetchOne,
    create,
  }
})
