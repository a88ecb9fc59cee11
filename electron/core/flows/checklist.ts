/**
 * Activation, per customer: for every recipe, each connector slot (`config[]`, reference §4.3) with its state
 * (unbound / bound to a deleted connection / bound but not authorised / ready) and what to do about it. The
 * order matters: a recipe starts only when every slot is ready (§4.4 config errors), and runtime user
 * connections need a running recipe with an authorised default connection (§9).
 */
import { appError } from '../../../shared/errors'
import type { Checklist, ChecklistRecipe, ChecklistSlot } from '../../../shared/domain/flows'
import { isConnected, type Connection, type Recipe } from '../../../shared/domain/workato'
import { providerTitle } from '../../../shared/providers'
import type { FlowApi } from './api-port'

/** Runtime user connections (§9) are children tagged with an end user; they can never fill a recipe slot. */
export function isRuntimeConnection(c: Pick<Connection, 'parent_id' | 'external_id'>): boolean {
  return c.parent_id !== null && c.parent_id !== undefined && !!c.external_id
}

export function checklistSlots(recipe: Recipe, connections: Connection[]): ChecklistSlot[] {
  const byId = new Map(connections.map((c) => [c.id, c]))
  return (recipe.config ?? []).map((slot) => {
    const provider = slot.provider ?? slot.name ?? 'unknown'
    const app = providerTitle(provider)
    const accountId = slot.account_id ?? null
    const connection = accountId === null ? null : (byId.get(accountId) ?? null)
    const candidates = connections
      .filter((c) => c.provider === provider && !isRuntimeConnection(c))
      .map((c) => ({ id: c.id, name: c.name, authorised: isConnected(c) }))
    let state: ChecklistSlot['state']
    let todo: string | null
    if (accountId === null) {
      state = 'unbound'
      todo = candidates.length
        ? `Choose one of the ${candidates.length} ${app} connection${candidates.length === 1 ? '' : 's'} in this workspace, or create a new one, then authenticate it.`
        : `No ${app} connection exists yet: create one for this slot, then authenticate it in the widget.`
    } else if (!connection) {
      state = 'missing'
      todo = `Connection ${accountId} was deleted: bind another ${app} connection to this slot.`
    } else if (!isConnected(connection)) {
      state = 'unauthorised'
      todo = connection.authorization_error
        ? `"${connection.name}" failed to authorise (${connection.authorization_error}): authenticate it again in the widget.`
        : `"${connection.name}" is not authorised yet: authenticate it in the widget.`
    } else {
      state = 'ready'
      todo = null
    }
    return { name: slot.name ?? provider, provider, accountId, state, connection, candidates, todo }
  })
}

export function checklistRecipe(recipe: Recipe, connections: Connection[]): ChecklistRecipe {
  const slots = checklistSlots(recipe, connections)
  return {
    id: recipe.id,
    name: recipe.name,
    running: recipe.running,
    stopCause: recipe.stop_cause ?? null,
    folderId: recipe.folder_id ?? null,
    slots,
    ready: slots.every((s) => s.state === 'ready'),
  }
}

/** Blocked recipes first (they are the work), then ready-to-start, then running; newest first within each. */
export function buildChecklist(recipes: Recipe[], connections: Connection[], now = new Date()): Checklist {
  const items = recipes.map((r) => checklistRecipe(r, connections))
  const rank = (r: ChecklistRecipe) => (r.running ? 2 : r.ready ? 1 : 0)
  items.sort((a, b) => rank(a) - rank(b) || b.id - a.id)
  return {
    recipes: items,
    summary: {
      running: items.filter((r) => r.running).length,
      ready: items.filter((r) => !r.running && r.ready).length,
      blocked: items.filter((r) => !r.running && !r.ready).length,
    },
    checkedAt: now.toISOString(),
  }
}

export async function loadChecklist(api: FlowApi, customerId: number, signal?: AbortSignal): Promise<Checklist> {
  const [recipes, connections] = await Promise.all([api.listAllRecipes(customerId, {}, { signal }), api.listConnections(customerId, {}, signal)])
  return buildChecklist(recipes, connections)
}

export type BindChoice = { connectionId: number } | { createShell: { name: string } }

/**
 * Fills a slot: binds an existing connection, or creates a shell connection (§3.4, authorised later in the
 * widget) and binds that, through `PUT .../recipes/:id/connect` (§4.1). The recipe must be stopped.
 */
export async function bindSlot(
  api: FlowApi,
  customerId: number,
  recipeId: number,
  adapterName: string,
  choice: BindChoice,
  signal?: AbortSignal,
): Promise<{ recipe: ChecklistRecipe; connectionId: number }> {
  const recipe = await api.getRecipe(customerId, recipeId, signal)
  if (recipe.running)
    throw appError('conflict', `"${recipe.name}" is running; Workato only changes the connections of a stopped recipe.`, {
      hint: 'Stop the recipe first, then bind the slot and start it again.',
    })
  const slot = (recipe.config ?? []).find((s) => s.provider === adapterName)
  if (!slot) throw appError('validation', `"${recipe.name}" has no ${providerTitle(adapterName)} slot.`)
  let connectionId: number
  if ('connectionId' in choice) connectionId = choice.connectionId
  else {
    const created = await api.createConnection(
      customerId,
      { provider: adapterName, name: choice.createShell.name, shell_connection: true, ...(recipe.folder_id ? { folder_id: recipe.folder_id } : {}) },
      signal,
    )
    connectionId = created.id
  }
  await api.connectRecipe(customerId, recipeId, { adapter_name: adapterName, connection_id: connectionId }, signal)
  const [fresh, connections] = await Promise.all([api.getRecipe(customerId, recipeId, signal), api.listConnections(customerId, {}, signal)])
  return { recipe: checklistRecipe(fresh, connections), connectionId }
}
