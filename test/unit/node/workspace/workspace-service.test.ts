import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWorkspaceService } from '../../../../electron/core/workspace/workspace-service'
import type { ProfileAccess } from '../../../../electron/core/services'
import { appError, isAppError } from '../../../../shared/errors'
import { TOKEN, fakeFetch, fastRetry, json, target } from '../workato/fake-fetch'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ec-handlers-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const ctx = () => ({ signal: new AbortController().signal })

/** A profile whose token can be removed mid-test (the person deleted it); it says so, as the profile service does. */
function profiles(): { access: ProfileAccess; dropToken: () => void; targetReads: () => number } {
  let hasToken = true
  let reads = 0
  const listeners = new Set<(id: string) => void>()
  return {
    dropToken: () => {
      hasToken = false
      for (const l of listeners) l('p1')
    },
    targetReads: () => reads,
    access: {
      getProfile: () => Promise.reject(new Error('unused')),
      async apiTarget() {
        reads++
        if (!hasToken) throw appError('unauthorized', 'No API token is stored for this profile.', { hint: 'Add the API token in the profile.' })
        return target()
      },
      onTargetChange(l) {
        listeners.add(l)
        return () => listeners.delete(l)
      },
    },
  }
}

const conn = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: `c${id}`,
  provider: 'jira',
  authorization_status: 'success',
  ...extra,
})
const recipe = (id: number, running: boolean, accountId: number | null) => ({
  id,
  name: `Recipe ${id}`,
  running,
  config: [{ keyword: 'application', provider: 'jira', name: 'jira', account_id: accountId }],
})

describe('workato handlers (fake fetch)', () => {
  it('answers from the cache, stale, when the profile lost its token', async () => {
    const p = profiles()
    const { fetch } = fakeFetch(() => json(200, { result: [conn(1), conn(2)] }))
    const s = createWorkspaceService({ profiles: p.access, events: { emit: () => undefined }, dataDir: dir, fetch, autoRefresh: false })
    const live = await s.handlers['connections:list']({ profileId: 'p1', customerId: 5 }, ctx())
    expect(live).toMatchObject({ stale: false, error: null })
    p.dropToken()
    const offline = await s.handlers['connections:list']({ profileId: 'p1', customerId: 5 }, ctx())
    expect(offline).toMatchObject({ stale: true, fetchedAt: live.fetchedAt, error: { code: 'unauthorized' } })
    expect(offline.items.map((c) => c.id)).toEqual([1, 2])
  })

  it('refuses a plain disconnect of a connection running recipes use, before calling disconnect', async () => {
    const { fetch, calls } = fakeFetch((c) => {
      if (c.url.pathname.endsWith('/recipes')) return json(200, { result: [recipe(10, true, 7), recipe(11, true, 8), recipe(12, false, 7)] })
      return json(200, { result: [] })
    })
    const s = createWorkspaceService({ profiles: profiles().access, events: { emit: () => undefined }, dataDir: dir, fetch })
    const e = await s.handlers['connections:disconnect']({ profileId: 'p1', customerId: 5, connectionId: 7, force: false }, ctx()).catch(
      (x: unknown) => x,
    )
    expect(isAppError(e) && e.code).toBe('conflict')
    expect((e as Error).message).toBe('Connection 7 is used by a running recipe: "Recipe 10" (recipe 10).')
    expect(calls.some((c) => c.url.pathname.endsWith('/disconnect'))).toBe(false)
    expect(calls.find((c) => c.url.pathname.endsWith('/recipes'))?.url.searchParams.get('running')).toBe('true')

    const usage = await s.handlers['connections:usage']({ profileId: 'p1', customerId: 5, connectionId: 8 }, ctx())
    expect(usage.runningRecipes).toEqual([{ id: 11, name: 'Recipe 11' }])
  })

  it('never lets the token into an error, whatever the server echoes', async () => {
    const { fetch } = fakeFetch(() => json(500, { message: `Internal error for Authorization: Bearer ${TOKEN}`, id: 'x-1' }))
    const s = createWorkspaceService({ profiles: profiles().access, events: { emit: () => undefined }, dataDir: dir, fetch, retry: fastRetry })
    const e = await s.handlers['customers:get']({ profileId: 'p1', customerId: 5 }, ctx()).catch((x: unknown) => x)
    expect(isAppError(e)).toBe(true)
    expect(JSON.stringify(isAppError(e) ? e.data : e)).not.toContain(TOKEN)
    expect((e as Error).message).not.toContain(TOKEN)
  })
})
