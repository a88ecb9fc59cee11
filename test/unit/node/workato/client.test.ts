import { describe, expect, it } from 'vitest'
import { EmbeddedApiClient } from '../../../../electron/core/workato/client'
import { customerSegment } from '../../../../shared/domain/customer-ref'
import { describeStartErrors } from '../../../../electron/core/workato/start-errors'
import { CallPacer } from '../../../../electron/core/workato/call-pacer'
import { isAppError } from '../../../../shared/errors'
import { fakeFetch, json, target } from './fake-fetch'

const customer = (id: number) => ({ id, name: `Customer ${id}`, external_id: `ext-${id}` })

/** A directory of `total` customers served page by page like §2.5. */
function directory(total: number, delayMs = 0) {
  return fakeFetch(async (c) => {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs))
    const page = Number(c.url.searchParams.get('page') ?? 1)
    const per = Number(c.url.searchParams.get('per_page') ?? 100)
    const start = (page - 1) * per
    const ids = Array.from({ length: Math.max(0, Math.min(per, total - start)) }, (_, i) => start + i + 1)
    return json(200, { result: ids.map(customer) })
  })
}

describe('customer addressing (reference §1.3)', () => {
  it('uses the numeric id or E + the percent-encoded external id', () => {
    expect(customerSegment(3498583)).toBe('3498583')
    expect(customerSegment({ externalId: 'A2300' })).toBe('EA2300')
    expect(customerSegment({ externalId: 'AM10:XV303' })).toBe('EAM10%3AXV303')
    expect(customerSegment({ externalId: 'a/b c' })).toBe('Ea%2Fb%20c')
  })

  it('sends the encoded segment on the wire', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, customer(1)))
    await new EmbeddedApiClient({ target: target(), fetch }).getCustomer({ externalId: 'AM10:XV303' })
    expect(calls[0]?.url.pathname).toBe('/api/managed_users/EAM10%3AXV303')
  })
})

describe('customer pagination (reference §2.5, §6.3)', () => {
  it('stops at the first short page and yields every customer once, in order', async () => {
    const { fetch, calls } = directory(250)
    const all = await new EmbeddedApiClient({ target: target(), fetch }).listAllCustomers({ concurrency: 1 })
    expect(all.map((c) => c.id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1))
    expect(calls.map((c) => c.url.searchParams.get('page'))).toEqual(['1', '2', '3'])
  })

  it('fetches pages concurrently and still yields them in order; an exact multiple ends on an empty page', async () => {
    // Counts requests in flight instead of timing the sweep (a loaded machine stretches any time bound): each page
    // answers a timer tick later, so pages the client opens together are in flight together.
    let inFlight = 0
    let maxInFlight = 0
    const { fetch, calls } = fakeFetch(async (c) => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      await new Promise((r) => setTimeout(r, 1))
      inFlight--
      const page = Number(c.url.searchParams.get('page') ?? 1)
      const per = Number(c.url.searchParams.get('per_page') ?? 100)
      const start = (page - 1) * per
      const ids = Array.from({ length: Math.max(0, Math.min(per, 1000 - start)) }, (_, i) => start + i + 1)
      return json(200, { result: ids.map(customer) })
    })
    const all = await new EmbeddedApiClient({ target: target(), fetch }).listAllCustomers({ concurrency: 5 })
    expect(all).toHaveLength(1000)
    expect(all.map((c) => c.id)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1))
    // Five at once, never more: sequential would be 1.
    expect(maxInFlight).toBe(5)
    const pages = new Set(calls.map((c) => Number(c.url.searchParams.get('page'))))
    for (let p = 1; p <= 11; p++) expect(pages.has(p)).toBe(true)
    expect(calls.length).toBeLessThanOrEqual(11 + 4) // at most concurrency-1 pages past the end
  })

  it('a short first page costs exactly one call', async () => {
    const { fetch, calls } = directory(3)
    const all = await new EmbeddedApiClient({ target: target(), fetch }).listAllCustomers({ concurrency: 10 })
    expect(all).toHaveLength(3)
    expect(calls).toHaveLength(1)
  })

  it('picks the concurrency from the rate limit', async () => {
    const { fetch, calls } = directory(10_000, 30)
    const limiter = new CallPacer({ overrides: { customers: { limit: 12, windowMs: 60_000 } } })
    const client = new EmbeddedApiClient({ target: target(), fetch, limiter })
    const ctrl = new AbortController()
    const pages: number[] = []
    const it = client.iterateCustomers({ signal: ctrl.signal })
    for await (const p of it) {
      pages.push(p.length)
      if (pages.length === 3) break
    }
    // 12/min → 2 in flight after the first page.
    expect(calls.length).toBeLessThanOrEqual(5)
  })

  it('cancels a sweep with the signal', async () => {
    const { fetch } = directory(10_000, 20)
    const ctrl = new AbortController()
    const client = new EmbeddedApiClient({ target: target(), fetch })
    setTimeout(() => ctrl.abort(), 50)
    const e = await client.listAllCustomers({ signal: ctrl.signal }).catch((x: unknown) => x)
    expect(isAppError(e) && e.code).toBe('cancelled')
  })
})

describe('connections (reference §3)', () => {
  it('sends every §3.2 filter as a query parameter, tags as includes[]', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { result: [] }))
    await new EmbeddedApiClient({ target: target(), fetch }).listConnections(5, {
      provider: 'jira',
      folder_id: 12,
      parent_id: '3',
      external_id: 'user@x',
      include_runtime_connections: true,
      include_tags: true,
    })
    const q = calls[0]?.url.searchParams
    expect(q?.get('provider')).toBe('jira')
    expect(q?.get('folder_id')).toBe('12')
    expect(q?.get('parent_id')).toBe('3')
    expect(q?.get('external_id')).toBe('user@x')
    expect(q?.get('include_runtime_connections')).toBe('true')
    expect(q?.getAll('includes[]')).toEqual(['tags'])
  })

  it('getConnection lists and picks by id; a missing id is not_found', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(200, {
        result: [
          { id: 1, name: 'a', provider: 'jira' },
          { id: 2, name: 'b', provider: 'salesforce' },
        ],
      }),
    )
    const client = new EmbeddedApiClient({ target: target(), fetch })
    expect((await client.getConnection(5, 2)).name).toBe('b')
    expect(calls[0]?.url.searchParams.get('include_runtime_connections')).toBe('true')
    const e = await client.getConnection(5, 99).catch((x: unknown) => x)
    expect(isAppError(e) && e.code).toBe('not_found')
  })

  it('disconnect sends force in the body (§3.6)', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { result: [] }))
    await new EmbeddedApiClient({ target: target(), fetch }).disconnectConnection(5, 7, { force: true })
    expect(calls[0]?.method).toBe('POST')
    expect(calls[0]?.url.pathname).toBe('/api/managed_users/5/connections/7/disconnect')
    expect(calls[0]?.body).toEqual({ force: true })
  })
})

describe('recipes (reference §4)', () => {
  const recipe = (id: number) => ({ id, name: `R${id}`, running: false })

  it('accepts both the result and the items envelope', async () => {
    for (const key of ['result', 'items']) {
      const { fetch } = fakeFetch(() => json(200, { [key]: [recipe(1), recipe(2)] }))
      const list = await new EmbeddedApiClient({ target: target(), fetch }).listAllRecipes(5)
      expect(list.map((r) => r.id)).toEqual([1, 2])
    }
  })

  it('pages recipes with per_page 100 (the default is 10) and passes filters', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { result: [recipe(1)] }))
    await new EmbeddedApiClient({ target: target(), fetch }).listAllRecipes(5, { running: true, stopCause: 'trial_expired' })
    const q = calls[0]?.url.searchParams
    expect(q?.get('per_page')).toBe('100')
    expect(q?.get('running')).toBe('true')
    expect(q?.get('stop_cause')).toBe('trial_expired')
  })

  it('turns a refused start into readable problems', async () => {
    const { fetch } = fakeFetch(() =>
      json(200, {
        success: false,
        code_errors: [[2, [['Email', null, "can't be blank", 'input.email']]]],
        config_errors: [[1, [['salesforce', 42, 'connection is not connected']]]],
      }),
    )
    const r = await new EmbeddedApiClient({ target: target(), fetch }).startRecipe(5, 9)
    expect(r.success).toBe(false)
    expect(r.problems).toEqual([
      'Step 1 · Salesforce: connection is not connected (connection 42)',
      "Step 2 · Email: can't be blank (field input.email)",
    ])
  })

  it('reports a 400 state-transition refusal as a problem, and a 404 as an error', async () => {
    const { fetch } = fakeFetch((c) =>
      c.url.pathname.endsWith('/9/start') ? json(400, { message: 'Recipe is already running' }) : json(404, { message: 'Not found' }),
    )
    const client = new EmbeddedApiClient({ target: target(), fetch })
    expect(await client.startRecipe(5, 9)).toMatchObject({ success: false, problems: ['Recipe is already running'] })
    const e = await client.startRecipe(5, 10).catch((x: unknown) => x)
    expect(isAppError(e) && e.code).toBe('not_found')
  })

  it('lists jobs with status and cursor (§4.6)', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { job_succeeded_count: 1, job_failed_count: 0, job_count: 1, items: [{ id: 'j-1' }] }))
    const jobs = await new EmbeddedApiClient({ target: target(), fetch }).listJobs(5, 9, { status: 'failed', offsetJobId: 'j-9' })
    expect(jobs.items[0]?.id).toBe('j-1')
    expect(calls[0]?.url.searchParams.get('status')).toBe('failed')
    expect(calls[0]?.url.searchParams.get('offset_job_id')).toBe('j-9')
  })
})

describe('start errors (reference §4.4)', () => {
  it('handles plain strings, unwrapped tuples and missing parts', () => {
    expect(
      describeStartErrors({
        config_errors: [
          'Trigger connection missing',
          [3, ['google_sheets', null, 'connection was deleted']],
          [4, [['jira', null, 'Jira is not connected']]],
        ],
        code_errors: [[null, [['Name', null, '']]]],
      }),
    ).toEqual([
      'Trigger connection missing',
      'Step 3 · Google Sheets: connection was deleted',
      'Step 4 · Jira is not connected',
      'Recipe · Name: is invalid',
    ])
    expect(describeStartErrors({})).toEqual([])
  })

  it('names apps by their brand spelling, not the capitalised key', () => {
    expect(describeStartErrors({ config_errors: [[2, [['netsuite', null, 'connection is missing']]]] })).toEqual([
      'Step 2 · NetSuite: connection is missing',
    ])
  })
})

describe('folder tree (reference §5.1)', () => {
  /** A workspace whose folders are served one parent at a time, as §5.1 lists them (Home when no parent_id). */
  function workspace(tree: Record<string, { id: number; name: string }[]>) {
    return fakeFetch((c) => {
      const parent = c.url.searchParams.get('parent_id') ?? 'home'
      const page = Number(c.url.searchParams.get('page') ?? 1)
      const rows = page === 1 ? (tree[parent] ?? []) : []
      return json(200, { result: rows.map((f) => ({ ...f, parent_id: parent === 'home' ? 1 : Number(parent) })) })
    })
  }

  it("walks nested folders level by level, asking for each parent's children", async () => {
    const { fetch, calls } = workspace({
      home: [
        { id: 10, name: 'Sales ops' },
        { id: 11, name: 'Support' },
      ],
      '10': [{ id: 20, name: 'Archive' }],
      '20': [{ id: 30, name: '2025' }],
    })
    const tree = await new EmbeddedApiClient({ target: target(), fetch }).listFolderTree(7)
    expect(tree.truncated).toBe(false)
    expect(tree.folders.map((f) => [f.id, f.parent_id])).toEqual([
      [10, 1],
      [11, 1],
      [20, 10],
      [30, 20],
    ])
    // Home first (no parent_id), then every folder found, each once.
    expect(calls.map((c) => c.url.searchParams.get('parent_id'))).toEqual([null, '10', '11', '20', '30'])
    expect(calls.every((c) => c.url.pathname === '/api/managed_users/7/folders')).toBe(true)
  })

  it('stops at the folder cap or the depth cap and says the list is partial; a cycle is not followed', async () => {
    const wide = workspace({ home: Array.from({ length: 30 }, (_, i) => ({ id: 100 + i, name: `F${i}` })) })
    const capped = await new EmbeddedApiClient({ target: target(), fetch: wide.fetch }).listFolderTree(7, { maxFolders: 25 })
    expect(capped.folders).toHaveLength(25)
    expect(capped.truncated).toBe(true)

    const deep = workspace({ home: [{ id: 1, name: 'a' }], '1': [{ id: 2, name: 'b' }], '2': [{ id: 3, name: 'c' }] })
    const shallow = await new EmbeddedApiClient({ target: target(), fetch: deep.fetch }).listFolderTree(7, { maxDepth: 2 })
    expect(shallow.folders.map((f) => f.name)).toEqual(['a', 'b'])
    expect(shallow.truncated).toBe(true)

    const loop = workspace({ home: [{ id: 1, name: 'a' }], '1': [{ id: 1, name: 'a' }] })
    const looped = await new EmbeddedApiClient({ target: target(), fetch: loop.fetch }).listFolderTree(7)
    expect(looped).toEqual({ folders: [{ id: 1, name: 'a', parent_id: 1 }], truncated: false })
  })
})
