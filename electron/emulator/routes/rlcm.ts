/**
 * Reference §5.2, RLCM imports: `POST /api/managed_users/:id/imports?folder_id=…&restart_recipes=true|false` with
 * a raw zip body (application/octet-stream), then `GET /api/managed_users/:id/imports/:package_id` until the
 * package's `status` is `completed` or `failed`. Each has its own 1,000/min family (§6.2: "1,000/min each").
 */
import { HttpError, notFound, ok, queryBool, validationFailed, type Router } from '../http'
import { importsOf } from '../imports'
import { looksLikeZip } from '../../../shared/recipe-package'
import type { RateFamily } from '../rate-limit'
import { numericParam, workspaceFrom, type RouteContext } from './context'

/** The largest package the emulator accepts; Workato's own limit is not documented (inferred). */
export const MAX_PACKAGE_BYTES = 25 * 1024 * 1024

export function rlcmRoutes(router: Router<RateFamily>, ctx: RouteContext): void {
  router.add(
    'POST',
    '/api/managed_users/:customer/imports',
    'rlcm_imports',
    (req) => {
      const { customer, ws } = workspaceFrom(ctx, req)
      const folderRaw = req.query.get('folder_id')
      if (folderRaw === null || folderRaw === '') throw validationFailed({ folder_id: ["can't be blank"] })
      if (!/^\d+$/.test(folderRaw) || !ws.folders.has(Number(folderRaw))) throw validationFailed({ folder_id: ['is invalid'] })
      const restart = queryBool(req.query, 'restart_recipes') ?? false
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim()
        .toLowerCase()
      if (type === 'application/json' || type?.startsWith('text/')) {
        throw new HttpError(400, { message: 'Bad request', errors: { file: ['must be sent as the raw zip body (application/octet-stream)'] } })
      }
      const body = req.raw ?? Buffer.alloc(0)
      if (body.length === 0) throw new HttpError(400, { message: 'Bad request', errors: { file: ["can't be blank"] } })
      if (!looksLikeZip(body)) throw new HttpError(400, { message: 'Bad request', errors: { file: ['is not a zip archive'] } })
      return ok(importsOf(ctx.state).start(customer, Number(folderRaw), restart, body))
    },
    { rawBodyLimit: MAX_PACKAGE_BYTES },
  )

  router.add('GET', '/api/managed_users/:customer/imports/:package', 'rlcm_import_status', (req) => {
    const { customer } = workspaceFrom(ctx, req)
    const pkg = importsOf(ctx.state).poll(customer, numericParam(req, 'package'))
    if (!pkg) throw notFound()
    return ok(pkg)
  })
}
