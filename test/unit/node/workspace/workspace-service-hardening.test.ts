/**
 * Issue 11 at the contract level: waits become `progress` events a screen can show and cancel (`waits:cancel`);
 * the client of a profile is built once (no keychain read per call) and rebuilt when the profile changes;
 * parallel folder pickers share one walk; a create whose answer was cut off is looked up, never re-sent.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Progress } from '../../../../shared/contract/app'
import { API_WAIT_TASK_PREFIX } from '../../../../shared/contract/workato'
import { createWorkspaceService } from '../../../../electron/core/workspace/workspace-service'
import type { EventSink } from '../../../../electron/core/rpc/types'
import type { ProfileAccess } from '../../../../electron/core/services'
import { isAppError } from '../../../../shared/errors'
import { fakeFetch, fastRetry, json, netError, target } from '../workato/fake-fetch'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ec-handlers-hard-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const ctx = () => ({ signal: new AbortController().signal })

function access() {
  let reads = 0
  let token = 'wrkus-token-one-123456'
  const listeners = new Set<(id: string) => void>()
  const a: ProfileAccess = {
    getProfile: () => Promise.reject(new Error('unused')),
    async apiTarget() {
      reads++
      return { ...target(), apiToken: token }
    },
    onTargetChange(l) {
      listeners.add(l)
      return () => listeners.delete(l)
    },
  }
  return {
    access: a,
    reads: () => reads,
    setToken(t: string) {
      token = t
      for (const l of listeners) l('p1')
    },
  }
}

function events() {
  const progress: Progress[] = []
  const sink: EventSink = {
    emit(event, payload) {
      if (event === 'progress') progress.push(payload as Progress)
    },
  }
  return { sink, progress }
}

const caught = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  )

describe('waits through the contract', () => {
  it('a call waiting for the rate limit emits a progress event naming the limit, and waits:cancel ends that call', async () => {
    const ev = events()
    const { fetch, calls } = fakeFetch(() => json(200, { result: [] }))
    const s = createWorkspaceService({
      profiles: access().access,
      events: ev.sink,
      dataDir: dir,
      fetch,
      rateLimits: { overrides: { connections_list: { limit: 1, windowMs: 60_000 } } },
    })
    await s.handlers['connections:list']({ profileId: 'p1', customerId: 5 }, ctx())
    const second = caught(s.handlers['connections:list']({ profileId: 'p1', customerId: 6 }, ctx()))
    await expect.poll(() => ev.progress.length).toBe(1)
    const wait = ev.progress[0]
    expect(wait?.task.startsWith(`${API_WAIT_TASK_PREFIX}p1:`)).toBe(true)
    expect(wait).toMatchObject({ finished: false, done: 0 })
    expect(wait?.total).toBeGreaterThan(50)
    expect(wait?.label).toMatch(
      /connection list calls\. Workato's limit for connection list calls is 1 call a minute, a quota shared by every admin API key/,
    )

    expect(await s.handlers['waits:cancel']({ task: wait?.task ?? '' }, ctx())).toEqual({ cancelled: true })
    const e = await second
    expect(isAppError(e) && e.code).toBe('cancelled')
    expect(ev.progress.at(-1)).toMatchObject({ task: wait?.task, finished: true })
    expect(calls).toHaveLength(1)
    // A task that has ended (or never existed) is not an error: the screen just drops its notice.
    expect(await s.handlers['waits:cancel']({ task: wait?.task ?? '' }, ctx())).toEqual({ cancelled: false })
  })
})

describe('the client per profile', () => {
  it('reads the token once for many calls, and again after the token changes', async () => {
    const a = access()
    const { fetch, calls } = fakeFetch(() => json(200, { id: 5, name: 'Acme' }))
    const s = createWorkspaceService({ profiles: a.access, events: events().sink, dataDir: dir, fetch, rateLimits: 'off' })
    for (let i = 0; i < 5; i++) await s.handlers['customers:get']({ profileId: 'p1', customerId: 5 }, ctx())
    expect(a.reads()).toBe(1)
    a.setToken('wrkus-token-two-654321')
    await s.handlers['customers:get']({ profileId: 'p1', customerId: 5 }, ctx())
    expect(a.reads()).toBe(2)
    expect(calls.at(-1)?.headers.authorization).toBe('Bearer wrkus-token-two-654321')
  })
})

describe('folder listings', () => {
  it('twenty pickers opening at once share one walk of the tree', async () => {
    const { fetch, calls } = fakeFetch((c) => {
      const parent = c.url.searchParams.get('parent_id')
      if (!parent)
        return json(200, {
          result: [
            { id: 1, name: 'A', parent_id: null },
            { id: 2, name: 'B', parent_id: null },
          ],
        })
      return json(200, { result: [] })
    })
    const s = createWorkspaceService({ profiles: access().access, events: events().sink, dataDir: dir, fetch, rateLimits: 'off' })
    const all = await Promise.all(Array.from({ length: 20 }, () => s.handlers['folders:list']({ profileId: 'p1', customerId: 5 }, ctx())))
    expect(calls).toHaveLength(3) // Home, A, B: once
    for (const r of all) expect(r.folders.map((f) => f.id)).toEqual([1, 2])
  })

  it('one picker closing does not stop the walk the others wait for', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const { fetch } = fakeFetch(async () => {
      await gate
      return json(200, { result: [] })
    })
    const s = createWorkspaceService({ profiles: access().access, events: events().sink, dataDir: dir, fetch, rateLimits: 'off' })
    const leaving = new AbortController()
    const a = caught(s.handlers['folders:list']({ profileId: 'p1', customerId: 5 }, { signal: leaving.signal }))
    const b = s.handlers['folders:list']({ profileId: 'p1', customerId: 5 }, ctx())
    leaving.abort()
    release()
    const ea = await a
    expect(isAppError(ea) && ea.code).toBe('cancelled')
    expect(await b).toEqual({ folders: [], truncated: false })
  })
})

describe('a create whose answer is cut off', () => {
  const service = (fetch: ReturnType<typeof fakeFetch>['fetch']) =>
    createWorkspaceService({ profiles: access().access, events: events().sink, dataDir: dir, fetch, rateLimits: 'off', retry: fastRetry })
  const input = { name: 'Acme', notification_email: 'ops@acme.example' }

  it('is reported as created when the customer is found by its external id, and is not sent twice', async () => {
    const { fetch, calls } = fakeFetch((c) => {
      if (c.method === 'POST') return Promise.reject(netError('ECONNRESET'))
      return json(200, { id: 77, name: 'Acme', external_id: 'acme-1' })
    })
    const r = await service(fetch).handlers['customers:create']({ profileId: 'p1', input: { ...input, external_id: 'acme-1' } }, ctx())
    expect(r).toMatchObject({ id: 77, recovered: 'Created (the response was cut off; found it by its external id acme-1).' })
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1)
    expect(calls.at(-1)?.url.pathname).toBe('/api/managed_users/Eacme-1')
  })

  it('is reported as not created (safe to retry) when no customer has the external id', async () => {
    const { fetch } = fakeFetch((c) => (c.method === 'POST' ? Promise.reject(netError('ECONNRESET')) : json(404, { message: 'Not found' })))
    const e = await caught(service(fetch).handlers['customers:create']({ profileId: 'p1', input: { ...input, external_id: 'acme-1' } }, ctx()))
    expect(isAppError(e) && e.message).toMatch(
      /^Not created: the answer to "create customer "Acme"" was cut off, and no customer has the external id acme-1\.$/,
    )
    expect(isAppError(e) && e.data.hint).toBe('Nothing was created, so it is safe to try again.')
    expect(isAppError(e) && e.data.hint).not.toMatch(/restart/)
  })

  it('a 2xx whose body cannot be read is looked up too: Workato created it, and it is not sent twice', async () => {
    const { fetch, calls } = fakeFetch((c) => {
      if (c.method === 'POST') return Promise.resolve(new Response('<html>gateway</html>', { status: 200 }))
      return json(200, { id: 78, name: 'Acme', external_id: 'acme-2' })
    })
    const r = await service(fetch).handlers['customers:create']({ profileId: 'p1', input: { ...input, external_id: 'acme-2' } }, ctx())
    expect(r).toMatchObject({ id: 78, recovered: "Created (Workato's answer could not be read; found it by its external id acme-2)." })
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1)
  })

  it('a 2xx whose body cannot be read is never reported as "not created", even when the look-up misses it', async () => {
    const { fetch } = fakeFetch((c) =>
      c.method === 'POST' ? Promise.resolve(new Response('not json', { status: 201 })) : json(404, { message: 'Not found' }),
    )
    const e = await caught(service(fetch).handlers['customers:create']({ profileId: 'p1', input: { ...input, external_id: 'acme-3' } }, ctx()))
    expect(isAppError(e) && e.message).toMatch(
      /^Could not tell whether customer "Acme" was created: .* Workato said it was created, but no customer has the external id acme-3\.$/,
    )
    expect(isAppError(e) && e.data.hint).toMatch(/^Check before retrying: search for the external id acme-3\./)
  })

  it('without an external id, finds the customer by name and recency', async () => {
    const now = new Date().toISOString()
    const { fetch } = fakeFetch((c) =>
      c.method === 'POST'
        ? Promise.reject(netError('UND_ERR_SOCKET'))
        : json(200, {
            result: [
              { id: 1, name: 'Acme', created_at: '2020-01-01T00:00:00Z' },
              { id: 9, name: 'Acme', created_at: now },
            ],
          }),
    )
    const r = await service(fetch).handlers['customers:create']({ profileId: 'p1', input }, ctx())
    expect(r).toMatchObject({ id: 9, recovered: 'Created (the response was cut off; found it by its name and creation time: customer 9).' })
  })

  it('says it could not tell, and what to search for, when the look-up fails', async () => {
    const { fetch } = fakeFetch((c) => (c.method === 'POST' ? Promise.reject(netError('ECONNRESET')) : json(401, { message: 'Unauthorized' })))
    const e = await caught(service(fetch).handlers['customers:create']({ profileId: 'p1', input }, ctx()))
    expect(isAppError(e) && e.message).toMatch(/^Could not tell whether customer "Acme" was created/)
    expect(isAppError(e) && e.data.hint).toMatch(/^Check before retrying: search for customers named "Acme" created just now\./)
  })

  it('a connection create is looked up the same way', async () => {
    const now = new Date().toISOString()
    const { fetch, calls } = fakeFetch((c) =>
      c.method === 'POST'
        ? Promise.reject(netError('ECONNRESET'))
        : json(200, {
            result: [
              { id: 3, name: 'Jira', provider: 'jira', created_at: '2020-01-01T00:00:00Z' },
              { id: 4, name: 'Jira', provider: 'jira', created_at: now },
            ],
          }),
    )
    const s = service(fetch)
    const r = await s.handlers['connections:create'](
      { profileId: 'p1', customerId: 5, input: { provider: 'jira', name: 'Jira', shell_connection: true } },
      ctx(),
    )
    expect(r).toMatchObject({
      id: 4,
      recovered: 'Created (the response was cut off; found it by its name, provider and creation time: connection 4).',
    })
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1)

    const none = fakeFetch((c) => (c.method === 'POST' ? Promise.reject(netError('ECONNRESET')) : json(200, { result: [] })))
    const e = await caught(
      service(none.fetch).handlers['connections:create']({ profileId: 'p1', customerId: 5, input: { provider: 'jira', name: 'Jira' } }, ctx()),
    )
    expect(isAppError(e) && e.message).toMatch(/^Not created: .*no such connection was created in the last minutes\.$/)
  })

  it('a create refused before it was sent (connection refused) is an ordinary error, not looked up', async () => {
    const { fetch, calls } = fakeFetch(() => Promise.reject(netError('ECONNREFUSED')))
    const e = await caught(service(fetch).handlers['customers:create']({ profileId: 'p1', input: { ...input, external_id: 'x-1' } }, ctx()))
    expect(isAppError(e) && e.code).toBe('network')
    expect(calls.every((c) => c.method === 'POST')).toBe(true)
  })
})

describe('other domains that call the API', () => {
  it('trackAll makes their waits cancellable through waits:cancel too', async () => {
    const ev = events()
    const { fetch } = fakeFetch(() => json(200, { result: [] }))
    const s = createWorkspaceService({
      profiles: access().access,
      events: ev.sink,
      dataDir: dir,
      fetch,
      rateLimits: { overrides: { connections_list: { limit: 1, windowMs: 60_000 } } },
    })
    const flows = s.trackAll({
      'flows:demo': async (req: { profileId: string; customerId: number }, c: { signal: AbortSignal }) =>
        (await s.clientFor(req.profileId)).listConnections(req.customerId, {}, c.signal),
    })
    await flows['flows:demo']({ profileId: 'p1', customerId: 1 }, ctx())
    const second = caught(flows['flows:demo']({ profileId: 'p1', customerId: 2 }, ctx()))
    await expect.poll(() => ev.progress.length).toBe(1)
    const task = ev.progress[0]?.task ?? ''
    expect(task).not.toMatch(/:background$/)
    expect(await s.handlers['waits:cancel']({ task }, ctx())).toEqual({ cancelled: true })
    const e = await second
    expect(isAppError(e) && e.code).toBe('cancelled')
  })
})
