/**
 * Runtime user connections for one end user (reference §9), as a decision over the API with a typed outcome:
 *
 * 1. The recipe must be running and its default connection (the slot's bound connection) authorised. If not,
 *    the outcome says which and how to fix it, and nothing is created: a widget opened now would connect an end
 *    user to a recipe that cannot use the connection.
 * 2. The end user's runtime connection is looked up (`include_runtime_connections=true`, `external_id`, §3.2):
 *    authorised → done; found but not authorised → authenticate it in the widget.
 * 3. Not found → a shell connection for the end user is created (§3.4: provider of the default connection,
 *    `external_id` = end user id, `parent_id` per the parent choice), to authenticate in the widget.
 *
 * The parent choice: Workato's docs make a runtime connection a child of the recipe's default connection
 * (`default_connection`, the default here); recipe functions with runtime user connections switched on cannot
 * rely on a parent (`none`).
 */
import { appError } from '../../../shared/errors'
import type { ConnectionBrief, ParentMode, RuntimeUserOutcome } from '../../../shared/domain/flows'
import { isConnected, type Connection, type Recipe } from '../../../shared/domain/workato'
import { providerTitle } from '../../../shared/providers'
import type { FlowApi } from './api-port'

export interface RuntimeUserRequest {
  customerId: number
  recipeId: number
  endUserId: string
  /** Which connector slot's connection is the default one; the recipe's first slot when omitted. */
  adapterName?: string
  parent: ParentMode
  /** Name for a created shell connection; default "<App> for <end user>". */
  connectionName?: string
  signal?: AbortSignal
}

export function brief(c: Connection): ConnectionBrief {
  return {
    id: c.id,
    name: c.name,
    provider: c.provider,
    authorised: isConnected(c),
    status: c.authorization_status ?? null,
    externalId: c.external_id ?? null,
    parentId: c.parent_id ?? null,
  }
}

type DefaultCheck =
  | { ok: true; slot: string; connection: Connection }
  | { ok: false; slot: string; problem: 'unbound' | 'missing' | 'unauthorised'; connection: Connection | null }

async function checkDefault(api: FlowApi, req: RuntimeUserRequest, recipe: Recipe): Promise<DefaultCheck> {
  const slots = recipe.config ?? []
  const slot = req.adapterName ? slots.find((s) => s.provider === req.adapterName) : slots[0]
  if (!slot)
    throw appError(
      'validation',
      req.adapterName ? `"${recipe.name}" has no ${providerTitle(req.adapterName)} connector slot.` : `"${recipe.name}" has no connector slots.`,
      {
        hint: 'Pick the recipe whose connector the end user must authenticate.',
      },
    )
  const slotName = slot.provider ?? slot.name ?? 'connection'
  const id = slot.account_id ?? null
  if (id === null) return { ok: false, slot: slotName, problem: 'unbound', connection: null }
  const list = await api.listConnections(req.customerId, { provider: slot.provider ?? undefined }, req.signal)
  const conn = list.find((c) => c.id === id) ?? null
  if (!conn) return { ok: false, slot: slotName, problem: 'missing', connection: null }
  if (!isConnected(conn)) return { ok: false, slot: slotName, problem: 'unauthorised', connection: conn }
  return { ok: true, slot: slotName, connection: conn }
}

/** `fix` is the step alone ("Authenticate X (…)"), so callers can chain it with what comes next. */
function defaultProblemText(d: Extract<DefaultCheck, { ok: false }>): { message: string; fix: string } {
  const app = providerTitle(d.slot)
  switch (d.problem) {
    case 'unbound':
      return {
        message: `The recipe's ${app} slot has no connection, so there is no default connection to hang runtime connections on.`,
        fix: `Bind a ${app} connection to the slot in the activation checklist and authenticate it.`,
      }
    case 'missing':
      return {
        message: `The recipe's ${app} slot points to a connection that was deleted.`,
        fix: `Bind another ${app} connection to the slot in the activation checklist.`,
      }
    case 'unauthorised':
      return {
        message: `The default ${app} connection "${d.connection?.name ?? ''}" is not authorised${d.connection?.authorization_error ? ` (${d.connection.authorization_error})` : ''}.`,
        fix: `Authenticate "${d.connection?.name ?? `the ${app} connection`}" with the customer's own ${app} account (not the end user's).`,
      }
  }
}

export async function resolveRuntimeUser(api: FlowApi, req: RuntimeUserRequest): Promise<RuntimeUserOutcome> {
  const endUserId = req.endUserId.trim()
  if (!endUserId) throw appError('validation', 'Enter the end user id (the external id your app knows the user by, e.g. an email).')
  const recipe = await api.getRecipe(req.customerId, req.recipeId, req.signal)
  const recipeBrief = { id: recipe.id, name: recipe.name, running: recipe.running }
  const def = await checkDefault(api, req, recipe)

  if (!recipe.running) {
    const also = def.ok ? null : defaultProblemText(def)
    return {
      kind: 'recipe_stopped',
      recipe: recipeBrief,
      defaultConnection: def.connection ? brief(def.connection) : null,
      defaultProblem: def.ok ? null : def.problem,
      message: `"${recipe.name}" is stopped${recipe.stop_cause ? ` (${recipe.stop_cause.replaceAll('_', ' ')})` : ''}: runtime user connections only work for a running recipe.`,
      fix: also
        ? `1. ${also.fix} 2. Start the recipe from the activation checklist. 3. Connect the end user.`
        : 'Start the recipe from the activation checklist, then connect the end user.',
    }
  }
  if (!def.ok) {
    const t = defaultProblemText(def)
    return {
      kind: 'default_not_authorised',
      recipe: recipeBrief,
      slot: def.slot,
      defaultConnection: def.connection ? brief(def.connection) : null,
      defaultProblem: def.problem,
      message: t.message,
      fix: `${t.fix} Then connect the end user again.`,
    }
  }

  const parent = def.connection
  const found = await api.listConnections(
    req.customerId,
    { include_runtime_connections: true, external_id: endUserId, provider: parent.provider },
    req.signal,
  )
  // Prefer the connection under this parent; with no parent chosen, any of the end user's connections for the app.
  const mine = found.filter((c) => c.external_id === endUserId && c.provider === parent.provider && c.id !== parent.id)
  const match =
    mine.find((c) => c.parent_id === parent.id && isConnected(c)) ??
    mine.find((c) => c.parent_id === parent.id) ??
    (req.parent === 'none' ? (mine.find((c) => isConnected(c)) ?? mine[0]) : undefined)
  const app = providerTitle(parent.provider)
  if (match && isConnected(match))
    return {
      kind: 'found_authorised',
      recipe: recipeBrief,
      defaultConnection: brief(parent),
      connection: brief(match),
      message: `${endUserId} already has an authorised ${app} connection ("${match.name}"). Nothing to do.`,
    }
  if (match)
    return {
      kind: 'found_unauthorised',
      recipe: recipeBrief,
      defaultConnection: brief(parent),
      connection: brief(match),
      message: `${endUserId} has a ${app} connection ("${match.name}") that is not authorised${match.authorization_error ? ` (${match.authorization_error})` : ''}: authenticate it in the widget.`,
    }

  const created = await api.createConnection(
    req.customerId,
    {
      provider: parent.provider,
      name: req.connectionName?.trim() || `${app} for ${endUserId}`,
      external_id: endUserId,
      shell_connection: true,
      ...(req.parent === 'default_connection' ? { parent_id: parent.id } : {}),
      ...(parent.folder_id ? { folder_id: parent.folder_id } : {}),
    },
    req.signal,
  )
  return {
    kind: 'created',
    recipe: recipeBrief,
    defaultConnection: brief(parent),
    connection: brief(created),
    message:
      req.parent === 'default_connection'
        ? `Created "${created.name}" for ${endUserId} under the default connection "${parent.name}": authenticate it in the widget.`
        : `Created "${created.name}" for ${endUserId} without a parent (for a recipe function): authenticate it in the widget.`,
  }
}
