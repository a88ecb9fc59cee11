import { ref, type Ref } from 'vue'
import type { AppErrorData } from '@shared/errors'
import { useAsyncState } from './use-async-state'

export interface CustomerScope {
  profileId: string
  customerId: number
}

/** What core's cached list operations answer (shared/contract/workato.ts `cached()`). */
export interface CachedList<T> {
  items: T[]
  fetchedAt: string | null
  stale: boolean
  error: AppErrorData | null
}

/**
 * One customer's list (connections, recipes) as the stores keep it: the open customer, the last answer with its
 * age and staleness, and loading/error state. A late answer for a customer that is no longer open is dropped, so
 * switching customers quickly never shows one customer's rows under another's header.
 */
export function useCustomerList<T>(fetchList: (s: CustomerScope) => Promise<CachedList<T>>, onScopeChange: () => void = () => {}) {
  const scope = ref<CustomerScope | null>(null)
  const items = ref([]) as Ref<T[]>
  const fetchedAt = ref<string | null>(null)
  const stale = ref(false)
  const staleError = ref<AppErrorData | null>(null)
  const loaded = ref(false)
  // The latest load wins: a late answer for a customer that is no longer open is dropped.
  const latest = useAsyncState((s: CustomerScope) => fetchList(s))
  const { loading, error, errorData } = latest

  function sameScope(s: CustomerScope) {
    return scope.value?.profileId === s.profileId && scope.value.customerId === s.customerId
  }

  async function load(s: CustomerScope) {
    if (!sameScope(s)) {
      scope.value = { ...s }
      items.value = []
      loaded.value = false
      fetchedAt.value = null
      onScopeChange()
    }
    const res = await latest.run(s)
    if (!res || !sameScope(s)) return
    items.value = res.items
    fetchedAt.value = res.fetchedAt
    stale.value = res.stale
    staleError.value = res.error
    loaded.value = true
  }

  async function reload() {
    if (scope.value) await load(scope.value)
  }

  function requireScope(): CustomerScope {
    if (!scope.value) throw new Error('No customer is open')
    return scope.value
  }

  return { scope, items, fetchedAt, stale, staleError, loading, loaded, error, errorData, load, reload, requireScope }
}
