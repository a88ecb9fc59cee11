/** Reference §4.6: jobs of a recipe, newest first, cursor paging with offset_job_id + prev; details; repeat_jobs. */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { notFound, ok, parseBody, queryBool, queryInt, validationFailed, type Router } from '../http'
import type { RateFamily } from '../rate-limit'
import { numericParam, workspaceFrom, type RouteContext } from './context'
import { recipeFromWs } from './recipes'
import { jobView } from './serialize'

const statuses = new Set(['succeeded', 'failed', 'pending'])

/** §4.6: at most 25 job ids per request (the 1 request/second rule is the `jobs_repeat` family's quota). */
export const REPEAT_JOBS_MAX = 25
const repeatSchema = z.object({
  job_ids: z.array(z.string().min(1)).min(1, 'must list at least one job id').max(REPEAT_JOBS_MAX, `must list at most ${REPEAT_JOBS_MAX} job ids`),
})

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

  // The answer's body is not documented (§4.6); the emulator says which ids it started again. Each accepted id
  // becomes a new job at the head of the list, marked as a re-run (`rerun_only=true` finds it).
  router.add('POST', '/api/managed_users/:customer/recipes/:recipe/repeat_jobs', 'jobs_repeat', (req) => {
    const { ws } = workspaceFrom(ctx, req)
    const recipe = recipeFromWs(ws, numericParam(req, 'recipe'))
    const { job_ids: ids } = parseBody(repeatSchema, req.body)
    const list = ctx.state.jobs(ws, recipe)
    const unknown = ids.filter((id) => !list.some((j) => j.id === id))
    if (unknown.length) throw validationFailed({ job_ids: unknown.map((id) => `${id} is not a job of recipe ${recipe.id}`) })
    const now = new Date().toISOString()
    const fresh = ids.map((id, i) => {
      const orig = list.find((j) => j.id === id) ?? list[0]
      return {
        ...(orig ?? { title: recipe.name, flow_run_id: recipe.id * 10_000 }),
        id: `j-${randomBytes(6).toString('base64url')}-${randomBytes(4).toString('base64url')}`,
        flow_run_id: recipe.id * 10_000 + list.length + ids.length - i,
        started_at: now,
        completed_at: now,
        is_error: false,
        is_poll_error: false,
        error: null,
        error_parts: null,
        status: 'succeeded' as const,
        is_repeat: true,
      }
    })
    list.unshift(...fresh.reverse())
    recipe.job_succeeded_count += fresh.length
    return ok({ success: true, job_ids: ids })
  })
}
