import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DirectoryCache } from '../../../../electron/core/directory/directory-cache'
import { createSearchService, MAX_INDEXED_JOBS, type SearchService } from '../../../../electron/core/search/search-service'
import type { EmbeddedApiClient } from '../../../../electron/core/workato/client'
import type { EventName, EventPayload } from '../../../../shared/contract'
import { appError } from '../../../../shared/errors'
import type { Connection, Recipe } from '../../../../shared/domain/workato'

let dir = ''
let cache: DirectoryCache
const progress: EventPayload<'progress'>[] = []
/** Which customer owns which connection/recipe on the fake Workato side; calls are counted per customer. */
const owners = { connection: new Map<number, number>(), recipe: new Map<number, number>() }
const calls: number[] = []

function fakeClient(onCall?: (customerId: number) => void): EmbeddedApiClient {
  const lookup = (kind: 'connection' | 'recipe', ref: unknown, id: number) => {
    const customerId = Number(ref)
    calls.push(customerId)
    onCall?.(customerId)
    if (owners[kind].get(id) !== customerId) throw appError('not_found', 'Not found', { status: 404 })
    return { id, name: `${kind} ${id}` }
  }
  const client = {
    getConnection: async (ref: unknown, id: number) => lookup('connection', ref, id),
    getRecipe: async (ref: unknown, id: number) => lookup('recipe', ref, id),
  }
  return client as unknown as EmbeddedApiClient
}

function service(onCall?: (customerId: number) => void): SearchService {
  return createSearchService({
    cache,
    clientFor: async () => fakeClient(onCall),
    events: {
      emit<E extends EventName>(event: E, payload: EventPayload<E>) {
        if (event === 'progress') progress.push(payload as EventPayload<'progress'>)
      },
    },
  })
}

const conn = (id: number, extra: Partial<Connection> = {}): Connection => ({ id, name: `Conn ${id}`, provider: 'salesforce', ...extra })
const recipe = (id: number, extra: Partial<Recipe> = {}): Recipe => ({ id, name: `Recipe ${id}`, running: false, ...extra })

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ec-search-'))
  cache = new DirectoryCache(dir)
  progress.length = 0
  calls.length = 0
  owners.connection.clear()
  owners.recipe.clear()
  await cache.writeCustomers('p1', {
    fetchedAt: '2026-01-01T00:00:00Z',
    items: [
      { id: 11, name: 'Acme', external_id: 'acme-1' },
      { id: 12, name: 'Globex', external_id: 'GLX-77' },
      { id: 13, name: 'Initech', external_id: null },
    ],
  })
  await cache.writeView('p1', 11, 'connections', '', {
    fetchedAt: 'x',
    items: [conn(501), conn(502, { authorization_error: 'Invalid grant: token expired' })],
  })
  // A filtered view holds a connection the unfiltered one does not: both are searched, each id once.
  await cache.writeView('p1', 11, 'connections', 'provider=slack', {
    fetchedAt: 'x',
    items: [conn(502, { authorization_error: 'Invalid grant: token expired' }), conn(503, { provider: 'slack' })],
  })
  await cache.writeView('p1', 12, 'recipes', '', {
    fetchedAt: 'x',
    items: [recipe(901, { stop_cause: 'trigger_errors_limit' }), recipe(902, { running: true })],
  })
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('search:query over the cache', () => {
  it('finds a connection by its id with the customer it belongs to', async () => {
    const a = await service().query({ profileId: 'p1', query: '503', limit: 50 })
    expect(a.results).toEqual([expect.objectContaining({ kind: 'connection', id: '503', customerId: 11, customerName: 'Acme', matched: 'id' })])
    expect(a.searched).toEqual({ customers: 3, connections: 3, recipes: 2, jobs: 0 })
  })

  it('finds customers by id and by external id, ignoring case', async () => {
    const s = service()
    expect((await s.query({ profileId: 'p1', query: '12', limit: 50 })).results[0]).toMatchObject({ kind: 'customer', id: '12', matched: 'id' })
    expect((await s.query({ profileId: 'p1', query: 'glx-77', limit: 50 })).results[0]).toMatchObject({
      kind: 'customer',
      id: '12',
      matched: 'external_id',
    })
  })

  it('finds by error text: a connection authorisation error, a recipe stop cause and a job error', async () => {
    const s = service()
    s.indexJobs('p1', 12, 901, [{ id: 'j-abc', error: 'Salesforce: INVALID_FIELD on Account', status: 'failed' }])
    expect((await s.query({ profileId: 'p1', query: 'invalid grant', limit: 50 })).results).toEqual([
      expect.objectContaining({ kind: 'connection', id: '502', matched: 'error', detail: 'Invalid grant: token expired' }),
    ])
    expect((await s.query({ profileId: 'p1', query: 'errors_limit', limit: 50 })).results[0]).toMatchObject({ kind: 'recipe', id: '901' })
    const jobs = await s.query({ profileId: 'p1', query: 'INVALID_FIELD', limit: 50 })
    expect(jobs.results).toEqual([expect.objectContaining({ kind: 'job', id: 'j-abc', recipeId: 901, customerId: 12, customerName: 'Globex' })])
    expect((await s.query({ profileId: 'p1', query: 'J-ABC', limit: 50 })).results[0]).toMatchObject({ kind: 'job', matched: 'id' })
  })

  it('ranks an exact id above a name that merely contains the digits, and caps the list while counting every match', async () => {
    await cache.writeView('p1', 13, 'connections', '', { fetchedAt: 'x', items: [conn(7001, { name: 'Route 11 sync' })] })
    const a = await service().query({ profileId: 'p1', query: '11', limit: 50 })
    expect(a.results[0]).toMatchObject({ kind: 'customer', id: '11', matched: 'id' })
    expect(a.results[1]).toMatchObject({ kind: 'connection', id: '7001', matched: 'name' })
    const capped = await service().query({ profileId: 'p1', query: 'conn', limit: 2 })
    expect(capped.results).toHaveLength(2)
    expect(capped.total).toBe(3)
  })

  it('keeps at most MAX_INDEXED_JOBS jobs per profile, dropping the oldest', async () => {
    const s = service()
    s.indexJobs('p1', 11, 1, [{ id: 'first' }])
    s.indexJobs(
      'p1',
      11,
      1,
      Array.from({ length: MAX_INDEXED_JOBS }, (_, i) => ({ id: `j${i}` })),
    )
    expect((await s.query({ profileId: 'p1', query: 'first', limit: 5 })).results).toEqual([])
    expect((await s.query({ profileId: 'p1', query: 'j0', limit: 5 })).searched.jobs).toBe(MAX_INDEXED_JOBS)
  })
})

describe('search:locate', () => {
  it('answers from the cache without calling the API', async () => {
    expect(await service().locate({ profileId: 'p1', kind: 'connection', id: 503, lookupId: 'look-0001' }, new AbortController().signal)).toEqual({
      customerId: 11,
      source: 'cache',
      checked: 0,
      cancelled: false,
    })
    expect(calls).toEqual([])
  })

  it('asks each customer in turn when the cache does not know, and reports progress', async () => {
    owners.recipe.set(4242, 13)
    const a = await service().locate({ profileId: 'p1', kind: 'recipe', id: 4242, lookupId: 'look-0002' }, new AbortController().signal)
    expect(a).toEqual({ customerId: 13, source: 'api', checked: 3, cancelled: false })
    expect(calls).toEqual([11, 12, 13])
    expect(progress.at(-1)).toMatchObject({ task: 'search:locate:look-0002', finished: true, done: 3, total: 3 })
  })

  it('says not found after every customer was asked', async () => {
    const a = await service().locate({ profileId: 'p1', kind: 'connection', id: 999, lookupId: 'look-0003' }, new AbortController().signal)
    expect(a).toEqual({ customerId: null, source: null, checked: 3, cancelled: false })
  })

  it('stops when cancelled by its look-up id', async () => {
    let s: SearchService | null = null
    s = service((customerId) => {
      if (customerId === 11) s?.cancelLocate('look-0004')
    })
    const a = await s.locate({ profileId: 'p1', kind: 'connection', id: 999, lookupId: 'look-0004' }, new AbortController().signal)
    expect(a).toMatchObject({ customerId: null, cancelled: true })
    expect(calls).toEqual([11])
    expect(s.cancelLocate('look-0004')).toBe(false)
  })

  it('passes on an error that is not "not found" (the person must learn the API is failing)', async () => {
    const s = createSearchService({
      cache,
      clientFor: async () =>
        ({ getConnection: async () => Promise.reject(appError('unauthorized', 'The API token was rejected')) }) as unknown as EmbeddedApiClient,
      events: { emit: () => {} },
    })
    await expect(
      s.locate({ profileId: 'p1', kind: 'connection', id: 999, lookupId: 'look-0005' }, new AbortController().signal),
    ).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    })
  })

  it('says what to do when there is no customer list to ask', async () => {
    await expect(
      service().locate({ profileId: 'p2', kind: 'recipe', id: 1, lookupId: 'look-0006' }, new AbortController().signal),
    ).rejects.toMatchObject({
      data: { code: 'not_found', hint: expect.stringContaining('Open Customers') },
    })
  })
})
