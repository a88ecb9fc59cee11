import { afterEach, describe, expect, it } from 'vitest'
import { PROFILE, rig, type Rig } from './harness'

let r: Rig
afterEach(async () => {
  await r?.close()
})

describe('customers against the sandbox', () => {
  it('refreshes the directory with progress, then opens from the cache after a restart without calling the API', async () => {
    r = await rig({ sandbox: { customers: 250 } })
    const before = await r.handlers['customers:list']({ profileId: PROFILE }, r.ctx())
    expect(before).toMatchObject({ items: [], fetchedAt: null, stale: true })

    const out = await r.handlers['customers:refresh']({ profileId: PROFILE }, r.ctx())
    expect(out.count).toBe(r.sandbox.state.customerCount())
    const pages = r.requests.filter((q) => q.url.pathname === '/api/managed_users').map((q) => Number(q.url.searchParams.get('page')))
    // 250 customers: page 3 is short and ends the sweep; pages already in flight past it (at most
    // concurrency - 1 = 9) are cancelled, never waited for.
    expect(pages[0]).toBe(1)
    expect(pages).toContain(3)
    expect(Math.max(...pages)).toBeLessThanOrEqual(3 + 9)
    const done = r.progress.filter((p) => p.task === `customers:refresh:${PROFILE}`)
    expect(done.at(-1)).toMatchObject({ finished: true, done: 250, total: 250, error: null })

    const after = await r.handlers['customers:list']({ profileId: PROFILE }, r.ctx())
    expect(after.stale).toBe(false)
    expect(after.items.map((c) => c.id).sort()).toEqual(
      r.sandbox.state
        .listCustomers()
        .map((c) => c.id)
        .sort(),
    )

    const calls = r.requests.length
    const reopened = r.reopen()
    const fromDisk = await reopened.handlers['customers:list']({ profileId: PROFILE }, r.ctx())
    expect(fromDisk.items).toHaveLength(250)
    expect(fromDisk.fetchedAt).toBe(out.fetchedAt)
    expect(r.requests.length).toBe(calls)
  })

  it('stops paging on the first short page (sequential paging shows the exact calls)', async () => {
    r = await rig({ sandbox: { customers: 200 } })
    const client = await r.service.clientFor(PROFILE)
    const all = await client.listAllCustomers({ concurrency: 1 })
    expect(all).toHaveLength(200)
    // 200 = two full pages; the empty third page is the only end signal (§6.3).
    expect(r.requests.map((q) => q.url.searchParams.get('page'))).toEqual(['1', '2', '3'])
    const small = await client.listAllCustomers({ concurrency: 1, perPage: 30 })
    expect(small).toHaveLength(200)
    expect(r.requests.slice(3).map((q) => q.url.searchParams.get('page'))).toEqual(['1', '2', '3', '4', '5', '6', '7'])
  })

  it('gets, creates and updates customers, by id and by E-prefixed external id, keeping the cache current', async () => {
    r = await rig()
    await r.handlers['customers:refresh']({ profileId: PROFILE }, r.ctx())
    const seeded = r.sandbox.state.listCustomers().find((c) => c.external_id && /[:/ ]/.test(c.external_id))
    if (!seeded?.external_id) throw new Error('seed has no external id with reserved characters')
    const client = await r.service.clientFor(PROFILE)
    const byExt = await client.getCustomer({ externalId: seeded.external_id })
    expect(byExt.id).toBe(seeded.id)
    expect(r.requests.at(-1)?.url.pathname).toBe(`/api/managed_users/${encodeURIComponent(`E${seeded.external_id}`)}`)

    const created = await r.handlers['customers:create'](
      { profileId: PROFILE, input: { name: 'Zeta Freight', notification_email: 'ops@zeta.example', external_id: 'ZETA:1' } },
      r.ctx(),
    )
    expect(created.name).toBe('Zeta Freight')
    expect(r.sandbox.state.getCustomer(created.id)?.name).toBe('Zeta Freight')
    let listed = await r.handlers['customers:list']({ profileId: PROFILE }, r.ctx())
    expect(listed.items.find((c) => c.id === created.id)?.name).toBe('Zeta Freight')

    const updated = await r.handlers['customers:update'](
      { profileId: PROFILE, customerId: created.id, patch: { name: 'Zeta Freight GmbH', origin_url: null } },
      r.ctx(),
    )
    expect(updated.name).toBe('Zeta Freight GmbH')
    listed = await r.handlers['customers:list']({ profileId: PROFILE }, r.ctx())
    expect(listed.items.find((c) => c.id === created.id)?.name).toBe('Zeta Freight GmbH')
    expect(listed.items.filter((c) => c.id === created.id)).toHaveLength(1)

    const fresh = await r.handlers['customers:get']({ profileId: PROFILE, customerId: seeded.id }, r.ctx())
    expect(fresh.external_id).toBe(seeded.external_id)
  })

  it('surfaces Workato validation errors with the field names', async () => {
    r = await rig()
    const client = await r.service.clientFor(PROFILE)
    await client.createCustomer({ name: 'A', notification_email: 'a@a.example', external_id: 'dup' })
    const e = await r.handlers['customers:create'](
      { profileId: PROFILE, input: { name: 'B', notification_email: 'b@b.example', external_id: 'dup' } },
      r.ctx(),
    ).catch((x: unknown) => x)
    expect(e).toMatchObject({ data: { code: 'validation', status: 400 } })
    expect((e as Error).message).toMatch(/external_id has already been taken/)
  })
})
