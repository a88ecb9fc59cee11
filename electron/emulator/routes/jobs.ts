/** Reference §4.6: jobs of a recipe, newest first, cursor paging with offset_job_id + prev. */
import { notFound, ok, queryBool, queryInt, validationFailed, type Router } from '../http'
import type { RateFamily } from '../rate-limit'
import { numericParam, workspaceFrom, type RouteContext } from './context'
import { recipeFromWs } from './recipes'
import { jobView } from './serialize'

const statuses = new Set(['succeeded', 'failed', 'pending'])

export function jobRoutes(router: Router<RateFamily>, ctx: RouteContext): void {
  router.add('GET', '/api/managed_users/:customer/recipes/:recipe/jobs', 'jobs', (req) => {
    const { ws } = workspaceFrom(ctx, req)
    const recipe = recipeFromWs(ws, numericParam(req, 'recipe'))
    const all = ctx.state.jobs(ws, recipe)
    const q = req.query
    const status = q.get('status')
    if (status !== null && status !== '' && !statuses.has(status)) throw validationFailed({ status: ['is not included in the list'] })
    const prev = queryBool(q, 'prev') ?? false
    const rerunOnly = queryBool(q, 'rerun_only') ?? false
    // Page size is not documented; 100 like the other lists, overridable with per_page (inferred).
    const perPage = queryInt(q, 'per_page', 100, 1, 100)
    const filtered = all.filter((j) => (!status || j.status === status) && (!rerunOnly || j.is_repeat))
    const cursor = q.get('offset_job_id')
    let items = filtered
    if (cursor) {
      const at = all.findIndex((j) => j.id === cursor)
      if (at < 0) throw validationFailed({ offset_job_id: ['is invalid'] })
      // Newest first: index < at is newer. prev=false → older than the cursor; prev=true → newer (§4.6).
      const older = filtered.filter((j) => all.indexOf(j) > at)
      const newer = filtered.filter((j) => all.indexOf(j) < at)
      items = prev ? newer.slice(Math.max(0, newer.length - perPage)) : older
    }
    const page = prev && cursor ? items : items.slice(0, perPage)
    return ok({
      job_succeeded_count: all.filter((j) => j.status === 'succeeded').length,
      job_failed_count: all.filter((j) => j.status === 'failed').length,
      job_count: all.length,
      items: page.map(jobView),
    })
  })

  router.add('GET', '/api/managed_users/:customer/recipes/:recipe/jobs/:job', 'jobs', (req) => {
    const { ws } = workspaceFrom(ctx, req)
    const recipe = recipeFromWs(ws, numericParam(req, 'recipe'))
    const job = ctx.state.jobs(ws, recipe).find((j) => j.id === req.params.job)
    if (!job) throw notFound()
    return ok(jobView(job))
  })
}
