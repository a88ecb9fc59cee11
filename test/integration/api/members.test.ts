/**
 * Members (reference §2.7) and Embedded Environments (§5.6) end to end: the emulator's routes, the client's
 * paging and environment addressing, the `members:*` handlers and the member check the widget runs before it
 * signs a token naming a user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAppError } from '../../../shared/errors'
import { checkMember, memberHandlers } from '../../../electron/core/workspace/member-handlers'
import { PROFILE, rig, type Rig } from './harness'

let r: Rig
beforeAll(async () => {
  r = await rig({ sandbox: { customers: 40 } })
})
afterAll(() => r.close())

const handlers = () => memberHandlers({ clientFor: r.service.clientFor })

/** A seeded customer with more members than one page of `perPage`. */
function customerWithMembers(min: number) {
  const c = r.sandbox.state.listCustomers().find((x) => r.sandbox.state.members.list(x).length >= min)
  if (!c) throw new Error(`no seeded customer with ${min}+ members`)
  return c
}

describe('members', () => {
  it('lists every member, page by page until a short page', async () => {
    const c = customerWithMembers(101)
    const expected = r.sandbox.state.members.list(c).map((m) => m.id)
    r.requests.length = 0
    const res = await handlers()['members:list']({ profileId: PROFILE, customerId: c.id }, r.ctx())
    expect(res.members.map((m) => m.id)).toEqual(expected)
    expect(res.truncated).toBe(false)
    const pages = r.requests.filter((q) => q.url.pathname.endsWith(`/managed_users/${c.id}/members`))
    expect(pages.map((q) => q.url.searchParams.get('page'))).toEqual(['1', '2'])
    expect(pages.every((q) => q.url.searchParams.get('per_page') === '100')).toBe(true)
  })

  it('stops at the cap and says the list was cut', async () => {
    const c = customerWithMembers(101)
    const client = await r.service.clientFor(PROFILE)
    const res = await client.listMembers(c.id, { max: 30, perPage: 20 })
    expect(res.members).toHaveLength(30)
    expect(res.truncated).toBe(true)
  })

  it('a member of the customer passes the check; anyone else is refused with a sentence naming both', async () => {
    const [a, b] = r.sandbox.state.listCustomers().filter((x) => r.sandbox.state.members.list(x).length > 0)
    if (!a || !b) throw new Error('seed')
    const client = await r.service.clientFor(PROFILE)
    const mine = r.sandbox.state.members.list(a)[0]?.id ?? 0
    const theirs = r.sandbox.state.members.list(b)[0]?.id ?? 0
    await expect(checkMember(client, { customerId: a.id, memberId: mine })).resolves.toBeUndefined()
    const err = await checkMember(client, { customerId: a.id, memberId: theirs }).catch((e: unknown) => e)
    expect(isAppError(err)).toBe(true)
    if (!isAppError(err)) return
    expect(err.data.code).toBe('validation')
    expect(err.message).toBe(`${theirs} is not a member of customer ${a.id}, so no token was signed for it.`)
    expect(err.data.hint).toMatch(/Members tab/)
  })

  it('finds a member by E + external id too (the form the token sub uses, §7.2)', async () => {
    const c = r.sandbox.state.listCustomers().find((x) => r.sandbox.state.members.list(x).some((m) => m.external_id))
    const m = c ? r.sandbox.state.members.list(c).find((x) => x.external_id) : undefined
    if (!c || !m?.external_id) throw new Error('seed')
    const client = await r.service.clientFor(PROFILE)
    await expect(client.getMember(c.id, { externalId: m.external_id })).resolves.toMatchObject({ id: m.id })
  })
})

describe('environments (§5.6)', () => {
  it('a customer without environments answers provisioned: false after one call', async () => {
    const c = r.sandbox.state.listCustomers().find((x) => r.sandbox.state.members.environments(x) === null)
    if (!c) throw new Error('seed')
    r.requests.length = 0
    const res = await handlers()['members:environments']({ profileId: PROFILE, customerId: c.id }, r.ctx())
    expect(res).toEqual({ provisioned: false, environments: [] })
    expect(r.requests.map((q) => q.url.pathname)).toEqual([`/api/managed_users/${c.id}_prod`])
  })

  it('once provisioned, DEV keeps the customer id and TEST and PROD are their own workspaces, addressable by id_env', async () => {
    const c = r.sandbox.state.listCustomers().find((x) => r.sandbox.state.members.environments(x) === null)
    if (!c) throw new Error('seed')
    const api = (path: string, method = 'GET') =>
      fetch(`${r.sandbox.baseUrl}/api${path}`, { method, headers: { Authorization: `Bearer ${r.sandbox.token}` } })
    expect((await api(`/managed_users/${c.id}_test`)).status).toBe(404)
    expect((await api(`/managed_users/${c.id}/environments`, 'POST')).status).toBe(200)
    const res = await handlers()['members:environments']({ profileId: PROFILE, customerId: c.id }, r.ctx())
    expect(res.provisioned).toBe(true)
    expect(res.environments.map((e) => e.environment)).toEqual(['dev', 'test', 'prod'])
    expect(res.environments[0]?.workspaceId).toBe(c.id)
    const ids = new Set(res.environments.map((e) => e.workspaceId))
    expect(ids.size).toBe(3)
    // The TEST workspace is a workspace like any other: its connections can be listed by its own id.
    const test = res.environments[1]?.workspaceId ?? 0
    const client = await r.service.clientFor(PROFILE)
    await expect(client.listConnections({ id: c.id, environment: 'test' })).resolves.toEqual([])
    await expect(client.listConnections(test)).resolves.toEqual([])
    // Environment workspaces are not customers of their own in the list.
    expect(r.sandbox.state.listCustomers().some((x) => x.id === test)).toBe(false)
  })
})
