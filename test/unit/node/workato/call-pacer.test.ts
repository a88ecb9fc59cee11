import { describe, expect, it } from 'vitest'
import { classify, resolveLimits } from '../../../../electron/core/workato/families'
import { CallPacer, CallPacerRegistry } from '../../../../electron/core/workato/call-pacer'
import { isAppError } from '../../../../shared/errors'

const small = (limit: number, windowMs: number) => ({ overrides: { customers: { limit, windowMs } } })

describe('CallPacer (sliding window per family)', () => {
  it('lets the whole window budget through at once, then waits until the oldest send ages out', async () => {
    const l = new CallPacer(small(5, 300), { marginMs: 10 })
    const t0 = performance.now()
    const times: number[] = []
    await Promise.all(Array.from({ length: 12 }, () => l.acquire('customers').then(() => times.push(performance.now() - t0))))
    times.sort((a, b) => a - b)
    expect(times.slice(0, 5).every((t) => t < 100)).toBe(true) // first window: immediately
    expect(times.slice(5, 10).every((t) => t >= 300 && t < 500)).toBe(true) // second window
    expect(times.slice(10).every((t) => t >= 600 && t < 900)).toBe(true) // third window
  })

  it('never allows more than the limit inside any window', async () => {
    const l = new CallPacer(small(4, 200), { marginMs: 5 })
    const times: number[] = []
    await Promise.all(Array.from({ length: 14 }, () => l.acquire('customers').then(() => times.push(performance.now()))))
    times.sort((a, b) => a - b)
    for (let i = 4; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 4] ?? 0)).toBeGreaterThanOrEqual(199)
  })

  it('keeps families apart', async () => {
    const l = new CallPacer({ overrides: { customers: { limit: 1, windowMs: 10_000 } } })
    await l.acquire('customers')
    expect(l.available('customers')).toBe(0)
    const t0 = performance.now()
    await l.acquire('connections_list')
    expect(performance.now() - t0).toBeLessThan(50)
  })

  it('cancels a queued call without spending budget', async () => {
    const l = new CallPacer(small(1, 400), { marginMs: 5 })
    await l.acquire('customers')
    const ctrl = new AbortController()
    const queued = l.acquire('customers', ctrl.signal)
    ctrl.abort()
    const e = await queued.catch((x: unknown) => x)
    expect(isAppError(e) && e.code).toBe('cancelled')
    // The next caller gets the slot the cancelled one would have had.
    const t0 = performance.now()
    await l.acquire('customers')
    expect(performance.now() - t0).toBeLessThan(500)
  })

  it('holds a family after a 429 pause', async () => {
    const l = new CallPacer('documented')
    l.pause('jobs', 150)
    expect(l.available('jobs')).toBe(0)
    const t0 = performance.now()
    await l.acquire('jobs')
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140)
  })

  it('off means no waiting and infinite availability; configure() releases waiters', async () => {
    const l = new CallPacer(small(1, 60_000))
    await l.acquire('customers')
    const queued = l.acquire('customers')
    l.configure('off')
    await queued
    expect(l.available('customers')).toBe(Number.POSITIVE_INFINITY)
  })

  it('one limiter per profile', () => {
    const r = new CallPacerRegistry()
    expect(r.for('a')).toBe(r.for('a'))
    expect(r.for('a')).not.toBe(r.for('b'))
  })

  it('describes the limit for hints', () => {
    expect(new CallPacer().describe('customers')).toBe(
      "Workato's limit for customer list/get/update calls is 60 calls a minute (reference §6.2), a quota shared by every admin API key of the partner account.",
    )
  })
})

describe('families (reference §6.2)', () => {
  it.each([
    ['GET', '/managed_users', 'customers'],
    ['POST', '/managed_users', 'customers_create'],
    ['GET', '/managed_users/E42', 'customers'],
    ['PUT', '/managed_users/42', 'customers'],
    ['GET', '/managed_users/42/connections', 'connections_list'],
    ['POST', '/managed_users/42/connections', 'connections'],
    ['POST', '/managed_users/42/connections/7/disconnect', 'connections'],
    ['DELETE', '/managed_users/42/connections/7', 'connections'],
    ['GET', '/managed_users/42/recipes', 'recipes_list'],
    ['GET', '/managed_users/42/recipes/5', 'recipes_get'],
    ['PUT', '/managed_users/42/recipes/5/start', 'recipes'],
    ['GET', '/managed_users/42/recipes/5/jobs', 'jobs'],
    ['GET', '/managed_users/42/folders', 'folders'],
    ['PUT', '/account/signature_verification_key', 'jwt_key'],
  ])('%s %s → %s', (method, path, family) => {
    expect(classify(method, path)).toBe(family)
  })

  it('has the documented numbers and scales limits like the sandbox', () => {
    const d = resolveLimits('documented')
    expect(d?.customers).toEqual({ limit: 60, windowMs: 60_000 })
    expect(d?.customers_create.limit).toBe(1000)
    expect(d?.connections_list.limit).toBe(1000)
    expect(d?.connections.limit).toBe(60)
    expect(d?.recipes_list.limit).toBe(2000)
    expect(d?.recipes.limit).toBe(1000)
    expect(d?.jobs.limit).toBe(1000)
    expect(d?.jwt_key.limit).toBe(60)
    expect(d?.folders.limit).toBe(60)
    expect(resolveLimits({ scale: 10 })?.customers).toEqual({ limit: 600, windowMs: 60_000 })
    expect(resolveLimits('off')).toBeNull()
  })
})
