import { ref, type Ref } from 'vue'
import type { AppErrorData } from '@shared/errors'
import { errorData as errorDataOf, errorMessage } from '@/bridge'

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
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  /** The error behind `error`, for its correlation id. */
  const errorData = ref<AppErrorData | null>(null)

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
    loading.value = true
    error.value = null
    errorData.value = null
    try {
      const res = await fetchList(s)
      if (!sameScope(s)) return
      items.value = res.items
      fetchedAt.value = res.fetchedAt
      stale.value = res.stale
      staleError.value = res.error
      loaded.value = true
    } catch (e) {
      if (sameScope(s)) {
        error.value = errorMessage(e)
        errorData.value = errorDataOf(e)
      }
    } finally {
      loading.value = false
    }
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
