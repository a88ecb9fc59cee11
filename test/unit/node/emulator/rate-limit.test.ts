/** §6.2 limiter: per family, sliding window, Retry-After, scaling and overrides. */
import { describe, expect, it } from 'vitest'
import { QuotaEnforcer, documentedLimits } from '../../../../electron/emulator/rate-limit'

describe('QuotaEnforcer', () => {
  it('uses the documented per-minute numbers', () => {
    const l = new QuotaEnforcer('documented')
    expect(l.limitFor('customers')).toEqual({ limit: 60, windowMs: 60_000 })
    expect(l.limitFor('connections_list')).toEqual({ limit: 1000, windowMs: 60_000 })
    expect(l.limitFor('recipes_list')).toEqual({ limit: 2000, windowMs: 60_000 })
    expect(documentedLimits.customers_create.limit).toBe(1000)
  })

  it('refuses the request after the limit with the seconds until the oldest hit leaves the window', () => {
    const l = new QuotaEnforcer({ overrides: { customers: { limit: 2, windowMs: 60_000 } } })
    expect(l.hit('customers', 0).allowed).toBe(true)
    expect(l.hit('customers', 10_000).allowed).toBe(true)
    expect(l.hit('customers', 20_000)).toEqual({ allowed: false, retryAfterSeconds: 40, limit: 2, windowMs: 60_000 })
    // Other families have their own counters.
    expect(l.hit('connections', 20_000).allowed).toBe(true)
    // Sliding: the first hit leaves at 60 s.
    expect(l.hit('customers', 60_001).allowed).toBe(true)
    expect(l.hit('customers', 60_002).allowed).toBe(false)
  })

  it('scales documented limits, never below 1, and turns off', () => {
    const l = new QuotaEnforcer({ scale: 0.001 })
    expect(l.limitFor('customers')?.limit).toBe(1)
    expect(l.limitFor('recipes_list')?.limit).toBe(2)
    l.configure('off')
    for (let i = 0; i < 5000; i++) expect(l.hit('customers').allowed).toBe(true)
  })
})
