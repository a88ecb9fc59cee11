/** Reference §5.1: folders of a customer workspace. */
import { z } from 'zod'
import { ok, paginate, parseBody, queryInt, validationFailed, type Router } from '../http'
import type { RateFamily } from '../rate-limit'
import type { FolderRecord } from '../records'
import { workspaceFrom, type RouteContext } from './context'
import { folderView } from './serialize'

const createSchema = z.object({
  name: z
    .string({ error: (i) => (i.input === undefined ? "can't be blank" : 'must be a string') })
    .trim()
    .min(1, "can't be blank"),
  parent_id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)], { error: 'must be an integer' }).optional(),
})

export function folderRoutes(router: Router<RateFamily>, ctx: RouteContext): void {
  // parent_id defaults to Home; page/per_page 1/100, max 100; `{result: [...]}`.
  router.add('GET', '/api/managed_users/:customer/folders', 'folders', (req) => {
    const { ws } = workspaceFrom(ctx, req)
    const page = queryInt(req.query, 'page', 1, 1)
    const perPage = queryInt(req.query, 'per_page', 100, 1, 100)
    const parentId = queryInt(req.query, 'parent_id', ws.homeFolderId, 0)
    const rows = [...ws.folders.values()].filter((f) => f.parent_id === parentId).sort((a, b) => a.id - b.id)
    return ok({ result: paginate(rows, page, perPage).map(folderView) })
  })

  router.add('POST', '/api/managed_users/:customer/folders', 'folders', (req) => {
    const { customer, ws } = workspaceFrom(ctx, req)
    const body = parseBody(createSchema, req.body)
    const parentId = body.parent_id ?? ws.homeFolderId
    if (!ws.folders.has(parentId)) throw validationFailed({ parent_id: ['is invalid'] })
    const now = new Date().toISOString()
    const folder: FolderRecord = { id: ctx.state.newId(), name: body.name, parent_id: parentId, created_at: now, updated_at: now }
    ws.folders.set(folder.id, folder)
    ctx.state.recordCreated('folder', folder.id, customer.id)
    return ok(folderView(folder))
  })
}
