/**
 * The Sandbox's truth is what the documented API shows: a sweep over real HTTP (customers §2.5, connections with
 * runtime users §3.2/§9, recipes `per_page=100` paged to a short page §4.2), with the rules of
 * shared/domain/health-kinds.ts, finds exactly `handle.truth()`, before and after switches sent over
 * `/__emulator/scenarios`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { healthKindTarget, isTaskUsageNearLimit, problemKey, type HealthKind, type HealthProblemRef } from '../../../shared/domain/health-kinds'
import type { EmulatorHandle } from '../../../electron/emulator/index'
import { sandbox, type Api } from './helpers'

interface Customer {
  id: number
  active_connection_count: number
  active_recipe_count: number
  in_trial: boolean
  task_count: number
  task_limit: number
}
interface Connection {
  id: number
  authorization_status: string | null
  connection_lost_at: string | null
  parent_id: number | null
}
interface Recipe {
  id: number
  running: boolean
  stop_cause: string | null
  job_failed_count: number
  config: { account_id: number | null }[]
}

async function pages<T>(api: Api, path: string): Promise<T[]> {
  const out: T[] = []
  for (let page = 1; ; page++) {
    const sep = path.includes('?') ? '&' : '?'
    const r = await api(`${path}${sep}page=${page}&per_page=100`)
    expect(r.status).toBe(200)
    const items = (r.body as { result: T[] }).result
    out.push(...items)
    if (items.length < 100) return out
  }
}

/** A sweep as a client would run it; `previous` holds job_failed_count from the sweep before, for rises. */
async function sweep(api: Api, previous: Map<number, number>): Promise<{ problems: Set<string>; failed: Map<number, number> }> {
  const problems = new Set<string>()
  const failed = new Map<number, number>()
  const add = (kind: HealthKind, customerId: number, targetId: number): void => {
    const ref: HealthProblemRef = { kind, customerId, targetType: healthKindTarget[kind], targetId }
    problems.add(problemKey(ref))
  }
  for (const c of await pages<Customer>(api, '/api/managed_users')) {
    if (isTaskUsageNearLimit(c)) add('task_usage_near_limit', c.id, c.id)
    if (c.in_trial) add('trial_ending', c.id, c.id)
    const conns = (await api(`/api/managed_users/${c.id}/connections?include_runtime_connections=true`)).body as { result: Connection[] }
    const recipes = await pages<Recipe>(api, `/api/managed_users/${c.id}/recipes`)
    // §2.4: the list's counts agree with what the customer's own lists show.
    expect(c.active_recipe_count).toBe(recipes.filter((r) => r.running).length)
    expect(c.active_connection_count).toBe(conns.result.filter((x) => x.parent_id === null && x.authorization_status === 'success').length)
    const used = new Set<number>()
    for (const r of recipes) {
      failed.set(r.id, r.job_failed_count)
      if (r.running) {
        for (const slot of r.config) if (slot.account_id !== null) used.add(slot.account_id)
        const before = previous.get(r.id)
        if (before !== undefined && r.job_failed_count > before) add('failed_jobs_rising', c.id, r.id)
      } else if (r.stop_cause !== null) add('recipe_stopped_by_cause', c.id, r.id)
    }
    const parents = new Set(conns.result.filter((x) => x.parent_id !== null).map((x) => x.parent_id))
    for (const conn of conns.result) {
      if (used.has(conn.id)) {
        if (conn.connection_lost_at !== null) add('connection_lost_in_use', c.id, conn.id)
        else if (conn.authorization_status !== 'success') add('connection_unauthorized_in_use', c.id, conn.id)
      }
      if (parents.has(conn.id) && conn.authorization_status !== 'success') add('default_connection_unauthorized_for_runtime_users', c.id, conn.id)
    }
  }
  return { problems, failed }
}

let h: EmulatorHandle
let api: Api
beforeAll(async () => {
  ;({ h, api } = await sandbox({ customers: 140, seed: 1 }))
})
afterAll(() => h.close())

const control = (path: string, init: { method?: string; body?: string; token?: string | null } = {}) =>
  fetch(`${h.baseUrl}/__emulator/${path}`, {
    method: init.method ?? 'GET',
    body: init.body,
    headers: init.token === null ? {} : { Authorization: `Bearer ${init.token ?? h.token}` },
  })

describe('the truth and the API agree', () => {
  it('a sweep finds exactly the truth, and after switches over HTTP, exactly the new truth', { timeout: 60_000 }, async () => {
    const first = await sweep(api, new Map())
    expect([...first.problems].sort()).toEqual(h.truth().map(problemKey).sort())

    const truth = (await (await control('truth')).json()) as { problems: HealthProblemRef[]; counts: Record<HealthKind, number> }
    expect(truth.problems.map(problemKey).sort()).toEqual([...first.problems].sort())

    // One running recipe gets failed jobs, another stops with a cause, and a used connection is lost.
    const running = h.state
      .listCustomers()
      .flatMap((c) => [...h.state.workspace(c).recipes.values()].filter((r) => r.running).map((r) => ({ customerId: c.id, r })))
    const [a, b] = running
    if (!a || !b) throw new Error('need two running recipes')
    const conn = b.r.config.find((x) => x.account_id !== null)?.account_id
    for (const cmd of [
      { action: 'fail-jobs', customerId: a.customerId, recipeId: a.r.id, count: 3 },
      { action: 'fail-connection', customerId: b.customerId, connectionId: conn, lost: true },
    ]) {
      const res = await control('scenarios', { method: 'POST', body: JSON.stringify(cmd) })
      expect(res.status).toBe(200)
    }
    const second = await sweep(api, first.failed)
    expect(second.problems).toContain(`failed_jobs_rising:${a.customerId}:recipe:${a.r.id}`)
    expect(second.problems).toContain(`connection_lost_in_use:${b.customerId}:connection:${conn}`)
    expect([...second.problems].sort()).toEqual(h.truth().map(problemKey).sort())
  })
})

describe('paging customers', () => {
  it('need a second recipes page at the default 10 (seq 23) and at the maximum 100 (seq 137)', async () => {
    const page2 = await api('/api/managed_users/100023/recipes?page=2')
    expect((page2.body as { result: unknown[] }).result.length).toBeGreaterThan(0)
    const full = await api('/api/managed_users/100137/recipes?per_page=100')
    expect((full.body as { result: unknown[] }).result).toHaveLength(100)
    const next = await api('/api/managed_users/100137/recipes?per_page=100&page=2')
    expect((next.body as { result: unknown[] }).result.length).toBeGreaterThan(0)
  })
})

describe('the /__emulator/ control namespace', () => {
  it('wants the API token', async () => {
    expect((await control('truth', { token: null })).status).toBe(401)
    expect((await control('truth', { token: 'sk_wrong' })).status).toBe(401)
  })

  it('answers a bad command with a sentence, an unknown target with 404, and an unknown path with 404', async () => {
    const notJson = await control('scenarios', { method: 'POST', body: 'stop everything' })
    expect(notJson.status).toBe(400)
    expect(((await notJson.json()) as { message: string }).message).toContain('must be a JSON scenario command')
    const invalid = await control('scenarios', {
      method: 'POST',
      body: JSON.stringify({ action: 'stop-recipe', customerId: 100001, recipeId: 101, cause: 'boredom' }),
    })
    expect(invalid.status).toBe(400)
    expect(((await invalid.json()) as { message: string }).message).toMatch(/^Invalid scenario command: cause/)
    const missing = await control('scenarios', {
      method: 'POST',
      body: JSON.stringify({ action: 'fail-jobs', customerId: 100001, recipeId: 5, count: 1 }),
    })
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { message: string }).message).toBe('Recipe 5 does not belong to customer 100001.')
    expect((await control('nothing')).status).toBe(404)
  })
})
