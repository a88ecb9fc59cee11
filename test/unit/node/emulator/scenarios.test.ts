/**
 * Scenario switches: each makes one thing go wrong the way Workato shows it (docs/workato.md §3.3, §4.3, §4.6,
 * §8.4), the truth follows, and a mistaken switch says what is wrong without changing anything.
 */
import { describe, expect, it } from 'vitest'
import { problemKey, type HealthProblemRef } from '../../../../shared/domain/health-kinds'
import { parseScenarioArg, runScenario, seededTruth, seededTruthInSlices } from '../../../../electron/emulator/scenarios'
import { EmulatorState } from '../../../../electron/emulator/state'
import { targetOriginFor } from '../../../../electron/emulator/widget/token'
import type { RecipeRecord, Workspace } from '../../../../electron/emulator/records'

const now = Date.parse('2026-11-20T10:00:00.000Z')
const make = (customers = 60) => new EmulatorState({ seed: 4, customers, vendorId: 'wevendor', vendorOrigins: ['https://app.vendor.example'] })

function firstRunning(s: EmulatorState): { customerId: number; ws: Workspace; recipe: RecipeRecord } {
  for (const c of s.listCustomers()) {
    const ws = s.workspace(c)
    for (const recipe of ws.recipes.values())
      if (recipe.running && recipe.config.some((x) => x.account_id !== null)) return { customerId: c.id, ws, recipe }
  }
  throw new Error('no running recipe')
}

const keys = (t: HealthProblemRef[]) => new Set(t.map(problemKey))
const added = (before: HealthProblemRef[], after: HealthProblemRef[]) => [...keys(after)].filter((k) => !keys(before).has(k))

describe('fail-connection', () => {
  it('makes a connection a running recipe uses unauthorised, and the truth lists it', () => {
    const s = make()
    const { customerId, recipe } = firstRunning(s)
    const connectionId = recipe.config.find((x) => x.account_id !== null)?.account_id ?? 0
    const before = seededTruth(s)
    const r = runScenario(s, { action: 'fail-connection', customerId, connectionId }, now)
    expect(r).toMatchObject({ ok: true })
    const conn = s.workspace(s.getCustomer(customerId) ?? fail()).connections.get(connectionId)
    expect(conn).toMatchObject({
      authorization_status: 'failed',
      authorization_error: 'Invalid credentials: 401 Unauthorized',
      connection_lost_at: null,
    })
    expect(added(before, seededTruth(s))).toContain(`connection_unauthorized_in_use:${customerId}:connection:${connectionId}`)
  })

  it('with lost, sets connection_lost_at and connection_lost_reason and reports it as lost', () => {
    const s = make()
    const { customerId, recipe } = firstRunning(s)
    const connectionId = recipe.config.find((x) => x.account_id !== null)?.account_id ?? 0
    runScenario(s, { action: 'fail-connection', customerId, connectionId, lost: true, reason: 'Token revoked by the admin' }, now)
    const conn = s.workspace(s.getCustomer(customerId) ?? fail()).connections.get(connectionId)
    expect(conn).toMatchObject({ connection_lost_at: new Date(now).toISOString(), connection_lost_reason: 'Token revoked by the admin' })
    const mine = seededTruth(s).filter((p) => p.targetId === connectionId && p.customerId === customerId)
    expect(mine.map((p) => p.kind)).toContain('connection_lost_in_use')
    expect(mine.map((p) => p.kind)).not.toContain('connection_unauthorized_in_use')
  })

  it('refuses a connection of another customer, naming both ids, and changes nothing', () => {
    const s = make()
    const [a, b] = s.listCustomers()
    if (!a || !b) throw new Error('customers missing')
    const otherConn = [...s.workspace(b).connections.keys()][0] ?? 0
    const before = seededTruth(s)
    const r = runScenario(s, { action: 'fail-connection', customerId: a.id, connectionId: otherConn }, now)
    expect(r).toEqual({
      ok: false,
      code: 'not_found',
      message: expect.stringContaining(`Connection ${otherConn} does not belong to customer ${a.id}`),
    })
    expect(seededTruth(s)).toEqual(before)
    expect(runScenario(s, { action: 'fail-connection', customerId: 999, connectionId: 1 }, now)).toMatchObject({
      ok: false,
      message: 'Customer 999 does not exist in this Sandbox.',
    })
  })
})

describe('stop-recipe', () => {
  it('stops a running recipe with the cause, as the list and its stop_cause filter show it', () => {
    const s = make()
    const { customerId, recipe } = firstRunning(s)
    runScenario(s, { action: 'stop-recipe', customerId, recipeId: recipe.id, cause: 'txn_quota_limit' }, now)
    expect(recipe).toMatchObject({ running: false, stop_cause: 'txn_quota_limit', stopped_at: new Date(now).toISOString() })
    expect(seededTruth(s).map(problemKey)).toContain(`recipe_stopped_by_cause:${customerId}:recipe:${recipe.id}`)
  })
})

describe('fail-jobs', () => {
  it('adds failed jobs on top of the list, raises job_failed_count, and the rise is in the truth until the baseline is reset', () => {
    const s = make()
    const { customerId, ws, recipe } = firstRunning(s)
    const countBefore = recipe.job_failed_count
    const jobsBefore = s.jobs(ws, recipe).length
    runScenario(s, { action: 'fail-jobs', customerId, recipeId: recipe.id, count: 4 }, now)
    const jobs = s.jobs(ws, recipe)
    expect(jobs).toHaveLength(jobsBefore + 4)
    expect(jobs.slice(0, 4).every((j) => j.status === 'failed' && j.is_error && j.error_parts !== null)).toBe(true)
    expect(recipe.job_failed_count).toBe(countBefore + 4)
    expect(recipe.last_run_at).toBe(new Date(now).toISOString())
    const key = `failed_jobs_rising:${customerId}:recipe:${recipe.id}`
    expect(seededTruth(s).map(problemKey)).toContain(key)
    runScenario(s, { action: 'reset-baseline' }, now)
    expect(seededTruth(s).map(problemKey)).not.toContain(key)
  })

  it('reports no rise for a stopped recipe (only a running recipe is failing now)', () => {
    const s = make()
    const { customerId, recipe } = firstRunning(s)
    runScenario(s, { action: 'stop-recipe', customerId, recipeId: recipe.id, cause: 'trigger_errors_limit' }, now)
    const r = runScenario(s, { action: 'fail-jobs', customerId, recipeId: recipe.id, count: 2 }, now)
    expect(r).toMatchObject({ ok: true, summary: expect.stringContaining('no rise is reported') })
    expect(seededTruth(s).some((p) => p.kind === 'failed_jobs_rising')).toBe(false)
  })
})

describe('drop-origin', () => {
  it('withdraws the origin from the account and from customers, so a widget there gets no messages, until restored', () => {
    const s = make()
    const withOrigin = s.listCustomers().find((c) => c.origin_url !== null)
    if (!withOrigin?.origin_url) throw new Error('no customer with an origin')
    const own = withOrigin.origin_url
    expect(targetOriginFor(s, withOrigin, own)).toBe(new URL(own).origin)
    expect(runScenario(s, { action: 'drop-origin', origin: `${own}/some/path` }, now)).toMatchObject({ ok: true })
    expect(withOrigin.origin_url).toBeNull()
    // §8.4: a token naming the dropped origin finds nobody to post to.
    expect(targetOriginFor(s, withOrigin, own)).toBeNull()

    runScenario(s, { action: 'drop-origin', origin: 'https://app.vendor.example' }, now)
    expect(s.vendorOrigins).toEqual([])
    expect(targetOriginFor(s, withOrigin, 'https://app.vendor.example')).toBeNull()
    expect(runScenario(s, { action: 'restore-origin', origin: 'https://app.vendor.example' }, now)).toMatchObject({ ok: true })
    expect(s.vendorOrigins).toEqual(['https://app.vendor.example'])
  })

  it('refuses text that is not an origin, and a restore of an origin never dropped', () => {
    const s = make()
    expect(runScenario(s, { action: 'drop-origin', origin: 'not a url' }, now)).toMatchObject({ ok: false, code: 'invalid' })
    expect(runScenario(s, { action: 'drop-origin', origin: 'javascript:alert(1)' }, now)).toMatchObject({ ok: false, code: 'invalid' })
    expect(runScenario(s, { action: 'restore-origin', origin: 'https://never.example' }, now)).toMatchObject({ ok: false, code: 'not_found' })
    expect(s.vendorOrigins).toEqual(['https://app.vendor.example'])
  })
})

describe('seededTruthInSlices', () => {
  it('gives the same list as seededTruth, a slice at a time, and stops when cancelled', async () => {
    const s = make(300)
    expect(await seededTruthInSlices(s, undefined, 50)).toEqual(seededTruth(s))
    const controller = new AbortController()
    controller.abort(new Error('closed the drawer'))
    await expect(seededTruthInSlices(make(300), controller.signal, 50)).rejects.toThrow('closed the drawer')
  })
})

describe('parseScenarioArg', () => {
  it('reads each switch', () => {
    expect(parseScenarioArg('fail-connection:100003:302')).toEqual({
      ok: true,
      command: { action: 'fail-connection', customerId: 100003, connectionId: 302, lost: false },
    })
    expect(parseScenarioArg('fail-connection:100003:302:lost')).toMatchObject({ ok: true, command: { lost: true } })
    expect(parseScenarioArg('stop-recipe:100001:101:trial_expired')).toMatchObject({ ok: true, command: { cause: 'trial_expired' } })
    expect(parseScenarioArg('fail-jobs:100023:2311:5')).toMatchObject({ ok: true, command: { count: 5 } })
    expect(parseScenarioArg('drop-origin:https://app.vendor.example:8443')).toMatchObject({
      ok: true,
      command: { origin: 'https://app.vendor.example:8443' },
    })
  })

  it('says what is wrong with a bad one', () => {
    expect(parseScenarioArg('explode:1')).toMatchObject({ ok: false, message: expect.stringContaining('unknown switch "explode"') })
    expect(parseScenarioArg('fail-connection:100003')).toMatchObject({
      ok: false,
      message: expect.stringContaining('fail-connection:CUSTOMER_ID:CONNECTION_ID[:lost]'),
    })
    expect(parseScenarioArg('fail-connection:abc:302')).toMatchObject({ ok: false, message: expect.stringContaining('customerId') })
    expect(parseScenarioArg('stop-recipe:100001:101:tired')).toMatchObject({ ok: false, message: expect.stringContaining('cause') })
    expect(parseScenarioArg('fail-jobs:100023:2311:0')).toMatchObject({ ok: false, message: expect.stringContaining('count') })
    expect(parseScenarioArg('fail-jobs:100023:2311:100000')).toMatchObject({ ok: false, message: expect.stringContaining('count') })
    expect(parseScenarioArg('drop-origin')).toMatchObject({ ok: false, message: expect.stringContaining('drop-origin:ORIGIN') })
  })
})

function fail(): never {
  throw new Error('missing')
}
