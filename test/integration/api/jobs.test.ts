/**
 * Job details, failed jobs across recipes and re-runs (reference §4.6), through the real client against the real
 * emulator: what the support engineer sees is compared with what the emulator holds, not with a hand-made list.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { jobHandlers } from '../../../electron/core/workspace/job-handlers'
import type { AuditRecord } from '../../../electron/core/audit/audit-log'
import type { EmulatorHandle } from '../../../electron/emulator'
import type { JobRecord, RecipeRecord } from '../../../electron/emulator/records'
import { isAppError } from '../../../shared/errors'
import { dispatch } from '../../../electron/core/rpc/dispatch'
import type { Handlers } from '../../../electron/core/rpc/types'
import type { FetchLike } from '../../../electron/core/workato/http'
import { PROFILE, rig, type Rig } from './harness'

let r: Rig
afterEach(async () => {
  await r?.close()
})

function setup(extra: Parameters<typeof rig>[0] = {}) {
  return rig(extra).then((x) => {
    r = x
    const audit: AuditRecord[] = []
    const handlers = jobHandlers({ clientFor: x.service.clientFor, audit: { record: async (e) => void audit.push(e) } })
    return { handlers, audit }
  })
}

/** Every failed job the emulator holds for one customer, newest first: the truth the sweep must reproduce. */
function failedTruth(sb: EmulatorHandle, customerId: number): { recipeId: number; id: string; started: string }[] {
  const c = sb.state.listCustomers().find((x) => x.id === customerId)
  if (!c) throw new Error('no such customer')
  const ws = sb.state.workspace(c)
  const out: { recipeId: number; id: string; started: string }[] = []
  for (const recipe of ws.recipes.values()) {
    for (const j of sb.state.jobs(ws, recipe)) if (j.status === 'failed') out.push({ recipeId: recipe.id, id: j.id, started: j.started_at })
  }
  return out.sort((a, b) => b.started.localeCompare(a.started))
}

/** A customer with failed jobs in at least two recipes, and one recipe with at least `minJobs` jobs. */
function pickCustomer(sb: EmulatorHandle, minJobs = 26): { customerId: number; recipe: RecipeRecord; jobs: JobRecord[] } {
  for (const c of sb.state.listCustomers()) {
    const ws = sb.state.workspace(c)
    const withFailures = [...ws.recipes.values()].filter((rc) => sb.state.jobs(ws, rc).some((j) => j.status === 'failed'))
    const big = [...ws.recipes.values()].find((rc) => sb.state.jobs(ws, rc).length >= minJobs)
    if (withFailures.length >= 2 && big) return { customerId: c.id, recipe: big, jobs: sb.state.jobs(ws, big) }
  }
  throw new Error('seed has no customer with failed jobs in two recipes and a recipe with enough jobs')
}

const ctx = () => ({ signal: new AbortController().signal })

describe('failed jobs across recipes', () => {
  it('pages through every failed job of the customer, newest first, with no job twice or missed', async () => {
    const { handlers } = await setup()
    const { customerId } = pickCustomer(r.sandbox)
    const truth = failedTruth(r.sandbox, customerId)
    expect(truth.length).toBeGreaterThan(5)
    const seen: { recipeId: number; id: string }[] = []
    let page = await handlers['jobs:failed']({ profileId: PROFILE, customerId, pageSize: 4 }, ctx())
    expect(page.recipesWithFailures).toBeGreaterThanOrEqual(2)
    for (let guard = 0; guard < 100; guard++) {
      seen.push(...page.items.map((i) => ({ recipeId: i.recipeId, id: i.job.id })))
      for (const i of page.items) expect(i.recipeName).not.toBe('')
      if (!page.cursor) break
      page = await handlers['jobs:failed']({ profileId: PROFILE, customerId, pageSize: 4, cursor: page.cursor }, ctx())
    }
    expect(seen).toEqual(truth.map(({ recipeId, id }) => ({ recipeId, id })))
    expect(page.problems).toEqual([])
  })
})

describe('failed jobs when some recipes cannot be read', () => {
  /** A fetch that answers one recipe's job list with `status`, and passes everything else to the emulator. */
  function failingFor(recipeId: () => number, status: number): FetchLike {
    return (input, init) =>
      new URL(input).pathname.endsWith(`/recipes/${recipeId()}/jobs`)
        ? Promise.resolve(new Response(JSON.stringify({ message: status === 401 ? 'Unauthorized' : 'Server error', id: 'corr-jobs-1' }), { status }))
        : fetch(input, init)
  }

  it('names the recipe whose jobs could not be read, with the correlation id, and still shows the others', async () => {
    let bad = 0
    const { handlers } = await setup({ service: { fetch: failingFor(() => bad, 500) } })
    const { customerId } = pickCustomer(r.sandbox)
    const truth = failedTruth(r.sandbox, customerId)
    bad = truth[0]?.recipeId ?? 0
    const page = await handlers['jobs:failed']({ profileId: PROFILE, customerId, pageSize: 100 }, ctx())
    expect(page.problems).toMatchObject([{ recipeId: bad, error: { status: 500, correlationId: 'corr-jobs-1' } }])
    expect(page.items.map((i) => i.job.id)).toEqual(truth.filter((t) => t.recipeId !== bad).map((t) => t.id))
  })

  it('stops with the token error instead of a list of failures when Workato refuses the token', async () => {
    let bad = 0
    const { handlers } = await setup({ service: { fetch: failingFor(() => bad, 401) } })
    const { customerId } = pickCustomer(r.sandbox)
    bad = failedTruth(r.sandbox, customerId)[0]?.recipeId ?? 0
    const err = await handlers['jobs:failed']({ profileId: PROFILE, customerId, pageSize: 50 }, ctx()).catch((e: unknown) => e)
    expect(isAppError(err) && err.code).toBe('unauthorized')
  })
})

describe('job details', () => {
  it('returns the error parts of a failed job', async () => {
    const { handlers } = await setup()
    const { customerId } = pickCustomer(r.sandbox)
    const first = failedTruth(r.sandbox, customerId)[0]
    if (!first) throw new Error('no failed job')
    const job = await handlers['jobs:get']({ profileId: PROFILE, customerId, recipeId: first.recipeId, jobId: first.id }, ctx())
    expect(job.error_parts).toMatchObject({ adapter: expect.any(String), error_type: expect.any(String), message: job.error })
  })

  it('says which is missing: the job, or the recipe it was looked up in', async () => {
    const { handlers } = await setup()
    const { customerId, recipe } = pickCustomer(r.sandbox)
    const missingJob = await handlers['jobs:get']({ profileId: PROFILE, customerId, recipeId: recipe.id, jobId: 'j-doesnotexist' }, ctx()).catch(
      (e: unknown) => e,
    )
    expect(isAppError(missingJob) && missingJob.data).toMatchObject({
      code: 'not_found',
      message: `Job j-doesnotexist was not found in recipe ${recipe.id} of customer ${customerId}.`,
    })
    const missingRecipe = await handlers['jobs:get']({ profileId: PROFILE, customerId, recipeId: 999_999_999, jobId: 'j-x' }, ctx()).catch(
      (e: unknown) => e,
    )
    expect(isAppError(missingRecipe) && missingRecipe.data.message).toMatch(/^Recipe 999999999 does not exist in customer/)
  })
})

describe('re-runs', () => {
  it('splits 26 jobs into requests of 25 and 1, paced under the documented 1 request a second, each audited', async () => {
    // Both sides at the documented limits: the emulator answers a second request within 1 s with 429.
    const { handlers, audit } = await setup({ sandbox: { rateLimits: 'documented' }, service: { rateLimits: 'documented' } })
    const { customerId, recipe, jobs } = pickCustomer(r.sandbox)
    const ids = jobs.slice(0, 26).map((j) => j.id)
    const res = await handlers['jobs:rerun']({ profileId: PROFILE, customerId, jobs: ids.map((jobId) => ({ recipeId: recipe.id, jobId })) }, ctx())
    expect(res.requests.map((q) => [q.jobIds.length, q.outcome])).toEqual([
      [25, 'accepted'],
      [1, 'accepted'],
    ])
    expect(res.jobs.map((j) => j.jobId)).toEqual(ids)
    expect(res.jobs.every((j) => j.outcome === 'accepted')).toBe(true)
    expect(audit.map((a) => [a.action, a.outcome, a.customerId])).toEqual([
      ['job.rerun', 'ok', customerId],
      ['job.rerun', 'ok', customerId],
    ])
    expect(audit[1]?.target).toContain(ids[25])
    // The emulator started them again as new jobs, which a re-run filter finds.
    const c = r.sandbox.state.listCustomers().find((x) => x.id === customerId)
    if (!c) throw new Error('customer gone')
    expect(r.sandbox.state.jobs(r.sandbox.state.workspace(c), recipe).filter((j) => j.is_repeat).length).toBeGreaterThanOrEqual(26)
  })

  it('a refused request is reported per job with Workato’s reason and audited as failed', async () => {
    const { handlers, audit } = await setup()
    const { customerId, recipe, jobs } = pickCustomer(r.sandbox)
    const good = jobs[0]?.id ?? ''
    const res = await handlers['jobs:rerun'](
      {
        profileId: PROFILE,
        customerId,
        jobs: [
          { recipeId: recipe.id, jobId: good },
          { recipeId: recipe.id, jobId: 'j-notthere' },
        ],
      },
      ctx(),
    )
    expect(res.jobs.map((j) => j.outcome)).toEqual(['refused', 'refused'])
    expect(res.jobs[1]?.message).toMatch(/^Not re-run: .*j-notthere is not a job of recipe/)
    expect(audit).toMatchObject([{ action: 'job.rerun', outcome: 'failed' }])
  })

  it('cancelling while the second request waits for its slot sends nothing more and says so', async () => {
    const { handlers, audit } = await setup({ service: { rateLimits: 'documented' } })
    const { customerId, recipe, jobs } = pickCustomer(r.sandbox)
    const ac = new AbortController()
    const waiting = r.progress.length
    const run = handlers['jobs:rerun'](
      { profileId: PROFILE, customerId, jobs: jobs.slice(0, 26).map((j) => ({ recipeId: recipe.id, jobId: j.id })) },
      { signal: ac.signal },
    )
    // Cancel as soon as the second request is queued behind the one-a-second rule (its wait is reported first).
    await new Promise<void>((resolve) => {
      const tick = () =>
        r.requests.some((q) => q.url.pathname.endsWith('/repeat_jobs')) && r.progress.length > waiting ? resolve() : setTimeout(tick, 5)
      tick()
    })
    ac.abort()
    const res = await run
    expect(res.requests.map((q) => q.outcome)).toEqual(['accepted', 'not_sent'])
    expect(res.jobs[25]?.message).toBe('Not sent: cancelled before its request went out.')
    expect(audit.map((a) => a.outcome)).toEqual(['ok', 'cancelled'])
  })
})

describe('the emulator’s repeat_jobs limits (§4.6)', () => {
  it('refuses more than 25 ids, and a second request within a second with 429', async () => {
    await setup({ sandbox: { rateLimits: 'documented' } })
    const { customerId, recipe, jobs } = pickCustomer(r.sandbox)
    const post = (ids: string[]) =>
      fetch(`${r.sandbox.baseUrl}/api/managed_users/${customerId}/recipes/${recipe.id}/repeat_jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${r.sandbox.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ job_ids: ids }),
      })
    const tooMany = await post(jobs.slice(0, 26).map((j) => j.id))
    expect(tooMany.status).toBe(400)
    expect(await tooMany.json()).toMatchObject({ errors: { job_ids: ['must list at most 25 job ids'] } })
    // Every request counts against the one-a-second quota, a refused one too: the next one within the second is 429.
    const second = await post([jobs[1]?.id ?? ''])
    expect(second.status).toBe(429)
    expect(second.headers.get('retry-after')).toBe('1')
  })
})

describe('through the contract', () => {
  it('each job operation answers within its response schema, and a batch over 100 is refused with the reason', async () => {
    const { handlers } = await setup()
    const { customerId, recipe, jobs } = pickCustomer(r.sandbox)
    // Only the job handlers are wired here; dispatch looks up the one it needs.
    const call = (op: string, payload: unknown) =>
      dispatch(handlers as unknown as Handlers, op, payload, { signal: new AbortController().signal }, () => [])
    const ref = { profileId: PROFILE, customerId }
    const errorOf = (res: Awaited<ReturnType<typeof call>>) => (res.ok ? null : res.error)
    const first = await call('jobs:failed', { ...ref, pageSize: 1 })
    expect(first.ok ? null : first.error).toBeNull()
    if (first.ok) {
      const page = first.data as { cursor: unknown }
      expect(errorOf(await call('jobs:failed', { ...ref, cursor: page.cursor, pageSize: 100 }))).toBeNull()
    }
    expect(errorOf(await call('jobs:get', { ...ref, recipeId: recipe.id, jobId: jobs[0]?.id }))).toBeNull()
    expect(errorOf(await call('jobs:rerun', { ...ref, jobs: [{ recipeId: recipe.id, jobId: jobs[0]?.id }] }))).toBeNull()
    const tooMany = await call('jobs:rerun', { ...ref, jobs: Array.from({ length: 101 }, (_, i) => ({ recipeId: recipe.id, jobId: `j-${i}` })) })
    expect(tooMany.ok === false && tooMany.error).toMatchObject({
      code: 'validation',
      message: expect.stringContaining('At most 100 jobs can be re-run at once'),
    })
    const badId = await call('jobs:get', { ...ref, recipeId: recipe.id, jobId: 'j x/../' })
    expect(badId.ok === false && badId.error.message).toMatch(/job id has only letters, digits/)
  })
})
