import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { classify, resolveLimits } from '../../../../electron/core/workato/families'
import { CallPacer, CallPacerRegistry } from '../../../../electron/core/workato/call-pacer'
import { isAppError } from '../../../../shared/errors'

const small = (limit: number, windowMs: number) => ({ overrides: { customers: { limit, windowMs } } })

describe('CallPacer (sliding window per family)', () => {
  // A fake clock: the limiter reads `now` and waits with setTimeout, so each test states exact times instead of
  // bounding wall-clock time (which a loaded machine stretches).
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })
  const clock = { now: () => Date.now() }

  it('lets the whole window budget through at once, then waits until the oldest send ages out', async () => {
    const l = new CallPacer(small(5, 300), { marginMs: 10, ...clock })
    const times: number[] = []
    const all = Promise.all(Array.from({ length: 12 }, () => l.acquire('customers').then(() => times.push(Date.now()))))
    await vi.runAllTimersAsync()
    await all
    // First window at once; the next five when the first five age out (window + margin); the last two a window later.
    expect(times).toEqual([0, 0, 0, 0, 0, 310, 310, 310, 310, 310, 620, 620])
  })

  it('never allows more than the limit inside any window', async () => {
    const l = new CallPacer(small(4, 200), { marginMs: 5, ...clock })
    const times: number[] = []
    const all = Promise.all(Array.from({ length: 14 }, () => l.acquire('customers').then(() => times.push(Date.now()))))
    await vi.runAllTimersAsync()
    await all
    expect(times).toHaveLength(14)
    for (let i = 4; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 4] ?? 0)).toBeGreaterThan(200)
  })

  it('keeps families apart', async () => {
    const l = new CallPacer({ overrides: { customers: { limit: 1, windowMs: 10_000 } } }, clock)
    await l.acquire('customers')
    expect(l.available('customers')).toBe(0)
    // Granted without any time passing: no timer needs to fire for another family.
    await l.acquire('connections_list')
    expect(Date.now()).toBe(0)
  })

  it('cancels a queued call without spending budget', async () => {
    const l = new CallPacer(small(1, 400), { marginMs: 5, ...clock })
    await l.acquire('customers')
    const ctrl = new AbortController()
    const queued = l.acquire('customers', ctrl.signal)
    ctrl.abort()
    const e = await queued.catch((x: unknown) => x)
    expect(isAppError(e) && e.code).toBe('cancelled')
    // The next caller gets the slot the cancelled one would have had: when the first send ages out, not a window later.
    const next = l.acquire('customers')
    await vi.runAllTimersAsync()
    await next
    expect(Date.now()).toBe(405)
  })

  it('holds a family after a 429 pause', async () => {
    const l = new CallPacer('documented', clock)
    l.pause('jobs', 150)
    expect(l.available('jobs')).toBe(0)
    const acquired = l.acquire('jobs')
    await vi.advanceTimersByTimeAsync(149)
    expect(l.available('jobs')).toBe(0)
    await vi.runAllTimersAsync()
    await acquired
    expect(Date.now()).toBe(150)
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
      "Workato's limit for customer list/get/update calls is 60 calls a minute, a quota shared by every admin API key of the partner account.",
    )
  })
})

describe('repeat_jobs pacing (§4.6: one request a second)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('holds the second re-run request a full second plus a 10 % margin, whatever the jobs family allows', async () => {
    const l = new CallPacer('documented', { now: () => Date.now() })
    await l.acquire('jobs_repeat')
    let second = false
    void l.acquire('jobs_repeat').then(() => (second = true))
    // The ordinary jobs family (1,000 a minute) is not held by the re-run rule.
    await l.acquire('jobs')
    await vi.advanceTimersByTimeAsync(1099)
    expect(second).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(second).toBe(true)
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
    ['GET', '/managed_users/42/recipes/5/jobs/j-abc', 'jobs'],
    ['POST', '/managed_users/42/recipes/5/repeat_jobs', 'jobs_repeat'],
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
    expect(d?.jobs_repeat).toEqual({ limit: 1, windowMs: 1000 })
    expect(d?.jwt_key.limit).toBe(60)
    expect(d?.folders.limit).toBe(60)
    expect(resolveLimits({ scale: 10 })?.customers).toEqual({ limit: 600, windowMs: 60_000 })
    expect(resolveLimits('off')).toBeNull()
  })
})
