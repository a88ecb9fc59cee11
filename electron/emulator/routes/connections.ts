/** Reference §3: connections in a customer workspace. */
import { z } from 'zod'
import { HttpError, badRequest, notFound, ok, parseBody, validationFailed, type ApiRequest, type Router } from '../http'
import { checkCredentials, findProvider } from '../providers'
import type { RateFamily } from '../rate-limit'
import { newConnection, type ConnectionRecord, type RecipeRecord, type Workspace } from '../records'
import type { EmulatorState } from '../state'
import { numericParam, workspaceFrom, type RouteContext } from './context'
import { connectionView } from './serialize'

const idLike = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)], { error: 'must be an integer' })
const inputSchema = z.record(z.string(), z.unknown(), { error: 'must be an object' })
const tokenPairSchema = z.object({ access_token: z.string(), refresh_token: z.string().optional() }, { error: 'must be an object with access_token' })

// §3.4 create body.
const createSchema = z.object({
  provider: z
    .string({ error: (i) => (i.input === undefined ? "can't be blank" : 'must be a string') })
    .trim()
    .min(1, "can't be blank"),
  name: z.string({ error: 'must be a string' }).trim().min(1, "can't be blank").optional(),
  folder_id: idLike.optional(),
  parent_id: idLike.optional(),
  external_id: z.string({ error: 'must be a string' }).trim().min(1, "can't be blank").optional(),
  shell_connection: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], { error: 'must be true or false' }).optional(),
  input: inputSchema.optional(),
  oauth_token_pair: tokenPairSchema.optional(),
})

// §3.5 update body.
const updateSchema = z.object({
  name: z.string({ error: 'must be a string' }).trim().min(1, "can't be blank").optional(),
  folder_id: idLike.optional(),
  parent_id: idLike.nullable().optional(),
  external_id: z.string({ error: 'must be a string' }).nullable().optional(),
  shell_connection: z.boolean({ error: 'must be true or false' }).optional(),
  input: inputSchema.optional(),
  oauth_token_pair: tokenPairSchema.optional(),
})

// §3.6: force typed boolean on one page and string on another; accept both.
const disconnectSchema = z.object({
  force: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], { error: 'must be true or false' }).optional(),
})

/** §3.2: filters may come in the query (current docs) or in a GET body (older docs). Query wins. */
function filterValue(req: ApiRequest, name: string): string | undefined {
  const q = req.query.get(name)
  if (q !== null && q !== '') return q
  const body = req.body
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const v = (body as Record<string, unknown>)[name]
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v)
  }
  return undefined
}

function includesTags(req: ApiRequest): boolean {
  const fromQuery = [...req.query.getAll('includes[]'), ...req.query.getAll('includes')]
  const body = req.body
  const fromBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).includes : undefined
  const list = [...fromQuery, ...(Array.isArray(fromBody) ? fromBody.map(String) : typeof fromBody === 'string' ? [fromBody] : [])]
  const unknown = list.filter((v) => v !== 'tags')
  if (unknown.length) throw validationFailed({ includes: [`only "tags" is accepted, got ${unknown.map((u) => JSON.stringify(u)).join(', ')}`] })
  return list.includes('tags')
}

export function connectionFromWs(ws: Workspace, id: number): ConnectionRecord {
  const c = ws.connections.get(id)
  if (!c) throw notFound()
  return c
}

function recipeList(recipes: RecipeRecord[]): string {
  return recipes.map((r) => `"${r.name}" (id ${r.id})`).join(', ')
}

/** Tests credentials the way §3.4 describes for non-shell creates; OAuth connectors can only be token-paired. */
function authorize(
  state: EmulatorState,
  conn: ConnectionRecord,
  input: Record<string, unknown> | undefined,
  tokenPair: { access_token: string } | undefined,
): void {
  const provider = findProvider(conn.provider)
  if (!provider) return
  if (provider.kind === 'oauth') {
    // §3.4: OAuth cannot be authenticated via this API except the legacy oauth_token_pair.
    if (tokenPair) {
      if (tokenPair.access_token === 'bad' || tokenPair.access_token === '')
        state.setConnected(conn, false, 'Invalid OAuth token pair: 401 Unauthorized')
      else state.setConnected(conn, true)
    }
    return
  }
  if (!input) return
  const problem = checkCredentials(provider, input)
  state.setConnected(conn, problem === null, problem)
}

export function connectionRoutes(router: Router<RateFamily>, ctx: RouteContext): void {
  const { state } = ctx

  router.add('GET', '/api/managed_users/:customer/connections', 'connections_list', (req) => {
    const { ws } = workspaceFrom(ctx, req)
    const provider = filterValue(req, 'provider')
    const folderId = filterValue(req, 'folder_id')
    const parentId = filterValue(req, 'parent_id')
    const externalId = filterValue(req, 'external_id')
    const includeRuntime = filterValue(req, 'include_runtime_connections') === 'true'
    const withTags = includesTags(req)
    const result = [...ws.connections.values()]
      .filter((c) => includeRuntime || !c.runtime)
      .filter((c) => provider === undefined || c.provider === provider)
      .filter((c) => folderId === undefined || String(c.folder_id) === folderId)
      .filter((c) => parentId === undefined || String(c.parent_id) === parentId)
      .filter((c) => externalId === undefined || c.external_id === externalId)
      .map((c) => connectionView(c, withTags))
    return ok({ result })
  })

  router.add('POST', '/api/managed_users/:customer/connections', 'connections', (req) => {
    const { customer, ws } = workspaceFrom(ctx, req)
    const body = parseBody(createSchema, req.body)
    const provider = findProvider(body.provider)
    const errors: Record<string, string[]> = {}
    if (!provider) errors.provider = ['is not included in the list']
    if (body.folder_id !== undefined && !ws.folders.has(body.folder_id)) errors.folder_id = ['is invalid']
    if (body.parent_id !== undefined) {
      const parent = ws.connections.get(body.parent_id)
      if (!parent) errors.parent_id = ['is invalid']
      else if (parent.provider !== body.provider) errors.parent_id = ['must have the same provider as the connection']
    }
    if (Object.keys(errors).length || !provider) throw validationFailed(errors)
    const conn = newConnection({
      id: state.newId(),
      name: body.name ?? `${customer.name} ${provider.title}`,
      provider: provider.key,
      external_id: body.external_id ?? null,
      folder_id: body.folder_id ?? ws.homeFolderId,
      parent_id: body.parent_id ?? null,
      input: body.input ?? {},
      // §9: a child tagged with an end user's external id is a runtime user connection.
      runtime: body.parent_id !== undefined && body.external_id !== undefined,
    })
    // shell_connection true: store without testing; authentication happens later in the widget (§3.4).
    if (body.shell_connection !== true) authorize(state, conn, body.input, body.oauth_token_pair)
    ws.connections.set(conn.id, conn)
    state.recordCreated('connection', conn.id, customer.id)
    return ok(connectionView(conn))
  })

  router.add('PUT', '/api/managed_users/:customer/connections/:connection', 'connections', (req) => {
    const { ws } = workspaceFrom(ctx, req)
    const conn = connectionFromWs(ws, numericParam(req, 'connection'))
    const body = parseBody(updateSchema, req.body)
    const errors: Record<string, string[]> = {}
    if (body.folder_id !== undefined && !ws.folders.has(body.folder_id)) errors.folder_id = ['is invalid']
    if (body.parent_id !== undefined && body.parent_id !== null) {
      const parent = ws.connections.get(body.parent_id)
      if (!parent || parent.id === conn.id) errors.parent_id = ['is invalid']
      else if (parent.provider !== conn.provider) errors.parent_id = ['must have the same provider as the connection']
    }
    if (Object.keys(errors).length) throw validationFailed(errors)
    if (body.name !== undefined) conn.name = body.name
    if (body.folder_id !== undefined) conn.folder_id = body.folder_id
    if (body.parent_id !== undefined) conn.parent_id = body.parent_id
    if (body.external_id !== undefined) conn.external_id = body.external_id
    if (body.input !== undefined) conn.input = { ...conn.input, ...body.input }
    conn.updated_at = new Date().toISOString()
    if (body.shell_connection !== true && (body.input !== undefined || body.oauth_token_pair !== undefined)) {
      authorize(state, conn, body.input === undefined ? undefined : conn.input, body.oauth_token_pair)
    }
    return ok(connectionView(conn))
  })

  router.add('POST', '/api/managed_users/:customer/connections/:connection/disconnect', 'connections', (req) => {
    const { ws } = workspaceFrom(ctx, req)
    const conn = connectionFromWs(ws, numericParam(req, 'connection'))
    const { force } = parseBody(disconnectSchema, req.body)
    // Disconnecting a disconnected connection is a no-op, not an error (§3.6).
    if (conn.authorization_status === null && conn.authorized_at === null) return ok({ result: [connectionView(conn)] })
    const running = state.runningRecipesUsing(ws, conn.id)
    // §3.6: refused without force when running recipes use it (status inferred: 400 with message).
    if (running.length && force !== true) {
      throw new HttpError(400, {
        message: `Connection is used by running recipes: ${recipeList(running)}. Stop them first or send force: true.`,
        recipes: running.map((r) => ({ id: r.id, name: r.name })),
      })
    }
    state.setConnected(conn, false)
    return ok({ result: [connectionView(conn)] })
  })

  // §3.7: response body unseen; `{success: true}` (inferred). Running recipes keep it from going away.
  router.add('DELETE', '/api/managed_users/:customer/connections/:connection', 'connections', (req) => {
    const { ws } = workspaceFrom(ctx, req)
    const conn = connectionFromWs(ws, numericParam(req, 'connection'))
    const running = state.runningRecipesUsing(ws, conn.id)
    if (running.length) throw badRequest(`Connection is used by running recipes: ${recipeList(running)}. Stop them before deleting it.`)
    ws.connections.delete(conn.id)
    // §4.4: a recipe whose connection was deleted has an unbound slot.
    for (const r of ws.recipes.values()) for (const s of r.config) if (s.account_id === conn.id) s.account_id = null
    return ok({ success: true })
  })
}
