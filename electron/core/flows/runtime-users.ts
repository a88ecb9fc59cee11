/** The runtime user connections of a customer (reference §9), grouped by end user (`external_id`). */
import type { RuntimeUserGroup } from '../../../shared/domain/flows'
import type { Connection } from '../../../shared/domain/workato'
import { brief } from './runtime-user'
import type { FlowApi } from './api-port'

/**
 * A connection tagged with an end user's `external_id` (§3.2: "normally the end user who owns it") belongs to
 * that end user: the children of a default connection that only `include_runtime_connections=true` returns, and
 * the parentless shells made for recipe functions, so nothing the runtime-user flow created goes missing here.
 */
export function groupRuntimeConnections(all: Connection[]): RuntimeUserGroup[] {
  const byId = new Map(all.map((c) => [c.id, c]))
  const groups = new Map<string, RuntimeUserGroup>()
  for (const c of all) {
    if (!c.external_id) continue
    let g = groups.get(c.external_id)
    if (!g) groups.set(c.external_id, (g = { externalId: c.external_id, connections: [] }))
    g.connections.push({
      ...brief(c),
      parentName: c.parent_id ? (byId.get(c.parent_id)?.name ?? null) : null,
      authorizedAt: c.authorized_at ?? null,
      error: c.authorization_error ?? null,
    })
  }
  return [...groups.values()].sort((a, b) => a.externalId.localeCompare(b.externalId))
}

export async function listRuntimeUsers(api: FlowApi, customerId: number, signal?: AbortSignal): Promise<RuntimeUserGroup[]> {
  return groupRuntimeConnections(await api.listConnections(customerId, { include_runtime_connections: true }, signal))
}
