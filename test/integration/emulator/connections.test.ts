/** Reference §3 (connections) and §9 (runtime user connections) over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionRecord, CustomerRecord, EmulatorHandle } from '../../../electron/emulator/index'
import { sandbox, type Api } from './helpers'

let h: EmulatorHandle
let api: Api
beforeAll(async () => {
  ;({ h, api } = await sandbox({ customers: 60 }))
})
afterAll(() => h.close())

function all(c: CustomerRecord): ConnectionRecord[] {
  return [...h.state.workspace(c).connections.values()]
}

/** A customer whose seeded workspace has runtime connections (seed 1 has several). */
function customerWithRuntime(): CustomerRecord {
  const c = h.state.listCustomers().find((x) => all(x).some((k) => k.runtime))
  if (!c) throw new Error('seed has no runtime connections')
  return c
}

describe('list connections (§3.2)', () => {
  it('wraps in result, hides runtime connections unless include_runtime_connections=true', async () => {
    const c = customerWithRuntime()
    const plain = await api(`/api/managed_users/${c.id}/connections`)
    expect(Object.keys(plain.body)).toEqual(['result'])
    const ids = plain.body.result.map((x: { id: number }) => x.id)
    expect(ids.sort()).toEqual(
      all(c)
        .filter((k) => !k.runtime)
        .map((k) => k.id)
        .sort(),
    )
    const withRuntime = await api(`/api/managed_users/${c.id}/connections?include_runtime_connections=true`)
    expect(withRuntime.body.result).toHaveLength(all(c).length)
    // Runtime children share the parent's provider and carry an external id (§9).
    for (const k of withRuntime.body.result.filter((x: { parent_id: number | null }) => x.parent_id !== null)) {
      const parent = withRuntime.body.result.find((p: { id: number }) => p.id === k.parent_id)
      expect(parent.provider).toBe(k.provider)
      expect(k.external_id).toMatch(/@/)
    }
  })

  it('never returns stored credentials, and adds tags only for includes[]=tags', async () => {
    const c = h.state.listCustomers()[0] as CustomerRecord
    const r = await api(`/api/managed_users/${c.id}/connections`)
    expect(r.body.result[0]).not.toHaveProperty('input')
    expect(r.body.result[0]).not.toHaveProperty('tags')
    const t = await api(`/api/managed_users/${c.id}/connections?includes[]=tags`)
    expect(Array.isArray(t.body.result[0].tags)).toBe(true)
    expect((await api(`/api/managed_users/${c.id}/connections?includes[]=secrets`)).status).toBe(400)
  })

  it('filters by provider, folder_id, parent_id and external_id, in the query or in a GET body', async () => {
    const c = customerWithRuntime()
    const child = all(c).find((k) => k.runtime) as ConnectionRecord
    const byProvider = await api(`/api/managed_users/${c.id}/connections?provider=${child.provider}`)
    expect(byProvider.body.result.length).toBeGreaterThan(0)
    expect(byProvider.body.result.every((k: { provider: string }) => k.provider === child.provider)).toBe(true)
    const byParent = await api(`/api/managed_users/${c.id}/connections?include_runtime_connections=true&parent_id=${child.parent_id}`)
    expect(byParent.body.result.map((k: { id: number }) => k.id)).toContain(child.id)
    expect(byParent.body.result.every((k: { parent_id: number }) => k.parent_id === child.parent_id)).toBe(true)
    const byExternal = await api(
      `/api/managed_users/${c.id}/connections?include_runtime_connections=true&external_id=${encodeURIComponent(child.external_id ?? '')}`,
    )
    expect(byExternal.body.result.map((k: { id: number }) => k.id)).toEqual(
      all(c)
        .filter((k) => k.external_id === child.external_id)
        .map((k) => k.id),
    )
    const folder = child.folder_id
    const byFolder = await api(`/api/managed_users/${c.id}/connections?folder_id=${folder}`)
    expect(byFolder.body.result.every((k: { folder_id: number }) => k.folder_id === folder)).toBe(true)
    // §3.2 older docs: filters in the GET body.
    const inBody = await api(`/api/managed_users/${c.id}/connections`, {
      body: { provider: child.provider, include_runtime_connections: 'true', external_id: child.external_id },
    })
    expect(inBody.body.result.map((k: { id: number }) => k.id)).toEqual(byExternal.body.result.map((k: { id: number }) => k.id))
  })

  it('404s for an unknown customer', async () => {
    expect(await api('/api/managed_users/999999/connections')).toMatchObject({ status: 404, body: { message: 'Not found' } })
  })
})

describe('create / update (§3.4, §3.5)', () => {
  const c = () => h.state.listCustomers()[1] as CustomerRecord

  it('creates a shell connection (disconnected) and returns it bare', async () => {
    const r = await api(`/api/managed_users/${c().id}/connections`, {
      method: 'POST',
      body: { provider: 'salesforce', name: 'Shell SF', shell_connection: true },
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ name: 'Shell SF', provider: 'salesforce', authorization_status: null, authorized_at: null })
    const list = await api(`/api/managed_users/${c().id}/connections?provider=salesforce`)
    expect(list.body.result.map((k: { id: number }) => k.id)).toContain(r.body.id)
  })

  it('tests API-key input: good credentials connect, "bad" fails with authorization_error', async () => {
    const good = await api(`/api/managed_users/${c().id}/connections`, {
      method: 'POST',
      body: { provider: 'zendesk', input: { subdomain: 'acme', api_key: 'k-123' } },
    })
    expect(good.body).toMatchObject({ authorization_status: 'success', authorization_error: null })
    expect(good.body.authorized_at).toEqual(expect.any(String))
    const bad = await api(`/api/managed_users/${c().id}/connections`, {
      method: 'POST',
      body: { provider: 'zendesk', input: { subdomain: 'acme', api_key: 'bad' } },
    })
    expect(bad.body.authorization_status).toBe('failed')
    expect(bad.body.authorization_error).toMatch(/API key/i)
    const fixed = await api(`/api/managed_users/${c().id}/connections/${bad.body.id}`, { method: 'PUT', body: { input: { api_key: 'good' } } })
    expect(fixed.body.authorization_status).toBe('success')
  })

  it('validates provider, folder and parent', async () => {
    const r = await api(`/api/managed_users/${c().id}/connections`, { method: 'POST', body: {} })
    expect(r.body).toEqual({ message: 'Validation failed', errors: { provider: ["can't be blank"] } })
    const unknown = await api(`/api/managed_users/${c().id}/connections`, { method: 'POST', body: { provider: 'myspace' } })
    expect(unknown.body.errors).toEqual({ provider: ['is not included in the list'] })
    const sf = all(c()).find((k) => k.provider !== 'jira')
    const mismatch = await api(`/api/managed_users/${c().id}/connections`, { method: 'POST', body: { provider: 'jira', parent_id: sf?.id } })
    expect(mismatch.status).toBe(400)
    expect(mismatch.body.errors.parent_id).toBeDefined()
    const folder = await api(`/api/managed_users/${c().id}/connections`, { method: 'POST', body: { provider: 'jira', folder_id: 1 } })
    expect(folder.body.errors).toEqual({ folder_id: ['is invalid'] })
  })

  it('creates a runtime user connection under a parent (hidden by default, §9)', async () => {
    const parent = await api(`/api/managed_users/${c().id}/connections`, { method: 'POST', body: { provider: 'slack', shell_connection: true } })
    const child = await api(`/api/managed_users/${c().id}/connections`, {
      method: 'POST',
      body: { provider: 'slack', parent_id: parent.body.id, external_id: 'end.user@x.example', shell_connection: true },
    })
    expect(child.body).toMatchObject({ parent_id: parent.body.id, external_id: 'end.user@x.example' })
    const hidden = await api(`/api/managed_users/${c().id}/connections?parent_id=${parent.body.id}`)
    expect(hidden.body.result).toEqual([])
    const shown = await api(`/api/managed_users/${c().id}/connections?parent_id=${parent.body.id}&include_runtime_connections=true`)
    expect(shown.body.result.map((k: { id: number }) => k.id)).toEqual([child.body.id])
  })

  it('updates name and folder; 404 for a connection of another customer', async () => {
    const own = all(c())[0] as ConnectionRecord
    const r = await api(`/api/managed_users/${c().id}/connections/${own.id}`, { method: 'PUT', body: { name: 'Renamed connection' } })
    expect(r.body).toMatchObject({ id: own.id, name: 'Renamed connection' })
    const other = all(h.state.listCustomers()[2] as CustomerRecord)[0] as ConnectionRecord
    expect((await api(`/api/managed_users/${c().id}/connections/${other.id}`, { method: 'PUT', body: { name: 'x' } })).status).toBe(404)
  })
})

describe('disconnect and delete (§3.6, §3.7)', () => {
  function busyConnection(): { customer: CustomerRecord; conn: ConnectionRecord; recipes: string[] } {
    for (const customer of h.state.listCustomers()) {
      const ws = h.state.workspace(customer)
      for (const conn of ws.connections.values()) {
        const running = h.state.runningRecipesUsing(ws, conn.id)
        if (running.length) return { customer, conn, recipes: running.map((r) => r.name) }
      }
    }
    throw new Error('seed has no connection used by a running recipe')
  }

  it('refuses to disconnect a connection used by running recipes without force, naming them', async () => {
    const { customer, conn, recipes } = busyConnection()
    const r = await api(`/api/managed_users/${customer.id}/connections/${conn.id}/disconnect`, { method: 'POST', body: {} })
    expect(r.status).toBe(400)
    for (const name of recipes) expect(r.body.message).toContain(name)
    expect(conn.authorization_status).toBe('success')
    const forced = await api(`/api/managed_users/${customer.id}/connections/${conn.id}/disconnect`, { method: 'POST', body: { force: true } })
    expect(forced.status).toBe(200)
    expect(forced.body.result[0]).toMatchObject({ id: conn.id, authorization_status: null })
    // Already disconnected: a no-op, not an error.
    expect((await api(`/api/managed_users/${customer.id}/connections/${conn.id}/disconnect`, { method: 'POST' })).status).toBe(200)
  })

  it('deletes an unused connection, unbinding recipe slots; then 404', async () => {
    const customer = h.state.listCustomers()[3] as CustomerRecord
    const ws = h.state.workspace(customer)
    const conn = [...ws.connections.values()].find((k) => h.state.runningRecipesUsing(ws, k.id).length === 0) as ConnectionRecord
    const r = await api(`/api/managed_users/${customer.id}/connections/${conn.id}`, { method: 'DELETE' })
    expect(r).toMatchObject({ status: 200, body: { success: true } })
    expect((await api(`/api/managed_users/${customer.id}/connections/${conn.id}`, { method: 'DELETE' })).status).toBe(404)
    for (const recipe of ws.recipes.values()) expect(recipe.config.some((s) => s.account_id === conn.id)).toBe(false)
  })
})
