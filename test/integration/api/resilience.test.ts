import { afterEach, describe, expect, it } from 'vitest'
import { EmbeddedApiClient } from '../../../electron/core/workato/client'
import { CallPacer } from '../../../electron/core/workato/call-pacer'
import { PROFILE, customerWithRunningRecipe, rig, type Rig } from './harness'
import { failure } from '../../support/app-error'

let r: Rig
afterEach(async () => {
  await r?.close()
})

describe('resilience against the sandbox', () => {
  it('retries a 429 after the Retry-After the sandbox sends, and the call succeeds', async () => {
    r = await rig({ sandbox: { rateLimits: { overrides: { customers: { limit: 2, windowMs: 1500 } } } } })
    const retries: { delayMs: number; reason: string }[] = []
    const client = new EmbeddedApiClient({
      target: { profileId: PROFILE, apiOrigin: r.sandbox.baseUrl, appOrigin: r.sandbox.baseUrl, apiToken: r.sandbox.token },
      retry: { maxAttempts: 3 },
      onRetry: (x) => retries.push(x),
    })
    const id = r.sandbox.state.listCustomers()[0]?.id ?? 0
    await client.getCustomer(id)
    await client.getCustomer(id)
    const t0 = Date.now()
    const third = await client.getCustomer(id)
    expect(third.id).toBe(id)
    expect(retries).toHaveLength(1)
    expect(retries[0]?.reason).toBe('HTTP 429')
    // The sandbox sends whole seconds (ceil of the time left in the window).
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(1000)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(retries[0]?.delayMs ?? 0)
  })

  it('paces itself inside the documented-style limit instead of hitting 429 (client limiter on)', async () => {
    const limits = { overrides: { customers: { limit: 5, windowMs: 1000 } } }
    r = await rig({ sandbox: { customers: 1000, rateLimits: limits }, service: { rateLimits: limits } })
    const retries: string[] = []
    const queued: number[] = []
    let sent = 0
    const client = new EmbeddedApiClient({
      target: { profileId: PROFILE, apiOrigin: r.sandbox.baseUrl, appOrigin: r.sandbox.baseUrl, apiToken: r.sandbox.token },
      fetch: (input, init) => {
        sent++
        return fetch(input, init)
      },
      // The sandbox counts arrival times; on a loaded machine a request can arrive well after the limiter let it
      // go, so the margin that absorbs that is wider than the default 25 ms (which made this test flaky).
      limiter: new CallPacer(limits, { marginMs: 300 }),
      onRetry: (x) => retries.push(x.reason),
      onWait: (w) => {
        if (w.kind === 'queue') queued.push(w.delayMs)
      },
    })
    const all = await client.listAllCustomers()
    expect(all).toHaveLength(1000)
    // Counted, not timed: the sandbox, which enforces the same limit, never answered 429, and the sweep's 11+ calls
    // at 5 per window could only get there by holding calls back in the client's queue.
    expect(retries).toEqual([])
    expect(sent).toBeGreaterThanOrEqual(11)
    expect(queued.length).toBeGreaterThan(0)
  })

  it('never repeats a POST create after a 500', async () => {
    r = await rig()
    const before = r.sandbox.state.customerCount()
    r.sandbox.setFaults({ errorRate: 1 })
    const e = await failure(
      r.handlers['customers:create']({ profileId: PROFILE, input: { name: 'Once', notification_email: 'once@x.example' } }, r.ctx()),
    )
    expect(e.code).toBe('api_error')
    expect(e.data.status).toBe(500)
    expect(e.data.details).toMatchObject({ correlationId: expect.any(String) })
    expect(e.data.hint).toMatch(/correlation id/)
    expect(r.requests.filter((q) => q.method === 'POST')).toHaveLength(1)
    expect(r.sandbox.state.customerCount()).toBe(before)
  })

  it('retries a POST create that met a 429 storm (Workato did not act on it)', async () => {
    r = await rig()
    r.sandbox.setFaults({ rateLimitStormRate: 1, stormRetryAfterSeconds: 1 })
    setTimeout(() => r.sandbox.setFaults({}), 300)
    const created = await r.handlers['customers:create'](
      { profileId: PROFILE, input: { name: 'After storm', notification_email: 's@x.example' } },
      r.ctx(),
    )
    expect(created.name).toBe('After storm')
    expect(r.requests.filter((q) => q.method === 'POST').length).toBeGreaterThanOrEqual(2)
  })

  it('times out a slow answer with a short timeout', async () => {
    r = await rig({ service: { timeoutMs: 150 } })
    // The answer takes 1 s: getting `timeout` rather than the customer is the 150 ms cut (no clock reading needed).
    r.sandbox.setFaults({ latencyMs: 1000 })
    const e = await failure(r.handlers['customers:get']({ profileId: PROFILE, customerId: r.sandbox.state.listCustomers()[0]?.id ?? 0 }, r.ctx()))
    expect(e.code).toBe('timeout')
  })

  it('cancels a call in flight and a directory refresh', async () => {
    r = await rig({ sandbox: { customers: 3000 } })
    r.sandbox.setFaults({ latencyMs: 200 })
    const ctrl = new AbortController()
    setTimeout(() => ctrl.abort(), 50)
    const e = await failure(
      r.handlers['recipes:list']({ profileId: PROFILE, customerId: r.sandbox.state.listCustomers()[0]?.id ?? 0 }, { signal: ctrl.signal }),
    )
    expect(e.code).toBe('cancelled')

    const refresh = r.handlers['customers:refresh']({ profileId: PROFILE }, r.ctx())
    setTimeout(() => void r.handlers['customers:cancelRefresh']({ profileId: PROFILE }, r.ctx()), 300)
    expect((await failure(refresh)).code).toBe('cancelled')
    expect(r.progress.at(-1)).toMatchObject({ task: `customers:refresh:${PROFILE}`, finished: true, error: 'Cancelled.' })
    expect(r.service.directory.isRefreshing(PROFILE)).toBe(false)
  })

  it('serves every cached list, marked stale with the error, once the sandbox is gone', async () => {
    r = await rig({ service: { retry: { maxAttempts: 2, baseDelayMs: 10 } } })
    const { customer } = customerWithRunningRecipe(r.sandbox)
    const customerId = customer.id
    await r.handlers['customers:refresh']({ profileId: PROFILE }, r.ctx())
    const conns = await r.handlers['connections:list']({ profileId: PROFILE, customerId }, r.ctx())
    const recipes = await r.handlers['recipes:list']({ profileId: PROFILE, customerId }, r.ctx())
    await r.sandbox.close()

    const staleConns = await r.handlers['connections:list']({ profileId: PROFILE, customerId }, r.ctx())
    expect(staleConns).toMatchObject({ stale: true, fetchedAt: conns.fetchedAt, error: { code: 'network' } })
    expect(staleConns.items).toEqual(conns.items)
    expect(staleConns.error?.hint).toMatch(/built-in Sandbox .*restart the app/)

    const staleRecipes = await r.handlers['recipes:list']({ profileId: PROFILE, customerId }, r.ctx())
    expect(staleRecipes).toMatchObject({ stale: true, error: { code: 'network' } })
    expect(staleRecipes.items.map((x) => x.id)).toEqual(recipes.items.map((x) => x.id))

    expect((await failure(r.handlers['customers:refresh']({ profileId: PROFILE }, r.ctx()))).code).toBe('network')
    const staleCustomers = await r.handlers['customers:list']({ profileId: PROFILE }, r.ctx())
    expect(staleCustomers.items).toHaveLength(30)
    expect(staleCustomers).toMatchObject({ stale: true, error: { code: 'network' } })

    // A filter never used online is answered from the unfiltered list, narrowed the way Workato would.
    const provider = conns.items[0]?.provider ?? ''
    const narrowed = await r.handlers['connections:list']({ profileId: PROFILE, customerId, filters: { provider } }, r.ctx())
    expect(narrowed.stale).toBe(true)
    expect(narrowed.items.map((c) => c.id)).toEqual(conns.items.filter((c) => c.provider === provider).map((c) => c.id))
    const running = await r.handlers['recipes:list']({ profileId: PROFILE, customerId, running: true }, r.ctx())
    expect(running.items.map((x) => x.id)).toEqual(recipes.items.filter((x) => x.running).map((x) => x.id))

    // A customer never opened has nothing to show: the error itself comes back.
    const other = r.sandbox.state.listCustomers().find((c) => c.id !== customerId)?.id ?? 0
    const never = await failure(r.handlers['connections:list']({ profileId: PROFILE, customerId: other }, r.ctx()))
    expect(never.code).toBe('network')
  })

  it('a refused token gives an actionable unauthorized error that never contains the token', async () => {
    const badToken = 'wrkaus-not-the-right-token-1234567890'
    r = await rig({ token: badToken })
    const e = await failure(r.handlers['connections:list']({ profileId: PROFILE, customerId: r.sandbox.state.listCustomers()[0]?.id ?? 0 }, r.ctx()))
    expect(e.code).toBe('unauthorized')
    expect(e.data.status).toBe(401)
    expect(e.data.hint).toBe('The API token was refused or lacks the Customer workspaces privilege. Check the token in the profile.')
    expect(JSON.stringify(e.data)).not.toContain(badToken)
    expect(JSON.stringify(e.data)).not.toContain(r.sandbox.token)
  })
})
