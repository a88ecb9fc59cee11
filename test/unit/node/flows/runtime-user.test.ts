/** The runtime-user decision (reference §9) against a small in-memory API: one test per outcome, plus the parent choice. */
import { describe, expect, it } from 'vitest'
import type { FlowApi } from '../../../../electron/core/flows/api-port'
import { resolveRuntimeUser } from '../../../../electron/core/flows/runtime-user'
import { appError } from '../../../../shared/errors'
import type { Connection, ConnectionCreate, ConnectionFilters, Recipe } from '../../../../shared/domain/workato'

const CUSTOMER = 42

function fakeApi(recipe: Recipe, connections: Connection[]) {
  const calls: string[] = []
  const created: ConnectionCreate[] = []
  let nextId = 900
  const unused = () => {
    throw new Error('not used by this flow')
  }
  const api: FlowApi = {
    getRecipe: async (_ref, id) => {
      calls.push(`getRecipe ${id}`)
      if (id !== recipe.id) throw appError('not_found', 'no recipe', { status: 404 })
      return recipe
    },
    listConnections: async (_ref, f: ConnectionFilters = {}) => {
      calls.push(`listConnections ${JSON.stringify(f)}`)
      return connections.filter(
        (c) =>
          (f.include_runtime_connections || !(c.parent_id && c.external_id)) &&
          (f.provider === undefined || c.provider === f.provider) &&
          (f.external_id === undefined || c.external_id === f.external_id),
      )
    },
    createConnection: async (_ref, input) => {
      calls.push('createConnection')
      created.push(input)
      const c: Connection = {
        id: nextId++,
        name: input.name ?? 'x',
        provider: input.provider,
        external_id: input.external_id ?? null,
        parent_id: input.parent_id ?? null,
        authorization_status: null,
      }
      connections.push(c)
      return c
    },
    getConnection: unused,
    listAllRecipes: unused,
    connectRecipe: unused,
    importPackage: unused,
    getImport: unused,
    createFolder: unused,
    listAllFolders: unused,
  }
  return { api, calls, created }
}

const sfDefault: Connection = {
  id: 10,
  name: 'Acme Salesforce',
  provider: 'salesforce',
  authorization_status: 'success',
  folder_id: 5,
  parent_id: null,
  external_id: null,
}
const recipe = (over: Partial<Recipe> = {}): Recipe => ({
  id: 7,
  name: 'Sync contacts',
  running: true,
  config: [{ keyword: 'application', name: 'salesforce', provider: 'salesforce', account_id: 10 }],
  ...over,
})
const req = (over = {}) => ({ customerId: CUSTOMER, recipeId: 7, endUserId: 'ana@acme.test', parent: 'default_connection' as const, ...over })

describe('resolveRuntimeUser', () => {
  it('recipe_stopped: says so, names the default connection problem too, and creates nothing', async () => {
    const { api, created } = fakeApi(recipe({ running: false, stop_cause: 'trigger_errors_limit' }), [{ ...sfDefault, authorization_status: null }])
    const o = await resolveRuntimeUser(api, req())
    expect(o.kind).toBe('recipe_stopped')
    if (o.kind !== 'recipe_stopped') return
    expect(o.message).toMatch(/"Sync contacts" is stopped \(trigger errors limit\)/)
    expect(o.defaultProblem).toBe('unauthorised')
    expect(o.fix).toMatch(/1\. Authenticate "Acme Salesforce" with the customer's own Salesforce account.*2\. Start the recipe/)
    expect(created).toEqual([])
  })

  it('default_not_authorised: an unbound slot, a deleted connection and an unauthorised one are told apart', async () => {
    const unbound = await resolveRuntimeUser(
      fakeApi(recipe({ config: [{ name: 'salesforce', provider: 'salesforce', account_id: null }] }), [sfDefault]).api,
      req(),
    )
    expect(unbound).toMatchObject({ kind: 'default_not_authorised', defaultProblem: 'unbound', slot: 'salesforce' })
    const missing = await resolveRuntimeUser(fakeApi(recipe(), []).api, req())
    expect(missing).toMatchObject({ kind: 'default_not_authorised', defaultProblem: 'missing' })
    const failing = fakeApi(recipe(), [{ ...sfDefault, authorization_status: 'failed', authorization_error: 'Token expired' }])
    const unauth = await resolveRuntimeUser(failing.api, req())
    expect(unauth).toMatchObject({ kind: 'default_not_authorised', defaultProblem: 'unauthorised' })
    if (unauth.kind === 'default_not_authorised') expect(unauth.message).toMatch(/"Acme Salesforce" is not authorised \(Token expired\)/)
    expect(failing.created).toEqual([])
    // The end user's connections are not even looked up before the pre-checks pass.
    expect(failing.calls.some((c) => c.includes('include_runtime_connections'))).toBe(false)
  })

  it('found_authorised: the end user already has an authorised child of the default connection', async () => {
    const mine: Connection = {
      id: 11,
      name: 'Ana SF',
      provider: 'salesforce',
      parent_id: 10,
      external_id: 'ana@acme.test',
      authorization_status: 'success',
    }
    const { api, calls, created } = fakeApi(recipe(), [sfDefault, mine])
    const o = await resolveRuntimeUser(api, req())
    expect(o).toMatchObject({ kind: 'found_authorised', connection: { id: 11, authorised: true } })
    expect(calls).toContain('listConnections {"include_runtime_connections":true,"external_id":"ana@acme.test","provider":"salesforce"}')
    expect(created).toEqual([])
  })

  it('found_unauthorised: a child exists but is not authorised (the widget is next)', async () => {
    const mine: Connection = {
      id: 12,
      name: 'Ana SF',
      provider: 'salesforce',
      parent_id: 10,
      external_id: 'ana@acme.test',
      authorization_status: null,
    }
    const o = await resolveRuntimeUser(fakeApi(recipe(), [sfDefault, mine]).api, req())
    expect(o).toMatchObject({ kind: 'found_unauthorised', connection: { id: 12, authorised: false } })
  })

  it('created: a shell for the end user under the default connection (documented parent)', async () => {
    const { api, created } = fakeApi(recipe(), [
      sfDefault,
      { id: 13, name: 'Bo SF', provider: 'salesforce', parent_id: 10, external_id: 'bo@acme.test', authorization_status: 'success' },
    ])
    const o = await resolveRuntimeUser(api, req())
    expect(o).toMatchObject({ kind: 'created', connection: { externalId: 'ana@acme.test', parentId: 10, authorised: false } })
    expect(created).toEqual([
      {
        provider: 'salesforce',
        name: 'Salesforce for ana@acme.test',
        external_id: 'ana@acme.test',
        shell_connection: true,
        parent_id: 10,
        folder_id: 5,
      },
    ])
  })

  it('parent "none" (recipe functions): the shell has no parent, and a parentless one is found next time', async () => {
    const { api, created } = fakeApi(recipe(), [sfDefault])
    const first = await resolveRuntimeUser(api, req({ parent: 'none' }))
    expect(first.kind).toBe('created')
    expect(created[0]?.parent_id).toBeUndefined()
    const second = await resolveRuntimeUser(api, req({ parent: 'none' }))
    expect(second).toMatchObject({ kind: 'found_unauthorised', connection: { id: first.kind === 'created' ? first.connection.id : -1 } })
    // With the documented parent, a parentless connection is not this recipe's runtime connection: a new child is made.
    const third = await resolveRuntimeUser(api, req())
    expect(third).toMatchObject({ kind: 'created', connection: { parentId: 10 } })
  })

  it('uses the chosen connector slot, and refuses a slot the recipe does not have or an empty end user', async () => {
    const jira: Connection = { id: 20, name: 'Acme Jira', provider: 'jira', authorization_status: 'success' }
    const r = recipe({
      config: [
        { name: 'salesforce', provider: 'salesforce', account_id: null },
        { name: 'jira', provider: 'jira', account_id: 20 },
      ],
    })
    const o = await resolveRuntimeUser(fakeApi(r, [sfDefault, jira]).api, req({ adapterName: 'jira' }))
    expect(o).toMatchObject({ kind: 'created', defaultConnection: { id: 20 }, connection: { provider: 'jira', parentId: 20 } })
    await expect(resolveRuntimeUser(fakeApi(r, [jira]).api, req({ adapterName: 'slack' }))).rejects.toThrow(/has no Slack connector slot/)
    await expect(resolveRuntimeUser(fakeApi(r, [jira]).api, req({ endUserId: '  ' }))).rejects.toThrow(/Enter the end user id/)
  })
})
