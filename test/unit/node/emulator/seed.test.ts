/** Deterministic, lazy fixtures: same seed → same data regardless of access order; 10,000 customers stay cheap. */
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../../electron/emulator/prng'
import { seededTruth } from '../../../../electron/emulator/scenarios'
import { EmulatorState } from '../../../../electron/emulator/state'

const make = (seed: number, customers = 200) => new EmulatorState({ seed, customers, vendorId: 'wevendor', vendorOrigins: [] })

describe('mulberry32', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = mulberry32(7)
    const b = mulberry32(7)
    const c = mulberry32(8)
    const xs = Array.from({ length: 5 }, () => a())
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs)
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs)
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
  })
})

describe('seeded state', () => {
  it('gives customers 1..N stable ids and the same data for the same seed', () => {
    const a = make(1)
    const b = make(1)
    expect(a.listCustomers()).toEqual(b.listCustomers())
    expect(a.listCustomers().map((c) => c.id)).toEqual(Array.from({ length: 200 }, (_, i) => 100_001 + i))
    expect(
      make(2)
        .listCustomers()
        .map((c) => c.name),
    ).not.toEqual(a.listCustomers().map((c) => c.name))
  })

  it('generates workspaces lazily and identically whatever the access order', () => {
    const a = make(3)
    const b = make(3)
    expect(a.materializedWorkspaces()).toBe(0)
    const first = a.listCustomers()[0]
    const last = a.listCustomers()[150]
    if (!first || !last) throw new Error('missing customers')
    const wsLastA = a.workspace(last)
    const wsFirstB = b.workspace(first)
    const wsLastB = b.workspace(last)
    expect(a.materializedWorkspaces()).toBe(1)
    expect([...wsLastA.connections.values()]).toEqual([...wsLastB.connections.values()])
    expect([...wsLastA.recipes.values()]).toEqual([...wsLastB.recipes.values()])
    const recipe = [...wsFirstB.recipes.values()][0]
    if (!recipe) throw new Error('no recipe')
    expect(a.jobs(a.workspace(first), recipe)).toEqual(b.jobs(wsFirstB, recipe))
  })

  it('covers the variety the console must show', () => {
    const s = make(1, 120)
    const customers = s.listCustomers()
    const ext = customers.map((c) => c.external_id ?? '')
    expect(ext.some((e) => e.includes(':'))).toBe(true)
    expect(ext.some((e) => e.includes('/'))).toBe(true)
    expect(ext.some((e) => e.includes(' '))).toBe(true)
    expect(customers.some((c) => c.external_id === null)).toBe(true)
    expect(customers.some((c) => c.origin_url !== null)).toBe(true)
    expect(new Set(customers.map((c) => c.plan_id)).size).toBeGreaterThan(2)
    const conns = customers.flatMap((c) => [...s.workspace(c).connections.values()])
    expect(new Set(conns.map((c) => c.provider))).toEqual(new Set(['salesforce', 'jira', 'slack', 'google_sheets', 'netsuite', 'zendesk', 'hubspot']))
    expect(new Set(conns.map((c) => c.authorization_status))).toEqual(new Set(['success', null, 'failed']))
    const runtime = conns.filter((c) => c.runtime)
    expect(runtime.length).toBeGreaterThan(0)
    for (const r of runtime) {
      const parent = conns.find((p) => p.id === r.parent_id)
      expect(parent?.provider).toBe(r.provider)
      expect(r.external_id).toBeTruthy()
    }
    const recipes = customers.flatMap((c) => [...s.workspace(c).recipes.values()])
    expect(recipes.some((r) => r.running)).toBe(true)
    expect(recipes.some((r) => !r.running && r.stop_cause !== null)).toBe(true)
    expect(recipes.some((r) => r.config.some((slot) => slot.account_id === null))).toBe(true)
    // A running recipe never has an unbound slot in the seed, and a disconnected one only where the seed planted a
    // connection problem on purpose, which the truth then lists.
    const planted = new Set(
      seededTruth(s)
        .filter((p) => p.kind === 'connection_unauthorized_in_use' || p.kind === 'connection_lost_in_use')
        .map((p) => p.targetId),
    )
    expect(planted.size).toBeGreaterThan(0)
    for (const c of customers) {
      const ws = s.workspace(c)
      for (const r of ws.recipes.values()) {
        if (!r.running) continue
        for (const slot of r.config) {
          expect(slot.account_id).not.toBeNull()
          const conn = slot.account_id === null ? undefined : ws.connections.get(slot.account_id)
          expect(conn?.authorization_status === 'success' || (conn !== undefined && planted.has(conn.id))).toBe(true)
        }
      }
    }
    const jobs = recipes.flatMap((r) => {
      const owner = s.getCustomer(r.user_id)
      return owner ? s.jobs(s.workspace(owner), r) : []
    })
    expect(new Set(jobs.map((j) => j.status))).toEqual(new Set(['succeeded', 'failed', 'pending']))
    expect(jobs.every((j) => j.id.startsWith('j-'))).toBe(true)
  })

  it('finds the owner of any seeded connection id without generating every workspace', () => {
    const s = make(1, 10_000)
    const c = s.getCustomer(100_000 + 7_777)
    if (!c) throw new Error('missing')
    const probe = make(1, 10_000)
    const conn = [...probe.workspace(c).connections.values()][0]
    if (!conn) throw new Error('no connection')
    expect(s.connectionOwner(conn.id)?.id).toBe(c.id)
    expect(s.materializedWorkspaces()).toBe(1)
    expect(s.connectionOwner(123)).toBeUndefined()
  })

  it('resolves numeric ids and E-prefixed external ids', () => {
    const s = make(1, 50)
    const c = s.listCustomers().find((x) => x.external_id?.includes(':'))
    if (!c) throw new Error('no awkward id')
    expect(s.resolveCustomer(String(c.id))).toBe(c)
    expect(s.resolveCustomer(`E${c.external_id}`)).toBe(c)
    expect(s.resolveCustomer('E')).toBeUndefined()
    expect(s.resolveCustomer('x1')).toBeUndefined()
  })
})
