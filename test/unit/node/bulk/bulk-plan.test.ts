import { describe, expect, it } from 'vitest'
import { appError } from '../../../../shared/errors'
import type { Customer } from '../../../../shared/domain/workato'
import { matchesCustomer, planBulk } from '../../../../electron/core/bulk/plan'
import { FakeBulkApi } from './fake-bulk-api'

const customers = [
  { id: 1, name: 'Acme', external_id: 'acme-eu' },
  { id: 2, name: 'Globex', external_id: null },
  { id: 3, name: 'Initech', external_id: 'ini' },
] as Customer[]

function fleet() {
  return new FakeBulkApi()
    .add({ customerId: 1, id: 11, name: 'Sync orders', running: false, accountId: 101 })
    .add({ customerId: 1, id: 12, name: 'Sync invoices', running: true, accountId: 102 })
    .add({ customerId: 2, id: 21, name: 'Nightly export', running: false, accountId: 7 }, false)
    .add({ customerId: 2, id: 22, name: 'Leads', running: false, accountId: null })
    .add({ customerId: 3, id: 31, name: 'Sync orders', running: false, accountId: 301 })
}
const signal = new AbortController().signal

describe('bulk dry run', () => {
  it('"every ready recipe" lists only stopped recipes whose slots are all authorised (the checklist rule)', async () => {
    const out = await planBulk({ api: fleet().api(), action: 'start', source: { kind: 'ready', customerQuery: '' }, customers, signal })
    expect(out.rows.map((r) => r.recipeId)).toEqual([11, 31])
    expect(out.source).toBe('every ready recipe of all 3 customers')
  })

  it('a start says per target whether it is ready and why not, and what is already running', async () => {
    const out = await planBulk({
      api: fleet().api(),
      action: 'start',
      source: { kind: 'targets', targets: [11, 12, 21, 22].map((recipeId) => ({ customerId: recipeId < 20 ? 1 : 2, recipeId })) },
      customers,
      signal,
    })
    expect(out.rows.map((r) => [r.recipeId, r.verdict, r.ready])).toEqual([
      [11, 'act', true],
      [12, 'already', true],
      [21, 'not_ready', false],
      [22, 'not_ready', false],
    ])
    expect(out.rows[2]?.blockers).toEqual(['"SF 7" is not authorised yet: authenticate it in the widget.'])
    expect(out.rows[3]?.blockers[0]).toBe('Choose one of the 1 Salesforce connection in this workspace, or create a new one, then authenticate it.')
    expect(out.counts).toEqual({ act: 1, not_ready: 2, already: 1, missing: 0, unreadable: 0 })
  })

  it('a stop over customers matching a search and a recipe name; nothing is changed', async () => {
    const fake = fleet()
    const out = await planBulk({
      api: fake.api(),
      action: 'stop',
      source: { kind: 'filter', customerQuery: 'ACME', recipeQuery: 'sync' },
      customers,
      signal,
    })
    expect(out.rows.map((r) => [r.customerName, r.recipeId, r.verdict])).toEqual([
      ['Acme', 11, 'already'],
      ['Acme', 12, 'act'],
    ])
    expect(fake.calls.filter((c) => c.startsWith('start') || c.startsWith('stop'))).toEqual([])
  })

  it('a recipe that is gone is "missing", and a customer that cannot be read is "unreadable" with the reason', async () => {
    const fake = fleet()
    const api = fake.api()
    const broken = {
      ...api,
      listAllRecipes: async (c: number | { externalId: string }) =>
        c === 2 ? Promise.reject(appError('api_error', 'Workato server error (HTTP 500).')) : api.listAllRecipes(c),
    }
    const out = await planBulk({
      api: broken,
      action: 'stop',
      source: {
        kind: 'targets',
        targets: [
          { customerId: 1, recipeId: 99 },
          { customerId: 2, recipeId: 21 },
        ],
      },
      customers,
      signal,
    })
    expect(out.rows.map((r) => [r.recipeId, r.verdict, r.blockers[0]])).toEqual([
      [99, 'missing', 'This customer has no recipe 99 (deleted, or the list was out of date).'],
      [21, 'unreadable', 'Could not read this customer: Workato server error (HTTP 500).'],
    ])
    expect(out.customersFailed).toBe(1)
  })

  it('refuses a search that matches nothing, and a start-only source for a stop', async () => {
    await expect(
      planBulk({ api: fleet().api(), action: 'start', source: { kind: 'ready', customerQuery: 'zzz' }, customers, signal }),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: 'No customer in the directory matches "zzz".',
    })
    await expect(
      planBulk({ api: fleet().api(), action: 'stop', source: { kind: 'ready', customerQuery: '' }, customers, signal }),
    ).rejects.toMatchObject({
      code: 'validation',
    })
  })

  it('matches a customer by name, id or external id, case-insensitively', () => {
    expect(matchesCustomer({ id: 1, name: 'Acme', external_id: 'acme-eu' }, 'EU')).toBe(true)
    expect(matchesCustomer({ id: 123, name: 'Acme', external_id: null }, '23')).toBe(true)
    expect(matchesCustomer({ id: 1, name: 'Acme', external_id: null }, 'globex')).toBe(false)
  })
})
