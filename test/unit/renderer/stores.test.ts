/** Stores over the typed fake bridge (the real one needs the preload): what each store asks core for and what it shows. */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Progress } from '@shared/contract/app'
import type { Customer } from '@shared/domain/workato'
import { AppError } from '@shared/errors'
import { useConnectionsStore } from '@/stores/connections'
import { useCustomersStore } from '@/stores/customers'
import { useJobsStore } from '@/stores/jobs'
import { useKeysStore } from '@/stores/keys'
import { useRecipesStore } from '@/stores/recipes'
import { installFakeBridge } from '../../support/fake-bridge'

const fake = installFakeBridge()

const cust = (id: number, name: string, external_id: string | null = null): Customer => ({ id, name, external_id })
const flush = () => new Promise((r) => setTimeout(r, 0))
function emit(p: Partial<Progress>) {
  fake.emit('progress', { task: 'customers:refresh:sandbox', label: '', done: 0, total: null, finished: false, error: null, ...p })
}
/** Answers in turn, the last one from then on (what `mockResolvedValueOnce` chains did). */
function inTurn<T>(...answers: T[]): () => T {
  let i = 0
  return () => {
    const a = answers[Math.min(i, answers.length - 1)]
    i++
    if (a === undefined) throw new Error('no answer')
    return a
  }
}

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
  fake.answer('profiles:list', () => ({ profiles: [], activeId: null }))
})

describe('customers store', () => {
  it('opens on the cached list at once and does not refresh a fresh one', async () => {
    fake.answer('customers:list', () => ({
      items: [cust(1, 'Acme'), cust(2, 'Globex')],
      fetchedAt: '2026-11-21T00:00:00Z',
      stale: false,
      error: null,
    }))
    const s = useCustomersStore()
    await s.open('sandbox')
    expect(s.rows.map((r) => r.name)).toEqual(['Acme', 'Globex'])
    expect(s.loaded).toBe(true)
    expect(fake.requestsOf('customers:refresh')).toEqual([])
  })

  it('refreshes in the background when the cache is empty or old, showing progress events for its task only', async () => {
    fake.answer(
      'customers:list',
      inTurn(
        { items: [], fetchedAt: null, stale: true, error: null },
        { items: [cust(1, 'Acme')], fetchedAt: '2026-11-21T00:00:00Z', stale: false, error: null },
      ),
    )
    let finish: (v: { count: number; fetchedAt: string }) => void = () => undefined
    fake.answer('customers:refresh', () => new Promise((r) => (finish = r)))
    const s = useCustomersStore()
    await s.open('sandbox')
    await flush()
    expect(fake.requestsOf('customers:refresh')).toEqual([{ profileId: 'sandbox' }])
    expect(s.refreshing).toBe(true)
    emit({ done: 200, label: 'Reading: 200 so far' })
    emit({ task: 'customers:refresh:other', done: 999 })
    expect(s.progress?.done).toBe(200)
    finish({ count: 1, fetchedAt: '2026-11-21T00:00:00Z' })
    await flush()
    await flush()
    expect(s.refreshing).toBe(false)
    expect(s.progress).toBeNull()
    expect(s.rows).toHaveLength(1)
    expect(s.stale).toBe(false)
  })

  it('does not retry on its own while the last refresh failed; a failed refresh keeps the rows, marked stale', async () => {
    const down = { code: 'network' as const, message: 'Could not reach the Workato API' }
    fake.answer('customers:list', () => ({ items: [cust(1, 'Acme')], fetchedAt: '2026-11-20T00:00:00Z', stale: true, error: down }))
    const s = useCustomersStore()
    await s.open('sandbox')
    expect(fake.requestsOf('customers:refresh')).toEqual([])
    expect(s.staleError?.code).toBe('network')

    fake.fail('customers:refresh', down)
    expect(await s.refresh()).toBe(false)
    expect(s.refreshError).toContain('Could not reach')
    expect(s.rows).toHaveLength(1)
    expect(s.stale).toBe(true)
  })

  it('a cancelled refresh is reported as cancelled, not as an error', async () => {
    fake.answer('customers:list', () => ({ items: [cust(1, 'Acme')], fetchedAt: '2026-11-21T00:00:00Z', stale: false, error: null }))
    fake.fail('customers:refresh', { code: 'cancelled', message: 'Cancelled.' })
    const s = useCustomersStore()
    await s.open('sandbox')
    await s.refresh()
    expect(s.cancelled).toBe(true)
    expect(s.refreshError).toBeNull()
  })

  it('filters by query and keeps the chosen sort', async () => {
    fake.answer('customers:list', () => ({
      items: [cust(3, 'Acme Two', 'x-1'), cust(1, 'Acme One'), cust(2, 'Globex', 'acme/eu')],
      fetchedAt: '2026-11-21T00:00:00Z',
      stale: false,
      error: null,
    }))
    const s = useCustomersStore()
    await s.open('sandbox')
    s.query = 'acme'
    expect(s.filtered.map((r) => r.id)).toEqual([1, 3, 2])
    s.sort = { key: 'id', order: 'descend' }
    expect(s.filtered.map((r) => r.id)).toEqual([3, 2, 1])
    s.query = 'x-1'
    expect(s.filtered.map((r) => r.id)).toEqual([3])
  })

  it('a failing list is an error state, not an empty directory', async () => {
    fake.fail('customers:list', new AppError({ code: 'vault_unavailable', message: 'The keychain is locked.', hint: 'Unlock it.' }))
    const s = useCustomersStore()
    await s.open('sandbox')
    expect(s.loadError).toBe('The keychain is locked. Unlock it.')
    expect(s.loaded).toBe(false)
  })
})

describe('connections store', () => {
  const scope = { profileId: 'sandbox', customerId: 100001 }
  it('passes include_runtime_connections only when asked', async () => {
    fake.answer('connections:list', () => ({ items: [], fetchedAt: null, stale: false, error: null }))
    const s = useConnectionsStore()
    await s.load(scope)
    await s.setIncludeRuntime(true)
    expect(fake.requestsOf('connections:list')).toEqual([scope, { ...scope, filters: { include_runtime_connections: true } }])
  })
  it('disconnects with or without force and reloads', async () => {
    fake.answer('connections:list', () => ({ items: [], fetchedAt: null, stale: false, error: null }))
    fake.answer('connections:disconnect', () => ({ ok: true }))
    const s = useConnectionsStore()
    await s.load(scope)
    await s.disconnect(scope, 42, true)
    expect(fake.requestsOf('connections:disconnect')).toEqual([{ ...scope, connectionId: 42, force: true }])
    expect(fake.requestsOf('connections:list')).toHaveLength(2)
  })
  it('keeps the last-seen items with the stale reason', async () => {
    const err = { code: 'network' as const, message: 'down' }
    fake.answer('connections:list', () => ({
      items: [{ id: 1, name: 'SF', provider: 'salesforce' }],
      fetchedAt: '2026-11-20T00:00:00Z',
      stale: true,
      error: err,
    }))
    const s = useConnectionsStore()
    await s.load(scope)
    expect(s.items).toHaveLength(1)
    expect(s.stale).toBe(true)
    expect(s.staleError).toEqual(err)
  })
})

describe('recipes store', () => {
  const scope = { profileId: 'sandbox', customerId: 100001 }
  beforeEach(() => {
    fake.answer('recipes:list', () => ({ items: [{ id: 7, name: 'Sync', running: false }], fetchedAt: null, stale: false, error: null }))
  })
  it('keeps the problems of a refused start under the recipe', async () => {
    fake.answer('recipes:start', () => ({ success: false, problems: ['Step 1: Salesforce connection is not connected (connection 42)'] }))
    const s = useRecipesStore()
    await s.load(scope)
    const res = await s.start(7)
    expect(res.success).toBe(false)
    expect(s.problems[7]).toEqual(['Step 1: Salesforce connection is not connected (connection 42)'])
    expect(s.busy[7]).toBeUndefined()
  })
  it('a refusal without reasons still says something', async () => {
    fake.answer('recipes:start', () => ({ success: false, problems: [] }))
    const s = useRecipesStore()
    await s.load(scope)
    await s.start(7)
    expect(s.problems[7]?.[0]).toMatch(/refused to start/)
  })
  it('a successful start clears old problems and re-reads the recipe', async () => {
    fake.answer('recipes:start', inTurn({ success: false, problems: ['x'] }, { success: true, problems: [] }))
    fake.answer('recipes:get', () => ({ id: 7, name: 'Sync', running: true }))
    const s = useRecipesStore()
    await s.load(scope)
    await s.start(7)
    await s.start(7)
    expect(s.problems[7]).toBeUndefined()
    expect(s.items[0]?.running).toBe(true)
  })
})

describe('jobs store', () => {
  const scope = { profileId: 'sandbox', customerId: 100001, recipeId: 7 }
  it('lists newest first, passes the status filter and de-duplicates older pages', async () => {
    fake.answer('jobs:list', () => ({
      job_succeeded_count: 2,
      job_failed_count: 1,
      job_count: 3,
      items: [
        { id: 'a', started_at: '2026-01-01T00:00:00Z' },
        { id: 'b', started_at: '2026-01-03T00:00:00Z' },
      ],
    }))
    const s = useJobsStore()
    await s.load(scope)
    expect(s.items.map((j) => j.id)).toEqual(['b', 'a'])
    expect(s.hasMore).toBe(true)
    fake.answer('jobs:list', () => ({
      job_succeeded_count: 2,
      job_failed_count: 1,
      job_count: 3,
      items: [
        { id: 'a', started_at: '2026-01-01T00:00:00Z' },
        { id: 'c', started_at: '2025-12-31T00:00:00Z' },
      ],
    }))
    await s.loadMore()
    expect(fake.requestsOf('jobs:list').at(-1)).toEqual({ ...scope, offsetJobId: 'a' })
    expect(s.items.map((j) => j.id)).toEqual(['b', 'a', 'c'])

    fake.answer('jobs:list', () => ({ job_succeeded_count: 2, job_failed_count: 1, job_count: 3, items: [{ id: 'f', status: 'failed' }] }))
    await s.setStatus('failed')
    expect(fake.requestsOf('jobs:list').at(-1)).toEqual({ ...scope, status: 'failed' })
    expect(s.items.map((j) => j.id)).toEqual(['f'])
  })
})

describe('keys store', () => {
  it('sends a passphrase only when there is one, and keeps the key info per profile', async () => {
    const info = { publicKeyPem: 'PUB', fingerprint: 'AA', jwkThumbprint: 't', bits: 2048, source: 'pkcs8' as const }
    fake.answer('keys:import', () => info)
    const s = useKeysStore()
    await s.importPem('p1', 'PEM')
    await s.importPem('p1', 'PEM', 'secret')
    expect(fake.requestsOf('keys:import')).toEqual([
      { profileId: 'p1', pem: 'PEM' },
      { profileId: 'p1', pem: 'PEM', passphrase: 'secret' },
    ])
    expect(s.info.p1).toEqual(info)
  })
  it('records the connection test with its latency', async () => {
    fake.answer('profiles:test', () => ({ ok: true, message: 'fine', latencyMs: 12 }))
    const s = useKeysStore()
    await s.test('p1')
    expect(s.tests.p1?.latencyMs).toBe(12)
  })
})
