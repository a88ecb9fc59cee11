import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { EmbeddedApiClient } from '../../../../electron/core/workato/client'
import { CustomerDirectory, refreshTaskId } from '../../../../electron/core/directory/customer-directory'
import { DirectoryCache, viewKey } from '../../../../electron/core/directory/directory-cache'
import { readJsonFile, writeJsonAtomic } from '../../../../electron/core/directory/json-file'
import type { EventSink } from '../../../../electron/core/rpc/types'
import type { Progress } from '../../../../shared/contract/app'
import { isAppError } from '../../../../shared/errors'
import { fakeFetch, json, netError, target } from '../workato/fake-fetch'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ec-directory-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function sink(): { events: EventSink; progress: Progress[] } {
  const progress: Progress[] = []
  return {
    progress,
    events: {
      emit(event, payload) {
        if (event === 'progress') progress.push(payload as Progress)
      },
    },
  }
}

/** `total` customers behind a fake fetch; `down()` makes every later call fail as if the API were unreachable. */
function api(total: number, delayMs = 0) {
  let isDown = false
  const f = fakeFetch(async (c, _n, signal) => {
    if (isDown) throw netError('ECONNREFUSED')
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs))
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError')
    const page = Number(c.url.searchParams.get('page'))
    const per = Number(c.url.searchParams.get('per_page'))
    const start = (page - 1) * per
    const n = Math.max(0, Math.min(per, total - start))
    return json(200, { result: Array.from({ length: n }, (_, i) => ({ id: start + i + 1, name: `C${start + i + 1}` })) })
  })
  const client = new EmbeddedApiClient({ target: target(), fetch: f.fetch, retry: { maxAttempts: 1 } })
  return { ...f, client, down: () => (isDown = true) }
}

describe('json files', () => {
  it('writes atomically (no temp files left) and reads back', async () => {
    const file = path.join(dir, 'a', 'b.json')
    await writeJsonAtomic(file, { x: 1 })
    expect(await readJsonFile(file, z.object({ x: z.number() }))).toEqual({ x: 1 })
    expect(await readdir(path.dirname(file))).toEqual(['b.json'])
  })

  it('discards a corrupt or mismatched file instead of failing', async () => {
    const file = path.join(dir, 'c.json')
    await writeFile(file, '{"x": 1, "trunc')
    expect(await readJsonFile(file, z.object({ x: z.number() }))).toBeNull()
    await expect(readFile(file)).rejects.toThrow()
    await writeFile(file, '{"x": "one"}')
    expect(await readJsonFile(file, z.object({ x: z.number() }))).toBeNull()
    expect(await readJsonFile(path.join(dir, 'missing.json'), z.object({}))).toBeNull()
  })
})

describe('DirectoryCache', () => {
  it('keeps filtered views apart and applies changes to all of them', async () => {
    const cache = new DirectoryCache(dir)
    const conn = (id: number, provider: string) => ({ id, name: `c${id}`, provider })
    await cache.writeView('p1', 5, 'connections', '', { fetchedAt: 't1', items: [conn(1, 'jira'), conn(2, 'salesforce')] })
    await cache.writeView('p1', 5, 'connections', viewKey({ provider: 'jira' }), { fetchedAt: 't2', items: [conn(1, 'jira')] })
    await cache.mapViews('p1', 5, 'connections', (items) => items.filter((c) => c.id !== 1))
    expect((await cache.readView('p1', 5, 'connections', ''))?.items.map((c) => c.id)).toEqual([2])
    expect((await cache.readView('p1', 5, 'connections', 'provider=jira'))?.items).toEqual([])
    expect(await cache.readView('p1', 6, 'connections', '')).toBeNull()
  })

  it('survives a corrupt customers file', async () => {
    await mkdir(path.join(dir, 'p1'), { recursive: true })
    await writeFile(path.join(dir, 'p1', 'customers.json'), 'not json')
    expect(await new DirectoryCache(dir).readCustomers('p1')).toBeNull()
  })

  it('viewKey is stable and ignores unset filters', () => {
    expect(viewKey({ provider: 'jira', folder_id: 3 })).toBe(viewKey({ folder_id: 3, provider: 'jira', external_id: undefined }))
    expect(viewKey({ running: undefined, stopCause: undefined })).toBe('')
    expect(viewKey(undefined)).toBe('')
  })
})

describe('CustomerDirectory', () => {
  it('refreshes with progress events, then serves from the cache with its age', async () => {
    const a = api(250)
    const { events, progress } = sink()
    const d = new CustomerDirectory({ cache: new DirectoryCache(dir), events, clientFor: async () => a.client, autoRefresh: false })
    const empty = await d.list('p1')
    expect(empty).toMatchObject({ items: [], fetchedAt: null, stale: true, error: null })
    const out = await d.refresh('p1')
    expect(out.count).toBe(250)
    expect(progress.every((p) => p.task === refreshTaskId('p1'))).toBe(true)
    expect(progress.map((p) => p.done)).toEqual([0, 100, 200, 250, 250])
    expect(progress.at(-1)).toMatchObject({ finished: true, total: 250, error: null })
    const listed = await d.list('p1')
    expect(listed.items).toHaveLength(250)
    expect(listed.stale).toBe(false)
    expect(listed.fetchedAt).toBe(out.fetchedAt)

    // A fresh process (new cache object) opens on the file alone, without any API call.
    const calls = a.calls.length
    const reopened = new CustomerDirectory({ cache: new DirectoryCache(dir), events, clientFor: async () => a.client, autoRefresh: false })
    expect((await reopened.list('p1')).items).toHaveLength(250)
    expect(a.calls.length).toBe(calls)
  })

  it('keeps the cached list when the API is down, marked stale with the error', async () => {
    const a = api(120)
    const { events, progress } = sink()
    const d = new CustomerDirectory({ cache: new DirectoryCache(dir), events, clientFor: async () => a.client, autoRefresh: false })
    await d.refresh('p1')
    a.down()
    const e = await d.refresh('p1').catch((x: unknown) => x)
    expect(isAppError(e) && e.code).toBe('network')
    expect(progress.at(-1)).toMatchObject({ finished: true })
    expect(progress.at(-1)?.error).toMatch(/Could not reach/)
    const listed = await d.list('p1')
    expect(listed.items).toHaveLength(120)
    expect(listed.stale).toBe(true)
    expect(listed.error?.code).toBe('network')
  })

  it('joins a running refresh and can be cancelled, keeping the previous list and what it read, marked partial', async () => {
    const a = api(5000, 15)
    const { events, progress } = sink()
    const cache = new DirectoryCache(dir)
    await cache.writeCustomers('p1', { fetchedAt: '2026-01-01T00:00:00.000Z', items: [{ id: 1, name: 'Old' }] })
    const d = new CustomerDirectory({ cache, events, clientFor: async () => a.client, autoRefresh: false })
    const first = d.refresh('p1')
    expect(d.refresh('p1')).toBe(first)
    setTimeout(() => d.cancel('p1'), 40)
    const e = await first.catch((x: unknown) => x)
    expect(isAppError(e) && e.code).toBe('cancelled')
    expect(progress.at(-1)).toMatchObject({ finished: true, error: 'Cancelled.' })
    const after = await d.list('p1')
    const read = Number(/after ([\d,]+) customers/.exec(progress.at(-1)?.label ?? '')?.[1]?.replace(/,/g, ''))
    expect(read).toBeGreaterThan(0)
    expect(read).toBeLessThan(5000)
    // The pages read replace the older copies; nothing read is thrown away, and the list says it is incomplete.
    expect(after.items).toHaveLength(read)
    expect(after.items[0]).toEqual({ id: 1, name: 'C1' })
    expect(after.fetchedAt).toBe('2026-01-01T00:00:00.000Z')
    expect(after.stale).toBe(true)
    expect(after.error?.message).toMatch(/^Partial: the last read was cancelled after [\d,]+ customers/)
    expect(d.isRefreshing('p1')).toBe(false)
  })

  it('starts a background refresh when the directory is old, and not again right after a failure', async () => {
    const a = api(10)
    const { events } = sink()
    const cache = new DirectoryCache(dir)
    await cache.writeCustomers('p1', { fetchedAt: '2020-01-01T00:00:00.000Z', items: [] })
    const d = new CustomerDirectory({ cache, events, clientFor: async () => a.client, ttlMs: 1000 })
    const first = await d.list('p1')
    expect(first.stale).toBe(true)
    expect(d.isRefreshing('p1')).toBe(true)
    await d.refresh('p1')
    expect((await d.list('p1')).items).toHaveLength(10)

    a.down()
    const d2 = new CustomerDirectory({ cache: new DirectoryCache(dir), events, clientFor: async () => a.client, ttlMs: 0 })
    await d2.list('p1')
    await d2.refresh('p1').catch(() => undefined)
    const calls = a.calls.length
    await d2.list('p1')
    expect(d2.isRefreshing('p1')).toBe(false)
    expect(a.calls.length).toBe(calls)
  })
})
