import { afterEach, describe, expect, it } from 'vitest'
import { isConnected } from '../../../shared/domain/workato'
import { isAppError } from '../../../shared/errors'
import { PROFILE, customerWithRunningRecipe, rig, type Rig } from './harness'

let r: Rig
afterEach(async () => {
  await r?.close()
})

describe('connections against the sandbox', () => {
  it('applies every list filter, includes tags and runtime connections on request', async () => {
    r = await rig()
    const { customer, ws } = customerWithRunningRecipe(r.sandbox)
    const customerId = customer.id
    const all = await r.handlers['connections:list']({ profileId: PROFILE, customerId }, r.ctx())
    expect(all.stale).toBe(false)
    expect(all.items.length).toBe([...ws.connections.values()].filter((c) => !c.runtime).length)
    expect(all.items.every((c) => c.tags === undefined)).toBe(true)

    const provider = all.items[0]?.provider ?? ''
    const byProvider = await r.handlers['connections:list']({ profileId: PROFILE, customerId, filters: { provider } }, r.ctx())
    expect(byProvider.items.length).toBeGreaterThan(0)
    expect(byProvider.items.every((c) => c.provider === provider)).toBe(true)

    const tagged = await r.handlers['connections:list']({ profileId: PROFILE, customerId, filters: { include_tags: true } }, r.ctx())
    expect(tagged.items.every((c) => Array.isArray(c.tags))).toBe(true)
    expect(r.requests.at(-1)?.url.searchParams.getAll('includes[]')).toEqual(['tags'])

    const withRuntime = await r.handlers['connections:list'](
      { profileId: PROFILE, customerId, filters: { include_runtime_connections: true } },
      r.ctx(),
    )
    expect(withRuntime.items.length).toBe(ws.connections.size)

    const folderId = all.items[0]?.folder_id ?? 0
    const inFolder = await r.handlers['connections:list']({ profileId: PROFILE, customerId, filters: { folder_id: folderId } }, r.ctx())
    expect(inFolder.items.every((c) => c.folder_id === folderId)).toBe(true)

    const runtime = [...ws.connections.values()].find((c) => c.runtime)
    if (runtime?.parent_id && runtime.external_id) {
      const mine = await r.handlers['connections:list'](
        {
          profileId: PROFILE,
          customerId,
          filters: { parent_id: runtime.parent_id, external_id: runtime.external_id, include_runtime_connections: true },
        },
        r.ctx(),
      )
      expect(mine.items.map((c) => c.id)).toContain(runtime.id)
      expect(mine.items.every((c) => c.parent_id === runtime.parent_id && c.external_id === runtime.external_id)).toBe(true)
    }
  })

  it('creates a shell connection, renames it, reads it back, and deletes it, keeping the cached list in step', async () => {
    r = await rig()
    const customerId = r.sandbox.state.listCustomers()[0]?.id ?? 0
    await r.handlers['connections:list']({ profileId: PROFILE, customerId }, r.ctx())
    const shell = await r.handlers['connections:create'](
      { profileId: PROFILE, customerId, input: { provider: 'jira', name: 'Jira (shell)', shell_connection: true } },
      r.ctx(),
    )
    expect(isConnected(shell)).toBe(false)
    const cachedAfterCreate = await r.service.cache.readView(PROFILE, customerId, 'connections', '')
    expect(cachedAfterCreate?.items.map((c) => c.id)).toContain(shell.id)

    const renamed = await r.handlers['connections:update'](
      { profileId: PROFILE, customerId, connectionId: shell.id, patch: { name: 'Jira EU' } },
      r.ctx(),
    )
    expect(renamed.name).toBe('Jira EU')
    const got = await r.handlers['connections:get']({ profileId: PROFILE, customerId, connectionId: shell.id }, r.ctx())
    expect(got.name).toBe('Jira EU')
    expect((await r.service.cache.readView(PROFILE, customerId, 'connections', ''))?.items.find((c) => c.id === shell.id)?.name).toBe('Jira EU')

    await r.handlers['connections:delete']({ profileId: PROFILE, customerId, connectionId: shell.id }, r.ctx())
    expect((await r.service.cache.readView(PROFILE, customerId, 'connections', ''))?.items.map((c) => c.id)).not.toContain(shell.id)
    const e = await r.handlers['connections:get']({ profileId: PROFILE, customerId, connectionId: shell.id }, r.ctx()).catch((x: unknown) => x)
    expect(isAppError(e) && e.code).toBe('not_found')
  })

  it('names the running recipes that use a connection, refuses a plain disconnect, and disconnects with force', async () => {
    r = await rig()
    const { customer, ws, recipe, connectionId } = customerWithRunningRecipe(r.sandbox)
    const customerId = customer.id
    const expected = r.sandbox.state
      .runningRecipesUsing(ws, connectionId)
      .map((x) => x.id)
      .sort()

    const usage = await r.handlers['connections:usage']({ profileId: PROFILE, customerId, connectionId }, r.ctx())
    expect(usage.runningRecipes.map((x) => x.id).sort()).toEqual(expected)

    const refused = await r.handlers['connections:disconnect']({ profileId: PROFILE, customerId, connectionId, force: false }, r.ctx()).catch(
      (x: unknown) => x,
    )
    expect(isAppError(refused) && refused.code).toBe('conflict')
    expect((refused as Error).message).toContain(`"${recipe.name}" (recipe ${recipe.id})`)
    expect(isAppError(refused) && refused.data.hint).toMatch(/Stop those recipes first/)
    expect(ws.connections.get(connectionId)?.authorization_status).not.toBeNull()

    await r.handlers['connections:list']({ profileId: PROFILE, customerId }, r.ctx())
    await r.handlers['connections:disconnect']({ profileId: PROFILE, customerId, connectionId, force: true }, r.ctx())
    expect(ws.connections.get(connectionId)?.authorization_status).toBeNull()
    const cached = await r.service.cache.readView(PROFILE, customerId, 'connections', '')
    expect(cached?.items.find((c) => c.id === connectionId)?.authorization_status ?? null).toBeNull()
  })

  it("turns Workato's own 400 refusal into a conflict carrying its message", async () => {
    // A recipe list that hides running recipes (as if one started after the pre-check): the refusal now comes from
    // the API itself, and must still reach the person as a conflict that says why.
    r = await rig({
      service: {
        fetch: (input, init) =>
          /\/recipes\?/.test(input) ? Promise.resolve(new Response(JSON.stringify({ result: [] }), { status: 200 })) : fetch(input, init),
      },
    })
    const { customer, recipe, connectionId } = customerWithRunningRecipe(r.sandbox)
    const e = await r.handlers['connections:disconnect']({ profileId: PROFILE, customerId: customer.id, connectionId, force: false }, r.ctx()).catch(
      (x: unknown) => x,
    )
    expect(isAppError(e) && e.code).toBe('conflict')
    expect(isAppError(e) && e.data.status).toBe(400)
    expect((e as Error).message).toContain(`Workato refused to disconnect connection ${connectionId}`)
    expect((e as Error).message).toContain(recipe.name)
  })
})

describe('recipes, jobs and folders against the sandbox', () => {
  it('lists every recipe across pages and filters running ones', async () => {
    r = await rig()
    const { customer, ws } = customerWithRunningRecipe(r.sandbox)
    const all = await r.handlers['recipes:list']({ profileId: PROFILE, customerId: customer.id }, r.ctx())
    expect(all.items.map((x) => x.id).sort()).toEqual([...ws.recipes.keys()].sort())
    const running = await r.handlers['recipes:list']({ profileId: PROFILE, customerId: customer.id, running: true }, r.ctx())
    expect(running.items.length).toBeGreaterThan(0)
    expect(running.items.every((x) => x.running)).toBe(true)
    const q = r.requests.at(-1)?.url.searchParams
    expect(q?.get('running')).toBe('true')
    expect(q?.get('per_page')).toBe('100')
  })

  it('reports why a recipe cannot start as readable reasons (config_errors §4.4)', async () => {
    r = await rig()
    // A stopped recipe with a connector slot: unbind it, so Workato reports a missing connection.
    let target: { customerId: number; recipeId: number; provider: string } | null = null
    for (const c of r.sandbox.state.listCustomers()) {
      const rec = [...r.sandbox.state.workspace(c).recipes.values()].find((x) => !x.running && x.config.length > 0)
      if (rec?.config[0]) {
        rec.config[0].account_id = null
        target = { customerId: c.id, recipeId: rec.id, provider: rec.config[0].provider }
        break
      }
    }
    if (!target) throw new Error('seed has no stopped recipe')
    const out = await r.handlers['recipes:start']({ profileId: PROFILE, customerId: target.customerId, recipeId: target.recipeId }, r.ctx())
    expect(out.success).toBe(false)
    expect(out.problems[0]).toMatch(/^Step 1 · .*connection is not selected$/)
    expect(out.problems.join('\n')).not.toMatch(/\[|\]|null/)
  })

  it('starts and stops a recipe, and says so when it is already running', async () => {
    r = await rig()
    const { customer, recipe } = customerWithRunningRecipe(r.sandbox)
    const ref = { profileId: PROFILE, customerId: customer.id, recipeId: recipe.id }
    await r.handlers['recipes:list']({ profileId: PROFILE, customerId: customer.id }, r.ctx())
    const again = await r.handlers['recipes:start'](ref, r.ctx())
    expect(again).toMatchObject({ success: false, problems: ['Recipe is already running'] })
    expect(await r.handlers['recipes:stop'](ref, r.ctx())).toEqual({ success: true, problems: [] })
    expect(recipe.running).toBe(false)
    const cached = await r.service.cache.readView(PROFILE, customer.id, 'recipes', '')
    expect(cached?.items.find((x) => x.id === recipe.id)?.running).toBe(false)
    expect((await r.handlers['recipes:get'](ref, r.ctx())).running).toBe(false)
    expect((await r.handlers['recipes:start'](ref, r.ctx())).success).toBe(true)
    expect(recipe.running).toBe(true)
  })

  it('lists jobs by status and pages older jobs with the cursor', async () => {
    r = await rig()
    let found: { customerId: number; recipeId: number } | null = null
    for (const c of r.sandbox.state.listCustomers()) {
      const ws = r.sandbox.state.workspace(c)
      const rec = [...ws.recipes.values()].find((x) => r.sandbox.state.jobs(ws, x).length > 2)
      if (rec) {
        found = { customerId: c.id, recipeId: rec.id }
        break
      }
    }
    if (!found) throw new Error('seed has no recipe with jobs')
    const ref = { profileId: PROFILE, ...found }
    const first = await r.handlers['jobs:list'](ref, r.ctx())
    expect(first.job_count).toBeGreaterThan(2)
    const failed = await r.handlers['jobs:list']({ ...ref, status: 'failed' }, r.ctx())
    expect(failed.items.every((j) => j.status === 'failed')).toBe(true)
    expect(r.requests.at(-1)?.url.searchParams.get('status')).toBe('failed')
    const cursor = first.items[0]?.id ?? ''
    const older = await r.handlers['jobs:list']({ ...ref, offsetJobId: cursor }, r.ctx())
    expect(older.items.map((j) => j.id)).not.toContain(cursor)
    expect(older.items[0]?.id).toBe(first.items[1]?.id)
  })

  it('lists every folder, nested ones too', async () => {
    r = await rig()
    const sb = r.sandbox
    const c = sb.state
      .listCustomers()
      .find((x) => [...sb.state.workspace(x).folders.values()].some((f) => f.parent_id != null && f.parent_id !== sb.state.workspace(x).homeFolderId))
    if (!c) throw new Error('no customer with a nested folder in the seed')
    const ws = sb.state.workspace(c)
    const { folders, truncated } = await r.handlers['folders:list']({ profileId: PROFILE, customerId: c.id }, r.ctx())
    expect(truncated).toBe(false)
    // Everything but Home itself, which §5.1 never lists.
    expect(folders.map((f) => f.id).sort()).toEqual(
      [...ws.folders.values()]
        .filter((f) => f.id !== ws.homeFolderId)
        .map((f) => f.id)
        .sort(),
    )
    const nested = folders.find((f) => f.parent_id !== ws.homeFolderId)
    expect(folders.some((f) => f.id === nested?.parent_id)).toBe(true)
  })
})
