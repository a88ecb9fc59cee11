import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Connection, ConnectionCreate } from '@shared/domain/workato'
import { api } from '@/bridge'
import { useCustomerList, type CustomerScope } from '@/composables/use-customer-list'

export type { CustomerScope }

/**
 * One customer's connections (reference §3). When the API cannot be reached core answers with the last-seen list
 * marked stale, so the tab keeps showing something useful offline.
 */
export const useConnectionsStore = defineStore('connections', () => {
  const includeRuntime = ref(false)
  const list = useCustomerList<Connection>((s) =>
    api.connections.list({ ...s, filters: includeRuntime.value ? { include_runtime_connections: true } : undefined }),
  )
  const { scope, items, fetchedAt, stale, staleError, loading, loaded, error, errorData, load, reload, requireScope } = list

  async function setIncludeRuntime(v: boolean) {
    includeRuntime.value = v
    await reload()
  }

  /** `recovered` says the answer was cut off and core found the connection by looking it up. */
  async function create(input: ConnectionCreate): Promise<Connection & { recovered?: string }> {
    const c = await api.connections.create({ ...requireScope(), input })
    await reload()
    return c
  }

  // Disconnect and delete name their customer: the Connections tab and the runtime-user list (which does not open
  // this store's list) share one dialog and these actions. The list reloads when it shows that customer.
  async function reloadIfShowing(s: CustomerScope) {
    if (scope.value?.profileId === s.profileId && scope.value.customerId === s.customerId) await reload()
  }

  /** The running recipes a disconnect would break (reference §3.6: they must be stopped or forced). */
  async function usage(s: CustomerScope, connectionId: number) {
    return api.connections.usage({ ...s, connectionId })
  }

  async function disconnect(s: CustomerScope, connectionId: number, force: boolean) {
    await api.connections.disconnect({ ...s, connectionId, force })
    await reloadIfShowing(s)
  }

  async function remove(s: CustomerScope, connectionId: number) {
    await api.connections.delete({ ...s, connectionId })
    await reloadIfShowing(s)
  }

  function nameOf(id: number | null | undefined): string | null {
    if (id == null) return null
    return items.value.find((c) => c.id === id)?.name ?? null
  }

  return {
    scope,
    items,
    fetchedAt,
    stale,
    staleError,
    includeRuntime,
    loading,
    loaded,
    error,
    errorData,
    load,
    reload,
    setIncludeRuntime,
    create,
    usage,
    disconnect,
    remove,
    nameOf,
  }
})
