/**
 * The job handlers beyond the one-recipe list (reference §4.6): a job's details, a customer's failed jobs across
 * every recipe, and re-runs through `repeat_jobs`. Every call goes through the profile's one client (`clientFor`),
 * so the fan-out over recipes shares the `jobs` family's pacing, and re-runs the `jobs_repeat` family's one request
 * a second. Core wires these through `trackAll`, so any wait they hit has a Cancel.
 */
import pLimit from 'p-limit'
import { appError, isAppError, type AppErrorData } from '../../../shared/errors'
import type { Job, Recipe } from '../../../shared/domain/workato'
import type { FailedJob, FailedJobsCursor, RerunResult } from '../../../shared/contract/jobs'
import { JOB_LIMITS } from '../../../shared/contract/limits'
import type { AuditRecord } from '../audit/audit-log'
import type { EmbeddedApiClient } from '../workato/client'
import { REPEAT_JOBS_MAX } from '../workato/client'
import type { DomainHandlers } from '../rpc/types'

export interface JobHandlerOptions {
  clientFor(profileId: string): Promise<EmbeddedApiClient>
  audit: { record(entry: AuditRecord): Promise<void> }
}

export type JobHandlers = Omit<DomainHandlers<'jobs'>, 'jobs:list'>

/** Recipes read at once in a failed-jobs sweep; the pacer still holds the family to its limit. */
const FAN_OUT = 6

/** Errors that mean nothing else in the sweep can succeed either: stop and say so, instead of a list of failures. */
const fatal = (e: unknown) => isAppError(e) && (e.code === 'cancelled' || e.code === 'unauthorized')

const startedAt = (j: Job) => j.started_at ?? j.completed_at ?? ''

export function jobHandlers(opts: JobHandlerOptions): JobHandlers {
  /**
   * The next `pageSize` failed jobs across recipes, newest first. Each recipe keeps its own cursor (its last job
   * shown, §4.6 `offset_job_id`). The merge is exact: a recipe's next job is never compared before its page is
   * read, because a recipe whose fetched jobs run out is read again before anything older is taken.
   */
  async function failedPage(
    client: EmbeddedApiClient,
    customerId: number,
    cursor: FailedJobsCursor,
    pageSize: number,
    signal: AbortSignal,
  ): Promise<{ items: FailedJob[]; cursor: FailedJobsCursor; problems: { recipeId: number; recipeName: string; error: AppErrorData }[] }> {
    const state = cursor.map((c) => ({ ...c, buffer: [] as Job[], fetched: 0, total: Number.POSITIVE_INFINITY }))
    const problems: { recipeId: number; recipeName: string; error: AppErrorData }[] = []
    const limit = pLimit(FAN_OUT)

    async function fill(s: (typeof state)[number]): Promise<void> {
      try {
        const page = await client.listJobs(customerId, s.recipeId, { status: 'failed', offsetJobId: s.after ?? undefined }, signal)
        // Workato answers newest first; sorting again keeps the merge right if a page ever comes unordered.
        s.buffer.push(...[...page.items].sort((a, b) => startedAt(b).localeCompare(startedAt(a))))
        s.fetched += page.items.length
        s.total = page.job_failed_count
        const last = page.items[page.items.length - 1]
        if (last) s.after = last.id
        // Done at an empty page, or once every failed job the counts promise has been read.
        if (page.items.length === 0 || s.fetched >= s.total) s.done = true
      } catch (e) {
        if (fatal(e)) throw e
        const error = isAppError(e) ? e.data : { code: 'internal' as const, message: e instanceof Error ? e.message : String(e) }
        problems.push({ recipeId: s.recipeId, recipeName: s.recipeName, error })
        s.done = true
      }
    }

    const items: FailedJob[] = []
    const shownAfter = new Map<number, string>()
    while (items.length < pageSize) {
      const empty = state.filter((s) => s.buffer.length === 0 && !s.done)
      if (empty.length) await Promise.all(empty.map((s) => limit(() => fill(s))))
      let best: (typeof state)[number] | null = null
      for (const s of state) {
        const head = s.buffer[0]
        if (!head) continue
        const top = best?.buffer[0]
        if (!top || startedAt(head) > startedAt(top)) best = s
      }
      if (!best) break
      const job = best.buffer.shift()
      if (!job) break
      items.push({ recipeId: best.recipeId, recipeName: best.recipeName, job })
      shownAfter.set(best.recipeId, job.id)
    }
    // The next page starts after the last job shown per recipe; what was read but not shown is read again then.
    const next = state.map((s) => {
      const after = shownAfter.get(s.recipeId) ?? cursor.find((c) => c.recipeId === s.recipeId)?.after ?? null
      const done = s.done && s.buffer.length === 0
      return { recipeId: s.recipeId, recipeName: s.recipeName, after, done }
    })
    return { items, cursor: next, problems }
  }

  async function recipesWithFailures(client: EmbeddedApiClient, customerId: number, signal: AbortSignal): Promise<Recipe[]> {
    const recipes = await client.listAllRecipes(customerId, {}, { signal })
    // A lifetime failed count of 0 means the recipe has no failed job to list (§4.3); unknown counts are asked.
    return recipes.filter((r) => r.job_failed_count === undefined || r.job_failed_count > 0).slice(0, JOB_LIMITS.failedCursorRecipes)
  }

  return {
    'jobs:get': async ({ profileId, customerId, recipeId, jobId }, ctx) => {
      const client = await opts.clientFor(profileId)
      try {
        return await client.getJob(customerId, recipeId, jobId, ctx.signal)
      } catch (e) {
        if (!isAppError(e) || e.code !== 'not_found') throw e
        // Say which of the two is missing: the recipe (a stale link) or only the job (a mistyped or expired id).
        const recipeExists = await client.getRecipe(customerId, recipeId, ctx.signal).then(
          () => true,
          (re: unknown) => (isAppError(re) && re.code === 'not_found' ? false : null),
        )
        if (recipeExists === false) {
          throw appError('not_found', `Recipe ${recipeId} does not exist in customer ${customerId}, so job ${jobId} cannot be shown.`, {
            status: 404,
            hint: 'The recipe may have been deleted, or the link names another customer. Open the customer and pick the recipe from the Jobs tab.',
          })
        }
        throw appError('not_found', `Job ${jobId} was not found in recipe ${recipeId} of customer ${customerId}.`, {
          status: 404,
          hint: 'Check the job id (Workato job ids look like j-AbC123-xyz). Workato keeps job history for a limited time, so an old job may be gone.',
          ...(e.data.correlationId ? { correlationId: e.data.correlationId } : {}),
        })
      }
    },

    'jobs:failed': async ({ profileId, customerId, cursor, pageSize }, ctx) => {
      const client = await opts.clientFor(profileId)
      const start: FailedJobsCursor =
        cursor ??
        (await recipesWithFailures(client, customerId, ctx.signal)).map((r) => ({ recipeId: r.id, recipeName: r.name, after: null, done: false }))
      const page = await failedPage(client, customerId, start, pageSize, ctx.signal)
      const more = page.cursor.some((c) => !c.done)
      return { items: page.items, cursor: more ? page.cursor : null, recipesWithFailures: start.length, problems: page.problems }
    },

    'jobs:rerun': async ({ profileId, customerId, jobs }, ctx) => {
      const client = await opts.clientFor(profileId)
      // One request per recipe per 25 jobs (§4.6), in the order the jobs were asked for.
      const byRecipe = new Map<number, string[]>()
      for (const j of jobs) {
        const ids = byRecipe.get(j.recipeId) ?? []
        if (!ids.includes(j.jobId)) ids.push(j.jobId)
        byRecipe.set(j.recipeId, ids)
      }
      const requests: RerunResult['requests'] = []
      for (const [recipeId, ids] of byRecipe) {
        for (let i = 0; i < ids.length; i += REPEAT_JOBS_MAX) {
          requests.push({ recipeId, jobIds: ids.slice(i, i + REPEAT_JOBS_MAX), outcome: 'not_sent', error: null })
        }
      }
      let stop: AppErrorData | null = null
      for (const [n, req] of requests.entries()) {
        if (stop) break
        const target = `recipe ${req.recipeId}: ${req.jobIds.length} job${req.jobIds.length === 1 ? '' : 's'} (${req.jobIds.join(', ')})`
        const part = requests.length > 1 ? ` (request ${n + 1} of ${requests.length})` : ''
        try {
          // The client's pacer holds this to one request a second; the wait is reported and can be cancelled.
          await client.repeatJobs(customerId, req.recipeId, req.jobIds, ctx.signal)
          req.outcome = 'accepted'
          await opts.audit.record({
            action: 'job.rerun',
            profileId,
            customerId,
            target,
            outcome: 'ok',
            correlationId: null,
            detail: `repeat_jobs accepted${part}`,
          })
        } catch (e) {
          const error = isAppError(e) ? e.data : { code: 'internal' as const, message: e instanceof Error ? e.message : String(e) }
          const cancelled = error.code === 'cancelled'
          if (!cancelled) {
            req.outcome = 'refused'
            req.error = error
          }
          await opts.audit.record({
            action: 'job.rerun',
            profileId,
            customerId,
            target,
            outcome: cancelled ? 'cancelled' : 'failed',
            correlationId: error.correlationId ?? null,
            detail: `${error.message}${part}`,
          })
          if (fatal(e)) stop = error
        }
      }
      const outcomeOf = new Map<string, RerunResult['requests'][number]>()
      for (const r of requests) for (const id of r.jobIds) outcomeOf.set(`${r.recipeId}:${id}`, r)
      const results = jobs.map((j) => {
        const r = outcomeOf.get(`${j.recipeId}:${j.jobId}`)
        const outcome = r?.outcome ?? 'not_sent'
        const message =
          outcome === 'accepted'
            ? 'Re-run started: Workato accepted it and runs it as a new job.'
            : outcome === 'refused'
              ? `Not re-run: ${r?.error?.message ?? 'Workato refused the request.'}`
              : `Not sent: ${stop?.code === 'cancelled' ? 'cancelled before its request went out' : (stop?.message ?? 'an earlier request stopped the batch')}.`
        return { recipeId: j.recipeId, jobId: j.jobId, outcome, message }
      })
      return { requests, jobs: results }
    },
  }
}
