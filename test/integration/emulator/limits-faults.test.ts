/** Reference §6.2 rate limits (429 + Retry-After) and the fault injector, over real HTTP. */
import { afterEach, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../../electron/emulator/index'
import { sandbox } from './helpers'

let handle: EmulatorHandle | undefined
afterEach(async () => {
  await handle?.close()
  handle = undefined
})

describe('rate limits (§6.2)', () => {
  it('answers 429 {message} with Retry-After once a family is exhausted; other families are unaffected', async () => {
    const { h, api } = await sandbox({ rateLimits: { overrides: { customers: { limit: 3, windowMs: 60_000 } } } })
    handle = h
    for (let i = 0; i < 3; i++) expect((await api('/api/managed_users')).status).toBe(200)
    const limited = await api('/api/managed_users')
    expect(limited.status).toBe(429)
    expect(limited.body.message).toMatch(/Rate limit exceeded/)
    const retry = Number(limited.headers.get('retry-after'))
    expect(retry).toBeGreaterThanOrEqual(1)
    expect(retry).toBeLessThanOrEqual(60)
    // Get/update share the "customers" family (§6.2 "all other customer endpoints").
    const c = h.state.listCustomers()[0]
    expect((await api(`/api/managed_users/${c?.id}`)).status).toBe(429)
    // Connections list is its own family (1,000/min).
    expect((await api(`/api/managed_users/${c?.id}/connections`)).status).toBe(200)
  })

  it('is shared by every caller of the account and reopens after the window', async () => {
    const { h, api } = await sandbox({ rateLimits: { overrides: { connections_list: { limit: 2, windowMs: 300 } } } })
    handle = h
    const [a, b] = h.state.listCustomers()
    expect((await api(`/api/managed_users/${a?.id}/connections`)).status).toBe(200)
    expect((await api(`/api/managed_users/${b?.id}/connections`)).status).toBe(200)
    expect((await api(`/api/managed_users/${a?.id}/connections`)).status).toBe(429)
    await new Promise((r) => setTimeout(r, 350))
    expect((await api(`/api/managed_users/${b?.id}/connections`)).status).toBe(200)
  })

  it('scales the documented limits and can be switched off at run time', async () => {
    const { h, api } = await sandbox({ rateLimits: { scale: 1 / 60 } })
    handle = h
    // customers: 60/min scaled by 1/60 → 1.
    expect((await api('/api/managed_users')).status).toBe(200)
    expect((await api('/api/managed_users')).status).toBe(429)
    h.setRateLimits('off')
    for (let i = 0; i < 5; i++) expect((await api('/api/managed_users')).status).toBe(200)
    h.setRateLimits('documented')
    let last = 0
    for (let i = 0; i < 61; i++) last = (await api('/api/managed_users?per_page=1')).status
    expect(last).toBe(429)
  })
})

describe('faults', () => {
  it('adds latency', async () => {
    const { h, api } = await sandbox({ faults: { latencyMs: 120 } })
    handle = h
    const t0 = performance.now()
    await api('/api/managed_users?per_page=1')
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110)
  })

  it('answers 500 with the §6.1 body at errorRate 1, and recovers when faults are cleared', async () => {
    const { h, api } = await sandbox({ faults: { errorRate: 1 } })
    handle = h
    const r = await api('/api/managed_users')
    expect(r.status).toBe(500)
    expect(r.body).toEqual({ message: 'Server error', id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-/) })
    h.setFaults({})
    expect((await api('/api/managed_users')).status).toBe(200)
  })

  it('storms 429s with Retry-After', async () => {
    const { h, api } = await sandbox()
    handle = h
    h.setFaults({ rateLimitStormRate: 1, stormRetryAfterSeconds: 7 })
    const r = await api('/api/managed_users')
    expect(r.status).toBe(429)
    expect(r.headers.get('retry-after')).toBe('7')
  })

  it('cuts JSON in half (malformed) and dribbles bodies in chunks', async () => {
    const { h, api } = await sandbox({ faults: { malformedJsonRate: 1 } })
    handle = h
    const bad = await api('/api/managed_users?per_page=2')
    expect(typeof bad.body).toBe('string')
    expect(() => JSON.parse(bad.body)).toThrow()
    h.setFaults({ slowBodyRate: 1, slowBodyChunkBytes: 64, slowBodyChunkDelayMs: 5 })
    const t0 = performance.now()
    const slow = await api('/api/managed_users?per_page=3')
    expect(slow.status).toBe(200)
    expect(slow.body.result).toHaveLength(3)
    expect(slow.headers.get('content-length')).toBeNull()
    expect(performance.now() - t0).toBeGreaterThan(20)
  })

  it('is replayable: the same fault seed fails the same requests', async () => {
    const { h, api } = await sandbox()
    handle = h
    const run = async () => {
      h.setFaults({ errorRate: 0.5, seed: 42 })
      const out: number[] = []
      for (let i = 0; i < 12; i++) out.push((await api('/api/managed_users?per_page=1')).status)
      return out
    }
    const first = await run()
    expect(first).toContain(500)
    expect(first).toContain(200)
    expect(await run()).toEqual(first)
  })
})
