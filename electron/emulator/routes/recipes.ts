/** Reference §4.1–§4.5: recipes in a customer workspace. */
import { badRequest, notFound, ok, paginate, queryBool, queryInt, validationFailed, type Router } from '../http'
import { findProvider } from '../providers'
import type { RateFamily } from '../rate-limit'
import type { RecipeRecord, Workspace } from '../records'
import { numericParam, workspaceFrom, type RouteContext } from './context'
import { recipeView } from './serialize'

const stopCauses = new Set(['trigger_errors_limit', 'action_quota_limit', 'trial_expired', 'txn_quota_limit'])

export function recipeFromWs(ws: Workspace, id: number): RecipeRecord {
  const r = ws.recipes.get(id)
  if (!r) throw notFound()
  return r
}

/**
 * §4.4 config_errors, element shape `[step_number, [[field_name, account_id_or_null, message], ...]]`:
 * one entry per connector slot that is unbound, bound to a deleted connection, or bound to one not connected.
 */
export function configErrors(ws: Workspace, recipe: RecipeRecord): [number, [string, number | null, string][]][] {
  const out: [number, [string, number | null, string][]][] = []
  recipe.config.forEach((slot, i) => {
    const title = findProvider(slot.provider)?.title ?? slot.provider
    const conn = slot.account_id === null ? undefined : ws.connections.get(slot.account_id)
    let message: string | null = null
    if (slot.account_id === null) message = `${title} connection is not selected`
    else if (!conn) message = `${title} connection was deleted`
    else if (conn.authorization_status !== 'success') message = `${title} is not connected`
    if (message) out.push([i + 1, [[slot.name, slot.account_id, message]]])
  })
  return out
}

export function recipeRoutes(router: Router<RateFamily>, ctx: RouteContext): void {
  // §4.2: page/per_page default 1/10, max 100; descending ids; since_id = ids lower than it.
  router.add('GET', '/api/managed_users/:customer/recipes', 'recipes_list', (req) => {
    const { ws } = workspaceFrom(ctx, req)
    const q = req.query
    const page = queryInt(q, 'page', 1, 1)
    const perPage = queryInt(q, 'per_page', 10, 1, 100)
    const sinceId = q.get('since_id') === null ? undefined : queryInt(q, 'since_id', 0, 0)
    // `active` is the 2020 name for `running` (legacy doc).
    const running = queryBool(q, 'running') ?? queryBool(q, 'active')
    const stopCause = q.get('stop_cause')
    if (stopCause !== null && stopCause !== '' && !stopCauses.has(stopCause)) throw validationFailed({ stop_cause: ['is not included in the list'] })
    const folderId = q.get('folder_id')
    const stoppedAfterRaw = q.get('stopped_after')
    const stoppedAfter = stoppedAfterRaw ? Date.parse(stoppedAfterRaw) : undefined
    if (stoppedAfter !== undefined && Number.isNaN(stoppedAfter)) throw validationFailed({ stopped_after: ['must be an ISO-8601 time'] })
    const any = q.get('adapter_names_any')?.split(',').filter(Boolean)
    const all = q.get('adapter_names_all')?.split(',').filter(Boolean)
    const rows = [...ws.recipes.values()]
      .filter((r) => sinceId === undefined || r.id < sinceId)
      .filter((r) => running === undefined || r.running === running)
      .filter((r) => !stopCause || r.stop_cause === stopCause)
      .filter((r) => !folderId || String(r.folder_id) === folderId)
      .filter((r) => stoppedAfter === undefined || r.stopped_at === null || Date.parse(r.stopped_at) <= stoppedAfter)
      .filter((r) => !any?.length || any.some((a) => r.applications.includes(a)))
      .filter((r) => !all?.length || all.every((a) => r.applications.includes(a)))
      .sort((a, b) => b.id - a.id)
    return ok({ result: paginate(rows, page, perPage).map(recipeView) })
  })

  router.add('GET', '/api/managed_users/:customer/recipes/:recipe', 'recipes_get', (req) => {
    const { ws } = workspaceFrom(ctx, req)
    return ok(recipeView(recipeFromWs(ws, numericParam(req, 'recipe'))))
  })

  // §4.4: validation failures are HTTP 200 with success:false.
  router.add('PUT', '/api/managed_users/:customer/recipes/:recipe/start', 'recipes', (req) => {
    const { ws } = workspaceFrom(ctx, req)
    const recipe = recipeFromWs(ws, numericParam(req, 'recipe'))
    // Starting a running recipe: undocumented; a state-transition 400 like stop (inferred).
    if (recipe.running) throw badRequest('Recipe is already running')
    const config_errors = configErrors(ws, recipe)
    if (config_errors.length) return ok({ success: false, code_errors: [], config_errors })
    const now = new Date().toISOString()
    recipe.running = true
    recipe.stop_cause = null
    recipe.stopped_at = null
    recipe.updated_at = now
    return ok({ success: true })
  })

  // §4.5: 400 when the recipe cannot be stopped (not running).
  router.add('PUT', '/api/managed_users/:customer/recipes/:recipe/stop', 'recipes', (req) => {
    const { ws } = workspaceFrom(ctx, req)
    const recipe = recipeFromWs(ws, numericParam(req, 'recipe'))
    if (!recipe.running) throw badRequest('Recipe is not running')
    const now = new Date().toISOString()
    recipe.running = false
    recipe.stopped_at = now
    recipe.stop_cause = null
    recipe.updated_at = now
    return ok({ success: true })
  })
}
