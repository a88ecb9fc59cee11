/**
 * Reference §4.1: `PUT /api/managed_users/:id/recipes/:recipe_id/connect` `{adapter_name, connection_id}` swaps
 * the connection a stopped recipe uses (shape from the Developer API; Embedded path from a third-party summary).
 * Every slot of that adapter is bound, as the Developer API describes it per adapter, not per slot.
 */
import { z } from 'zod'
import { badRequest, ok, parseBody, validationFailed, type Router } from '../http'
import type { RateFamily } from '../rate-limit'
import { numericParam, workspaceFrom, type RouteContext } from './context'
import { recipeFromWs } from './recipes'

const connectSchema = z.object({
  adapter_name: z.string({ error: "can't be blank" }).trim().min(1, "can't be blank"),
  connection_id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)], { error: 'must be an integer' }),
})

export function recipeConnectRoutes(router: Router<RateFamily>, ctx: RouteContext): void {
  router.add('PUT', '/api/managed_users/:customer/recipes/:recipe/connect', 'recipes', (req) => {
    const { ws } = workspaceFrom(ctx, req)
    const recipe = recipeFromWs(ws, numericParam(req, 'recipe'))
    const body = parseBody(connectSchema, req.body)
    if (recipe.running) throw badRequest('Stop the recipe before changing its connections')
    const slots = recipe.config.filter((s) => s.provider === body.adapter_name)
    if (!slots.length)
      throw validationFailed({ adapter_name: [`is not used by this recipe (it uses ${recipe.config.map((s) => s.provider).join(', ')})`] })
    const conn = ws.connections.get(body.connection_id)
    if (!conn) throw validationFailed({ connection_id: ['is invalid'] })
    if (conn.provider !== body.adapter_name) throw validationFailed({ connection_id: [`is a ${conn.provider} connection, not ${body.adapter_name}`] })
    if (conn.runtime) throw validationFailed({ connection_id: ['is a runtime user connection and cannot be used as a recipe connection'] })
    for (const s of slots) s.account_id = conn.id
    recipe.updated_at = new Date().toISOString()
    return ok({ success: true })
  })
}
