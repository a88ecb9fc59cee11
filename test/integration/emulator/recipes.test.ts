/** Reference §4 (recipes, jobs), §5.1 (folders), §5.3 (signing key) over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerRecord, RecipeRecord, EmulatorHandle } from '../../../electron/emulator/index'
import { rsaKeys, sandbox, type Api } from './helpers'

let h: EmulatorHandle
let api: Api
beforeAll(async () => {
  ;({ h, api } = await sandbox({ customers: 80 }))
})
afterAll(() => h.close())

const recipesOf = (c: CustomerRecord): RecipeRecord[] => [...h.state.workspace(c).recipes.values()]

function customerWithRecipes(min: number): CustomerRecord {
  const c = h.state.listCustomers().find((x) => recipesOf(x).length >= min)
  if (!c) throw new Error(`no customer with ${min} recipes`)
  return c
}

describe('list recipes (§4.2)', () => {
  it('wraps in result, defaults to 10 per page, caps at 100, newest id first', async () => {
    // Give one customer 120 recipes so the default and the cap both show.
    const c = h.state.listCustomers()[5] as CustomerRecord
    const ws = h.state.workspace(c)
    const template = recipesOf(c)[0] as RecipeRecord
    for (let i = 0; i < 120; i++) {
      const id = h.state.newId()
      ws.recipes.set(id, { ...template, id, name: `Bulk ${i}`, config: [] })
    }
    const total = ws.recipes.size
    const first = await api(`/api/managed_users/${c.id}/recipes`)
    expect(Object.keys(first.body)).toEqual(['result'])
    expect(first.body.result).toHaveLength(10)
    const ids = first.body.result.map((r: { id: number }) => r.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    expect((await api(`/api/managed_users/${c.id}/recipes?per_page=1000`)).body.result).toHaveLength(100)
    const p2 = await api(`/api/managed_users/${c.id}/recipes?per_page=100&page=2`)
    expect(p2.body.result).toHaveLength(total - 100)
    // since_id: only ids lower than it.
    const since = await api(`/api/managed_users/${c.id}/recipes?since_id=${ids[4]}&per_page=100`)
    expect(since.body.result.every((r: { id: number }) => r.id < ids[4])).toBe(true)
    expect(since.body.result[0].id).toBe(ids[5])
  })

  it('filters running=true/false and stop_cause', async () => {
    for (const c of h.state.listCustomers().slice(10, 40)) {
      const running = await api(`/api/managed_users/${c.id}/recipes?running=true&per_page=100`)
      expect(running.body.result.map((r: { id: number }) => r.id).sort()).toEqual(
        recipesOf(c)
          .filter((r) => r.running)
          .map((r) => r.id)
          .sort(),
      )
      const stopped = await api(`/api/managed_users/${c.id}/recipes?running=false&per_page=100`)
      expect(stopped.body.result.every((r: { running: boolean }) => !r.running)).toBe(true)
    }
    const withCause = h.state
      .listCustomers()
      .flatMap(recipesOf)
      .find((r) => r.stop_cause !== null) as RecipeRecord
    const owner = h.state.getCustomer(withCause.user_id) as CustomerRecord
    const r = await api(`/api/managed_users/${owner.id}/recipes?stop_cause=${withCause.stop_cause}&per_page=100`)
    expect(r.body.result.map((x: { id: number }) => x.id)).toContain(withCause.id)
    expect(r.body.result.every((x: { stop_cause: string }) => x.stop_cause === withCause.stop_cause)).toBe(true)
    expect((await api(`/api/managed_users/${owner.id}/recipes?stop_cause=bored`)).status).toBe(400)
  })

  it('filters by folder_id, stopped_after and adapter_names_any / adapter_names_all', async () => {
    const c = h.state
      .listCustomers()
      .find((x) => recipesOf(x).length >= 3 && new Set(recipesOf(x).map((r) => r.folder_id)).size > 1) as CustomerRecord
    const rs = recipesOf(c)
    const folder = (rs[0] as RecipeRecord).folder_id
    const byFolder = await api(`/api/managed_users/${c.id}/recipes?folder_id=${folder}&per_page=100`)
    expect(byFolder.body.result.map((r: { id: number }) => r.id).sort()).toEqual(
      rs
        .filter((r) => r.folder_id === folder)
        .map((r) => r.id)
        .sort(),
    )
    const target = rs[1] as RecipeRecord
    target.running = false
    target.stopped_at = '2030-01-01T00:00:00.000Z'
    const before = await api(`/api/managed_users/${c.id}/recipes?stopped_after=2029-01-01T00:00:00Z&per_page=100`)
    expect(before.body.result.map((r: { id: number }) => r.id)).not.toContain(target.id)
    expect((await api(`/api/managed_users/${c.id}/recipes?stopped_after=yesterday`)).status).toBe(400)
    const r0 = rs[0] as RecipeRecord
    r0.applications = ['salesforce', 'slack']
    const any = await api(`/api/managed_users/${c.id}/recipes?adapter_names_any=slack,nothing&per_page=100`)
    expect(any.body.result.map((r: { id: number }) => r.id)).toContain(r0.id)
    expect(any.body.result.every((r: { applications: string[] }) => r.applications.includes('slack'))).toBe(true)
    const allOf = await api(`/api/managed_users/${c.id}/recipes?adapter_names_all=salesforce,slack&per_page=100`)
    expect(
      allOf.body.result.every((r: { applications: string[] }) => r.applications.includes('salesforce') && r.applications.includes('slack')),
    ).toBe(true)
    expect(allOf.body.result.map((r: { id: number }) => r.id)).toContain(r0.id)
  })

  it('gets one recipe bare with config slots; 404 for unknown', async () => {
    const c = customerWithRecipes(1)
    const recipe = recipesOf(c)[0] as RecipeRecord
    const r = await api(`/api/managed_users/${c.id}/recipes/${recipe.id}`)
    expect(r.body).toMatchObject({ id: recipe.id, name: recipe.name, running: recipe.running })
    expect(r.body.config[0]).toMatchObject({ keyword: 'application', provider: expect.any(String) })
    expect(await api(`/api/managed_users/${c.id}/recipes/1`)).toMatchObject({ status: 404, body: { message: 'Not found' } })
  })
})

describe('start / stop (§4.4, §4.5)', () => {
  it('start answers 200 success:false with §4.4 config_errors when a slot is unbound or its connection disconnected', async () => {
    const c = h.state.listCustomers()[7] as CustomerRecord
    const ws = h.state.workspace(c)
    const conn = [...ws.connections.values()][0]
    if (!conn) throw new Error('no connection')
    h.state.setConnected(conn, false)
    const recipe: RecipeRecord = {
      ...(recipesOf(c)[0] as RecipeRecord),
      id: h.state.newId(),
      running: false,
      config: [
        { keyword: 'application', name: 'jira', provider: 'jira', skip_validation: false, account_id: null },
        { keyword: 'application', name: conn.provider, provider: conn.provider, skip_validation: false, account_id: conn.id },
      ],
    }
    ws.recipes.set(recipe.id, recipe)
    const r = await api(`/api/managed_users/${c.id}/recipes/${recipe.id}/start`, { method: 'PUT' })
    expect(r.status).toBe(200)
    expect(r.body.success).toBe(false)
    expect(r.body.code_errors).toEqual([])
    expect(r.body.config_errors).toEqual([
      [1, [['jira', null, 'Jira connection is not selected']]],
      [2, [[conn.provider, conn.id, expect.stringMatching(/is not connected$/)]]],
    ])
    expect(recipe.running).toBe(false)
    // Fix both slots: connect the connection and bind the first slot to it.
    h.state.setConnected(conn, true)
    recipe.config = [recipe.config[1] as RecipeRecord['config'][number]]
    expect((await api(`/api/managed_users/${c.id}/recipes/${recipe.id}/start`, { method: 'PUT' })).body).toEqual({ success: true })
    expect((await api(`/api/managed_users/${c.id}/recipes/${recipe.id}`)).body.running).toBe(true)
    expect((await api(`/api/managed_users/${c.id}/recipes/${recipe.id}/start`, { method: 'PUT' })).status).toBe(400)
    expect((await api(`/api/managed_users/${c.id}/recipes/${recipe.id}/stop`, { method: 'PUT' })).body).toEqual({ success: true })
    const again = await api(`/api/managed_users/${c.id}/recipes/${recipe.id}/stop`, { method: 'PUT' })
    expect(again.status).toBe(400)
    expect(again.body.message).toMatch(/not running/)
    expect((await api(`/api/managed_users/${c.id}/recipes/424242/stop`, { method: 'PUT' })).status).toBe(404)
  })
})

describe('jobs (§4.6)', () => {
  function recipeWithJobs(min: number): { c: CustomerRecord; r: RecipeRecord; count: number } {
    for (const c of h.state.listCustomers()) {
      for (const r of recipesOf(c)) {
        const jobs = h.state.jobs(h.state.workspace(c), r)
        if (jobs.length >= min && jobs.some((j) => j.status === 'failed')) return { c, r, count: jobs.length }
      }
    }
    throw new Error('no recipe with jobs')
  }

  it('returns counts plus items, newest first, string j- ids', async () => {
    const { c, r, count } = recipeWithJobs(20)
    const res = await api(`/api/managed_users/${c.id}/recipes/${r.id}/jobs`)
    expect(Object.keys(res.body).sort()).toEqual(['items', 'job_count', 'job_failed_count', 'job_succeeded_count'])
    expect(res.body.job_count).toBe(count)
    expect(res.body.items).toHaveLength(count)
    expect(res.body.items[0].id).toMatch(/^j-/)
    const started = res.body.items.map((j: { started_at: string }) => Date.parse(j.started_at))
    expect(started).toEqual([...started].sort((a, b) => b - a))
    const failed = res.body.items.filter((j: { is_error: boolean }) => j.is_error)
    expect(res.body.job_failed_count).toBe(failed.length)
    expect(failed[0].error_parts).toMatchObject({ message: expect.any(String), adapter: expect.any(String) })
  })

  it('filters by status and pages with offset_job_id / prev', async () => {
    const { c, r } = recipeWithJobs(20)
    const base = `/api/managed_users/${c.id}/recipes/${r.id}/jobs`
    const failed = await api(`${base}?status=failed`)
    expect(failed.body.items.length).toBeGreaterThan(0)
    expect(failed.body.items.every((j: { status: string }) => j.status === 'failed')).toBe(true)
    const all = (await api(base)).body.items as { id: string }[]
    const cursor = all[5]?.id
    const older = await api(`${base}?offset_job_id=${cursor}`)
    expect(older.body.items.map((j: { id: string }) => j.id)).toEqual(all.slice(6).map((j) => j.id))
    const newer = await api(`${base}?offset_job_id=${cursor}&prev=true`)
    expect(newer.body.items.map((j: { id: string }) => j.id)).toEqual(all.slice(0, 5).map((j) => j.id))
    expect((await api(`${base}?status=weird`)).status).toBe(400)
    const one = await api(`${base}/${cursor}`)
    expect(one.body.id).toBe(cursor)
    expect((await api(`${base}/j-nope`)).status).toBe(404)
  })
})

describe('jobs paging (§4.6)', () => {
  it('returns 100 items by default, caps per_page at 100, and filters rerun_only', async () => {
    const c = customerWithRecipes(1)
    const ws = h.state.workspace(c)
    const recipe = recipesOf(c)[0] as RecipeRecord
    const template = h.state.jobs(ws, recipe)[0] ?? {
      id: 'j-x',
      flow_run_id: 1,
      title: 't',
      started_at: '2026-01-01T00:00:00.000Z',
      completed_at: null,
      is_error: false,
      is_poll_error: false,
      error: null,
      error_parts: null,
      status: 'succeeded' as const,
      is_repeat: false,
    }
    const many = Array.from({ length: 150 }, (_, i) => ({
      ...template,
      id: `j-bulk-${String(i).padStart(3, '0')}`,
      status: 'succeeded' as const,
      is_repeat: i % 10 === 0,
    }))
    ws.jobs.set(recipe.id, many)
    const base = `/api/managed_users/${c.id}/recipes/${recipe.id}/jobs`
    const first = await api(base)
    expect(first.body.job_count).toBe(150)
    expect(first.body.items).toHaveLength(100)
    expect((await api(`${base}?per_page=500`)).body.items).toHaveLength(100)
    const next = await api(`${base}?offset_job_id=${first.body.items[99].id}`)
    expect(next.body.items.map((j: { id: string }) => j.id)).toEqual(many.slice(100).map((j) => j.id))
    const reruns = await api(`${base}?rerun_only=true`)
    expect(reruns.body.items).toHaveLength(15)
    expect((await api(`${base}?offset_job_id=j-unknown`)).status).toBe(400)
  })
})

describe('folders (§5.1)', () => {
  it('lists children of Home by default, wrapped in result; creates folders', async () => {
    const c = h.state.listCustomers()[2] as CustomerRecord
    const ws = h.state.workspace(c)
    const r = await api(`/api/managed_users/${c.id}/folders`)
    expect(Object.keys(r.body)).toEqual(['result'])
    expect(r.body.result.length).toBeGreaterThan(0)
    expect(r.body.result.every((f: { parent_id: number }) => f.parent_id === ws.homeFolderId)).toBe(true)
    const made = await api(`/api/managed_users/${c.id}/folders`, { method: 'POST', body: { name: 'Escalations', parent_id: r.body.result[0].id } })
    expect(made.body).toMatchObject({ name: 'Escalations', parent_id: r.body.result[0].id })
    const inside = await api(`/api/managed_users/${c.id}/folders?parent_id=${r.body.result[0].id}`)
    expect(inside.body.result.map((f: { id: number }) => f.id)).toEqual([made.body.id])
    expect((await api(`/api/managed_users/${c.id}/folders?per_page=1`)).body.result).toHaveLength(1)
    expect((await api(`/api/managed_users/${c.id}/folders`, { method: 'POST', body: {} })).body).toEqual({
      message: 'Validation failed',
      errors: { name: ["can't be blank"] },
    })
    expect((await api(`/api/managed_users/${c.id}/folders`, { method: 'POST', body: { name: 'x', parent_id: 1 } })).body.errors).toEqual({
      parent_id: ['is invalid'],
    })
  })

  it('pages 100 by default and caps per_page at 100', async () => {
    const c = h.state.listCustomers()[8] as CustomerRecord
    for (let i = 0; i < 130; i++)
      expect((await api(`/api/managed_users/${c.id}/folders`, { method: 'POST', body: { name: `F${i}` } })).status).toBe(200)
    const total =
      (await api(`/api/managed_users/${c.id}/folders?page=1&per_page=100`)).body.result.length +
      (await api(`/api/managed_users/${c.id}/folders?page=2&per_page=100`)).body.result.length
    expect(total).toBeGreaterThanOrEqual(130)
    expect((await api(`/api/managed_users/${c.id}/folders`)).body.result).toHaveLength(100)
    expect((await api(`/api/managed_users/${c.id}/folders?per_page=250`)).body.result).toHaveLength(100)
  })
})

describe('signature verification key (§5.3)', () => {
  it('registers a 2048-bit RSA public key and returns {vendor_id, success:true}', async () => {
    const { publicPem } = rsaKeys(2048)
    const r = await api('/api/account/signature_verification_key', { method: 'PUT', body: { key: publicPem } })
    expect(r).toMatchObject({ status: 200, body: { vendor_id: h.vendorId, success: true } })
    expect(h.state.publicKeyPem).toBe(publicPem)
  })

  it('refuses short keys, private keys, non-RSA keys and garbage with 400 and a reason', async () => {
    const short = await api('/api/account/signature_verification_key', { method: 'PUT', body: { key: rsaKeys(1024).publicPem } })
    expect(short.status).toBe(400)
    expect(short.body.message).toMatch(/1024-bit/)
    const priv = await api('/api/account/signature_verification_key', { method: 'PUT', body: { key: rsaKeys(2048).privatePem } })
    expect(priv.body.message).toMatch(/private key/i)
    const { generateKeyPairSync } = await import('node:crypto')
    const ec = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    })
    expect((await api('/api/account/signature_verification_key', { method: 'PUT', body: { key: ec.publicKey } })).body.message).toMatch(/RSA/)
    expect((await api('/api/account/signature_verification_key', { method: 'PUT', body: { key: 'hello' } })).status).toBe(400)
    expect((await api('/api/account/signature_verification_key', { method: 'PUT', body: {} })).body).toEqual({
      message: 'Validation failed',
      errors: { key: ["can't be blank"] },
    })
  })
})
