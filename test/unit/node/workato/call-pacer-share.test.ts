/** Pacing by share (issue 13): the console takes settings.rateLimitShare of each family's limit, read live. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { allowedCalls, CallPacer, CallPacerRegistry } from '../../../../electron/core/workato/call-pacer'

const small = (limit: number, windowMs: number) => ({ overrides: { customers: { limit, windowMs } } })

describe('allowedCalls', () => {
  it('is floor(limit × share), never below one call, with the share clamped to 0.05–1', () => {
    expect(allowedCalls(60, 0.5)).toBe(30)
    expect(allowedCalls(2000, 0.25)).toBe(500)
    expect(allowedCalls(10, 0.3)).toBe(3) // 2.9999… in floating point must not become 2
    expect(allowedCalls(60, 0.05)).toBe(3)
    expect(allowedCalls(60, 0.01)).toBe(3) // below the settings' minimum: the minimum
    expect(allowedCalls(60, 7)).toBe(60) // above 1: the whole limit, never more
    expect(allowedCalls(1, 0.05)).toBe(1)
    expect(allowedCalls(60, Number.NaN)).toBe(60)
  })
})

describe('CallPacer paced by share', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })
  const now = () => Date.now()

  it('sends at most share × limit inside any window', async () => {
    const l = new CallPacer(small(10, 1000), { marginMs: 0, now, share: () => 0.5 })
    const times: number[] = []
    const all = Promise.all(Array.from({ length: 12 }, () => l.acquire('customers').then(() => times.push(Date.now()))))
    await vi.runAllTimersAsync()
    await all
    expect(times).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000])
    expect(l.allowedOf('customers')).toBe(5)
    expect(l.available('customers')).toBe(3)
  })

  it('reads the share live: raising it lets queued calls through without waiting out the old budget', async () => {
    let share = 0.2
    const l = new CallPacer(small(10, 60_000), { marginMs: 0, now, share: () => share })
    const times: number[] = []
    const all = Promise.all(Array.from({ length: 4 }, () => l.acquire('customers').then(() => times.push(Date.now()))))
    await vi.advanceTimersByTimeAsync(5000)
    expect(times).toEqual([0, 0]) // 20 % of 10
    share = 0.4
    await vi.advanceTimersByTimeAsync(1000)
    await all
    expect(times).toEqual([0, 0, 6000, 6000]) // at the next look, not a minute later
  })

  it('lowering the share holds new calls until the window has room under the new budget', async () => {
    let share = 1
    const l = new CallPacer(small(10, 1000), { marginMs: 0, now, share: () => share })
    for (let i = 0; i < 6; i++) await l.acquire('customers')
    share = 0.5
    expect(l.available('customers')).toBe(0)
    let sent = false
    const next = l.acquire('customers').then(() => (sent = true))
    await vi.advanceTimersByTimeAsync(999)
    expect(sent).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await next
    expect(sent).toBe(true)
  })

  it('snapshots each family: used, allowed, queued, and who waits for how long', async () => {
    let changes = 0
    const l = new CallPacer(small(4, 10_000), { marginMs: 0, now, share: () => 0.5, onChange: () => changes++ })
    await l.acquire('customers', undefined, undefined, 'Directory refresh: GET /api/managed_users')
    await vi.advanceTimersByTimeAsync(2000)
    await l.acquire('customers', undefined, undefined, 'Directory refresh: GET /api/managed_users')
    const ctrl = new AbortController()
    const waiting = l.acquire('customers', ctrl.signal, undefined, 'Directory refresh: GET /api/managed_users').catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(3000)
    const c = l.snapshot().find((f) => f.family === 'customers')
    expect(c).toMatchObject({
      limit: 4,
      windowMs: 10_000,
      share: 0.5,
      allowed: 2,
      used: 2,
      queued: 1,
      freesInMs: 5000,
      pausedForMs: 0,
      waiting: { caller: 'Directory refresh: GET /api/managed_users', reason: 'window', waitedMs: 3000, remainingMs: 5000 },
    })
    expect(changes).toBeGreaterThanOrEqual(3)
    ctrl.abort()
    await waiting
    expect(l.snapshot().find((f) => f.family === 'customers')).toMatchObject({ queued: 0, waiting: null })
  })

  it('a 429 pause shows as the reason of the wait', async () => {
    const l = new CallPacer(small(4, 10_000), { marginMs: 0, now, share: () => 1 })
    l.pause('customers', 7000)
    const p = l.acquire('customers', undefined, undefined, 'GET /api/managed_users')
    expect(l.snapshot().find((f) => f.family === 'customers')).toMatchObject({ pausedForMs: 7000, waiting: { reason: 'paused', remainingMs: 7000 } })
    await vi.advanceTimersByTimeAsync(7000)
    await p
  })

  it('says the share in its sentence when the console takes less than the whole limit', () => {
    const l = new CallPacer('documented', { share: () => 0.5 })
    expect(l.describe('recipes_list')).toMatch(/2,000 calls a minute, .* This console allows itself 50 % of it: 1,000 per window\.$/)
    expect(new CallPacer('documented').describe('recipes_list')).not.toMatch(/allows itself/)
  })

  it('the registry tells which profile changed', async () => {
    const seen: string[] = []
    const r = new CallPacerRegistry(small(2, 1000), { now, onChange: (id) => seen.push(id) })
    await r.for('p1').acquire('customers')
    await r.for('p2').acquire('customers')
    expect(seen).toEqual(['p1', 'p2'])
  })
})
