import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Connection, Customer, Recipe } from '../../../../shared/domain/workato'
import { createFleetService, observeCustomerReads, problemsCsv } from '../../../../electron/core/fleet'
import { CallPacer } from '../../../../electron/core/workato/call-pacer'
import type { EmbeddedApiClient } from '../../../../electron/core/workato/client'
import type { CallContext } from '../../../../electron/core/rpc/types'
import type { AuditRecord } from '../../../../electron/core/audit/audit-log'

const customers: Customer[] = [{ id: 1, name: 'Acme', plan_id: 'free', in_trial: true }]
const lost: Connection = { id: 5, name: 'SF', provider: 'salesforce', authorization_status: 'failed', connection_lost_at: '2026-01-02T00:00:00Z' }
const recipes: Recipe[] = [{ id: 9, name: '=HYPERLINK("x")', running: true, config: [{ provider: 'salesforce', account_id: 5 }] }]
const ctx: CallContext = { signal: new AbortController().signal }

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ec-fleet-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function service(audit: AuditRecord[] = []) {
  return createFleetService({
    dir,
    exportDir: path.join(dir, 'exports'),
    events: { emit: () => undefined },
    audit: { record: async (r) => void audit.push(r) },
    clientFor: async () => ({}) as unknown as EmbeddedApiClient,
    pacerFor: () => new CallPacer('documented'),
    cachedCustomers: async () => customers,
    refreshCustomers: async () => undefined,
  })
}

const live = <T>(items: T[]) => ({ items, fetchedAt: '2026-01-10T00:00:00Z', stale: false, error: null })

describe('fleet service', () => {
  it('counts a customer opened in the console as checked, once both of its lists came back live', async () => {
    const fleet = service()
    const reads = observeCustomerReads({ 'connections:list': async () => live([lost]), 'recipes:list': async () => live(recipes) }, fleet)
    await reads['connections:list']({ profileId: 'p', customerId: 1, filters: { include_runtime_connections: true } }, ctx)
    expect((await fleet.handlers['fleet:problems']({ profileId: 'p' }, ctx)).customers).toEqual([])
    await reads['recipes:list']({ profileId: 'p', customerId: 1 }, ctx)
    const res = await fleet.handlers['fleet:problems']({ profileId: 'p' }, ctx)
    expect(res.customers).toMatchObject([{ customerId: 1, source: 'viewed', problems: 2, worst: 'critical' }])
    expect(res.problems.map((p) => p.kind)).toEqual(['connection_lost_in_use', 'trial_ending'])
  })

  it('does not take a filtered or stale list as a check', async () => {
    const fleet = service()
    const reads = observeCustomerReads(
      { 'connections:list': async () => live([lost]), 'recipes:list': async () => ({ ...live(recipes), stale: true }) },
      fleet,
    )
    await reads['connections:list']({ profileId: 'p', customerId: 1 }, ctx)
    await reads['recipes:list']({ profileId: 'p', customerId: 1 }, ctx)
    await reads['recipes:list']({ profileId: 'p', customerId: 1, running: true }, ctx)
    expect((await fleet.handlers['fleet:problems']({ profileId: 'p' }, ctx)).customers).toEqual([])
  })

  it('exports the chosen problems as CSV, formulas defused, and keeps a copy', async () => {
    const fleet = service()
    const reads = observeCustomerReads({ 'connections:list': async () => live([lost]), 'recipes:list': async () => live(recipes) }, fleet)
    await reads['connections:list']({ profileId: 'p', customerId: 1 }, ctx)
    await reads['recipes:list']({ profileId: 'p', customerId: 1 }, ctx)
    const { problems } = await fleet.handlers['fleet:problems']({ profileId: 'p' }, ctx)
    const key = problems[0]?.key ?? ''
    const res = await fleet.handlers['fleet:exportCsv']({ profileId: 'p', keys: [key] }, ctx)
    expect(res.rows).toBe(1)
    const lines = res.csv.trim().split('\r\n')
    expect(lines[0]).toBe('severity,kind,customer id,customer,plan,target type,target id,target,provider,since,first seen,problem')
    expect(lines[1]).toContain('critical,"Connection lost, in use",1,Acme,free,connection,5,SF,salesforce')
    // The recipe's name inside the sentence keeps its quotes, doubled as RFC 4180 asks.
    expect(lines[1]).toContain('""=HYPERLINK(""x"")""')
    expect(await readFile(res.path ?? '', 'utf8')).toBe(res.csv)
  })

  it('quotes commas, quotes and newlines, and prefixes formula starts', () => {
    const csv = problemsCsv([
      {
        key: 'k',
        kind: 'trial_ending',
        severity: 'low',
        customerId: 1,
        customerName: '@evil, "inc"\nline',
        plan: null,
        targetType: 'customer',
        targetId: 1,
        targetName: '+1',
        provider: null,
        since: 's',
        firstSeenAt: 'f',
        sentence: 'x',
        tab: 'recipes',
        recipeIds: [],
      },
    ])
    expect(csv.split('\r\n')[1]).toBe(`low,In a trial,1,"'@evil, ""inc""\nline",,customer,1,'+1,,s,f,x`)
  })

  it('audits a sweep start', async () => {
    const audit: AuditRecord[] = []
    const fleet = service(audit)
    await fleet.handlers['fleet:sweepStart']({ profileId: 'p', restart: false }, ctx)
    await fleet.sweepOf('p').cancel()
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([['fleet.sweep_start', 'started']])
  })
})
