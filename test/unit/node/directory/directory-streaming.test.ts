/** Issue 13: the directory streams page by page, and a stopped read keeps what it read and says so. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EmbeddedApiClient } from '../../../../electron/core/workato/client'
import { CustomerDirectory } from '../../../../electron/core/directory/customer-directory'
import { DirectoryCache } from '../../../../electron/core/directory/directory-cache'
import type { EventSink } from '../../../../electron/core/rpc/types'
import type { DirectoryPage } from '../../../../shared/contract/directory'
import { isAppError } from '../../../../shared/errors'
import { fakeFetch, hang, json, netError, target } from '../workato/fake-fetch'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ec-directory-stream-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function sink(onPage?: (p: DirectoryPage) => void): { events: EventSink; pages: DirectoryPage[] } {
  const pages: DirectoryPage[] = []
  return {
    pages,
    events: {
      emit(event, payload) {
        if (event !== 'directoryPage') return
        pages.push(payload as DirectoryPage)
        onPage?.(payload as DirectoryPage)
      },
    },
  }
}

/**
 * `total` customers, 100 a page. `stopAt`: from that page on, the call hangs until cancelled (`hang`) or fails as
 * if the API were unreachable (`fail`).
 */
function api(total: number, stopAt?: { page: number; how: 'hang' | 'fail' }) {
  const f = fakeFetch(async (c, _n, signal) => {
    const page = Number(c.url.searchParams.get('page'))
    if (stopAt && page >= stopAt.page) {
      if (stopAt.how === 'fail') throw netError('ECONNREFUSED')
      return hang(signal)
    }
    const per = Number(c.url.searchParams.get('per_page'))
    const start = (page - 1) * per
    const n = Math.max(0, Math.min(per, total - start))
    return json(200, { result: Array.from({ length: n }, (_, i) => ({ id: start + i + 1, name: `C${start + i + 1}` })) })
  })
  // One page at a time, so "pages read" is exact.
  const client = new EmbeddedApiClient({ target: target(), fetch: f.fetch, retry: { maxAttempts: 1 } })
  const iterate = client.iterateCustomers.bind(client)
  client.iterateCustomers = (o = {}) => iterate({ ...o, concurrency: 1 })
  return { client }
}

describe('CustomerDirectory streaming', () => {
  it('pushes every page as it arrives, with the count read and the last complete count as the estimate', async () => {
    const cache = new DirectoryCache(dir)
    await cache.writeCustomers('p1', { fetchedAt: '2026-01-01T00:00:00.000Z', items: [{ id: 1, name: 'Old' }] })
    const { events, pages } = sink()
    const d = new CustomerDirectory({ cache, events, clientFor: async () => api(250).client, autoRefresh: false })
    await d.refresh('p1')
    expect(pages.map((p) => [p.state, p.items.length, p.read, p.expected])).toEqual([
      ['reading', 0, 0, 1],
      ['reading', 100, 100, 1],
      ['reading', 100, 200, 1],
      ['reading', 50, 250, 1],
      ['done', 0, 250, 1],
    ])
    expect(new Set(pages.map((p) => p.runId)).size).toBe(1)
    expect(pages[1]?.items[0]).toEqual({ id: 1, name: 'C1' })
  })

  it('a cold start cancelled mid-read keeps the rows read, marked partial, and does not restart by itself', async () => {
    const cache = new DirectoryCache(dir)
    let d: CustomerDirectory | null = null
    // Cancelled as soon as the second page is in: exactly 200 customers read.
    const { events, pages } = sink((p) => {
      if (p.read === 200) d?.cancel('p1')
    })
    d = new CustomerDirectory({ cache, events, clientFor: async () => api(1000, { page: 3, how: 'hang' }).client })
    const e = await d.refresh('p1').catch((x: unknown) => x)
    expect(isAppError(e) && e.code).toBe('cancelled')
    expect(pages.at(-1)).toMatchObject({ state: 'cancelled', read: 200, expected: null, error: null })
    const listed = await d.list('p1')
    expect(listed.items).toHaveLength(200)
    expect(listed.stale).toBe(true)
    expect(listed.error?.message).toBe('Partial: the last read was cancelled after 200 customers, so the list may miss customers.')
    // The person stopped it: opening the list again does not start another read behind their back.
    expect(d.isRefreshing('p1')).toBe(false)
    // A new process (no memory of the cancel) sees the partial list and reads it again.
    const later = new CustomerDirectory({ cache: new DirectoryCache(dir), events, clientFor: async () => api(300).client })
    expect((await later.list('p1')).items).toHaveLength(200)
    expect(later.isRefreshing('p1')).toBe(true)
    expect((await later.refresh('p1')).count).toBe(300)
  })

  it('a read that fails part-way keeps what it read and reports the real reason', async () => {
    const cache = new DirectoryCache(dir)
    const { events, pages } = sink()
    const d = new CustomerDirectory({ cache, events, clientFor: async () => api(1000, { page: 4, how: 'fail' }).client, autoRefresh: false })
    const e = await d.refresh('p1').catch((x: unknown) => x)
    expect(isAppError(e) && e.code).toBe('network')
    const last = pages.at(-1)
    expect(last).toMatchObject({ state: 'failed', read: 300 })
    expect(last?.error?.code).toBe('network')
    const listed = await d.list('p1')
    expect(listed.items).toHaveLength(300)
    expect(listed.error?.code).toBe('network')
    expect((await cache.readCustomers('p1'))?.partial).toEqual({ read: 300, reason: 'failed' })
  })

  it('a complete read clears the partial mark', async () => {
    const cache = new DirectoryCache(dir)
    await cache.writeCustomers('p1', {
      fetchedAt: '2026-01-01T00:00:00.000Z',
      items: [{ id: 1, name: 'C1' }],
      partial: { read: 1, reason: 'cancelled' },
    })
    const { events } = sink()
    const d = new CustomerDirectory({ cache, events, clientFor: async () => api(150).client, autoRefresh: false })
    await d.refresh('p1')
    const listed = await d.list('p1')
    expect(listed.items).toHaveLength(150)
    expect(listed.error).toBeNull()
    expect((await new DirectoryCache(dir).readCustomers('p1'))?.partial).toBeUndefined()
  })
})
