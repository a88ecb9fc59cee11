/**
 * Against the real sandbox over HTTP: a create whose answer is cut after the write (fault `cutAfterWrite`) is
 * reported as created, and retrying never makes a duplicate; an error carries the correlation id the sandbox
 * sends in its `X-Correlation-Id` header (issue 11, defects 4 and 9).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { PROFILE, rig, type Rig } from './harness'
import { failure } from '../../support/app-error'

let r: Rig
afterEach(async () => {
  await r?.close()
})

describe('a create cut off after the write', () => {
  it('customer with an external id: created, found by the external id, one customer only', async () => {
    r = await rig()
    const before = r.sandbox.state.customerCount()
    r.sandbox.setFaults({ cutAfterWrite: 1 })
    const input = { name: 'Cut Co', notification_email: 'cut@x.example', external_id: 'cut-co-1' }
    const created = await r.handlers['customers:create']({ profileId: PROFILE, input }, r.ctx())
    expect(created).toMatchObject({
      name: 'Cut Co',
      external_id: 'cut-co-1',
      recovered: 'Created (the response was cut off; found it by its external id cut-co-1).',
    })
    expect(r.sandbox.state.customerCount()).toBe(before + 1)
    expect(r.requests.filter((q) => q.method === 'POST')).toHaveLength(1)
  })

  it('customer without an external id: found by name and recency, no duplicate', async () => {
    r = await rig()
    const before = r.sandbox.state.customerCount()
    r.sandbox.setFaults({ cutAfterWrite: 1 })
    const created = await r.handlers['customers:create'](
      { profileId: PROFILE, input: { name: 'No Ext Ltd', notification_email: 'n@x.example' } },
      r.ctx(),
    )
    expect(created.recovered).toMatch(/^Created \(the response was cut off; found it by its name and creation time: customer \d+\)\.$/)
    expect(r.sandbox.state.customerCount()).toBe(before + 1)
  })

  it('connection: created, found by name and provider', async () => {
    r = await rig()
    const customer = r.sandbox.state.listCustomers()[0]
    const customerId = customer?.id ?? 0
    r.sandbox.setFaults({ cutAfterWrite: 1 })
    const created = await r.handlers['connections:create'](
      { profileId: PROFILE, customerId, input: { provider: 'jira', name: 'Cut Jira', shell_connection: true } },
      r.ctx(),
    )
    expect(created).toMatchObject({ name: 'Cut Jira', provider: 'jira' })
    expect(created.recovered).toMatch(/^Created \(the response was cut off; found it by its name, provider and creation time: connection \d+\)\.$/)
    const list = await r.handlers['connections:list']({ profileId: PROFILE, customerId }, r.ctx())
    expect(list.items.filter((c) => c.name === 'Cut Jira')).toHaveLength(1)
  })
})

describe('correlation ids', () => {
  it('an error carries the id the sandbox sent in X-Correlation-Id, at the top level of the error', async () => {
    r = await rig()
    const e = await failure(r.handlers['customers:get']({ profileId: PROFILE, customerId: 987654321 }, r.ctx()))
    expect(e.code).toBe('not_found')
    expect(e.data.correlationId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('a 500 carries the id of its §6.1 body, and the hint names it', async () => {
    r = await rig({ service: { retry: { maxAttempts: 1 } } })
    r.sandbox.setFaults({ errorRate: 1 })
    const e = await failure(r.handlers['customers:get']({ profileId: PROFILE, customerId: 1 }, r.ctx()))
    expect(e.data.status).toBe(500)
    expect(e.data.correlationId).toMatch(/^[0-9a-f-]{36}$/)
    expect(e.data.hint).toContain(e.data.correlationId ?? '-')
  })
})
