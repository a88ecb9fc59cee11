import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppErrorData } from '@shared/errors'
import type { Connection, ConnectionCreate } from '@shared/domain/workato'
import { api, errorMessage } from '@/api'

export interface CustomerScope {
  profileId: string
  customerId: number
}

/**
 * One customer's connections (reference §3). When the API cannot be reached core answers with the last-seen list
 * marked stale, so the tab keeps showing something useful offline.
 */
export const useConnectionsStore = defineStore('connections', () => {
  const scope = ref<CustomerScope | null>(null)
  const items = ref<Connection[]>([])
  const fetchedAt = ref<string | null>(null)
  const stale = ref(false)
  const staleError = ref<AppErrorData | null>(null)
  const includeRuntime = ref(false)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)

  function sameScope(s: CustomerScope) {
    return scope.value?.profileId === s.profileId && scope.value.customerId === s.customerId
  }

  async function load(s: CustomerScope) {
    if (!sameScope(s)) {
      scope.value = { ...s }
      items.value = []
      loaded.value = false
      fetchedAt.value = null
    }
    loading.value = true
    error.value = null
    try {
      const res = await api.connections.list({ ...s, filters: includeRuntime.value ? { include_runtime_connections: true } : undefined })
      if (!sameScope(s)) return
      items.value = res.items
      fetchedAt.value = res.fetchedAt
      stale.value = res.stale
      staleError.value = res.error
      loaded.value = true
    } catch (e) {
      if (sameScope(s)) error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }

  async function reload() {
    if (scope.value) await load(scope.value)
  }

  async function setIncludeRuntime(v: boolean) {
    includeRuntime.value = v
    await reload()
  }

  function requireScope(): CustomerScope {
    if (!scope.value) throw new Error('No customer is open')
    return scope.value
  }

  async function create(input: ConnectionCreate): Promise<Connection> {
    const c = await api.connections.create({ ...requireScope(), input })
    await reload()
    return c
  }

  /** The running recipes a disconnect would break (reference §3.6: they must be stopped or forced). */
  async function usage(connectionId: number) {
    return api.connections.usage({ ...requireScope(), connectionId })
  }

  async function disconnect(connectionId: number, force: boolean) {
    await api.connections.disconnect({ ...requireScope(), connectionId, force })
    await reload()
  }

  async function remove(connectionId: number) {
    await api.connections.delete({ ...requireScope(), connectionId })
    await reload()
  }

  function nameOf(id: number | null | undefined): string | null {
    if (id == null) return null
    return items.value.find((c) => c.id === id)?.name ?? null
  }

  return { scope, items, fetchedAt, stale, staleError, includeRuntime, loading, loaded, error, load, reload, setIncludeRuntime, create, usage, disconnect, remove, nameOf }
})
