/**
 * Issue 11, defect 2 and "bounded by design": every wait of the API client says what it waits for (family,
 * documented limit, that the quota is shared by every admin key), how long, and ends when the call is cancelled;
 * a Retry-After beyond the cap fails at once, for the call that got it and for later calls of the family.
 * The limiter runs on an injected clock, so nothing here depends on wall-clock time.
 */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ApiHttp, type ApiWait } from '../../../../electron/core/workato/http'
import { CallPacer } from '../../../../electron/core/workato/call-pacer'
import { failure } from '../../../support/app-error'
import { fakeFetch, fastRetry, json, target } from './fake-fetch'

const any = z.unknown()

function clock() {
  let t = 1_000_000
  return { now: () => t, advance: (ms: number) => void (t += ms) }
}

function recorder() {
  const waits: ApiWait[] = []
  const ended: ApiWait[] = []
  return {
    waits,
    ended,
    onWait: (w: ApiWait) => {
      waits.push(w)
      return () => void ended.push(w)
    },
  }
}

describe('a Retry-After beyond the cap', () => {
  it('fails the call at once, naming the family, its documented limit, the wait asked for and the shared quota', async () => {
    const c = clock()
    const limiter = new CallPacer('documented', { now: c.now })
    const { fetch, calls } = fakeFetch(() => json(429, { message: 'Rate limit exceeded' }, { 'Retry-After': '120' }))
    const http = new ApiHttp({ target: target(), fetch, limiter, retry: fastRetry })
    const e = await failure(http.request({ method: 'GET', path: '/managed_users/5/folders', schema: any, idempotent: true }))
    expect(calls).toHaveLength(1)
    expect(e.code).toBe('rate_limited')
    expect(e.message).toMatch(/too many folder calls/)
    expect(e.message).toMatch(/wait 120 s/)
    expect(e.data.hint).toMatch(/limit for folder calls is 60 calls a minute, a quota/)
    expect(e.data.hint).toMatch(/shared by every admin API key of the partner account/)
    expect(e.data.details).toMatchObject({ family: 'folders', retryAfterMs: 120_000 })
  })

  it('does not hold the family afterwards: the next call is sent once, and answers as soon as the API has recovered', async () => {
    const c = clock()
    const limiter = new CallPacer('documented', { now: c.now })
    const { fetch, calls } = fakeFetch((_call, n) => (n === 1 ? json(429, {}, { 'Retry-After': '120' }) : json(200, { result: [] })))
    const rec = recorder()
    const http = new ApiHttp({ target: target(), fetch, limiter, retry: fastRetry, onWait: rec.onWait })
    await failure(http.request({ method: 'GET', path: '/managed_users/5/folders', schema: any, idempotent: true }))
    c.advance(10_000)
    await http.request({ method: 'GET', path: '/managed_users/6/folders', schema: any, idempotent: true })
    expect(calls).toHaveLength(2) // sent at once, 110 s before the Retry-After ran out
    expect(rec.waits).toHaveLength(0) // and nothing waited
  })

  it('while Workato still refuses, each later call fails just as fast, with one request and no retry', async () => {
    const c = clock()
    const limiter = new CallPacer('documented', { now: c.now })
    const { fetch, calls } = fakeFetch(() => json(429, {}, { 'Retry-After': '120' }))
    const rec = recorder()
    const http = new ApiHttp({ target: target(), fetch, limiter, retry: fastRetry, onWait: rec.onWait })
    await failure(http.request({ method: 'GET', path: '/managed_users/5/folders', schema: any, idempotent: true }))
    c.advance(10_000)
    const e = await failure(http.request({ method: 'GET', path: '/managed_users/6/folders', schema: any, idempotent: true }))
    expect(calls).toHaveLength(2)
    expect(rec.waits).toHaveLength(0)
    expect(e.code).toBe('rate_limited')
    expect(e.message).toMatch(/wait 120 s/)
  })

  it('a Retry-After within the cap holds the family: a later call waits visibly and can be cancelled', async () => {
    const c = clock()
    const limiter = new CallPacer('documented', { now: c.now })
    const { fetch, calls } = fakeFetch((_call, n) => (n === 1 ? json(429, {}, { 'Retry-After': '40' }) : json(200, { result: [] })))
    const rec = recorder()
    const http = new ApiHttp({ target: target(), fetch, limiter, retry: { ...fastRetry, maxAttempts: 1 }, onWait: rec.onWait })
    await failure(http.request({ method: 'GET', path: '/managed_users/5/folders', schema: any, idempotent: true }))
    c.advance(10_000)
    const ctrl = new AbortController()
    const pending = failure(http.request({ method: 'GET', path: '/managed_users/5/folders', schema: any, idempotent: true, signal: ctrl.signal }))
    expect(rec.waits).toHaveLength(1)
    expect(rec.waits[0]).toMatchObject({ kind: 'retry_after', family: 'folders', delayMs: 30_000 })
    expect(rec.waits[0]?.label).toMatch(/^Waiting 30 s: Workato answered 429 \(too many folder calls\)/)
    expect(rec.waits[0]?.label).toMatch(/shared by every admin API key/)
    ctrl.abort()
    expect((await pending).code).toBe('cancelled')
    expect(rec.ended).toHaveLength(1) // the screen's wait notice goes away
    expect(calls).toHaveLength(1)
  })
})

describe('waits within the cap are reported', () => {
  it('a call queued behind the family limit says how long and for which limit; cancel ends it', async () => {
    const c = clock()
    const limiter = new CallPacer({ overrides: { folders: { limit: 1, windowMs: 60_000 } } }, { now: c.now, marginMs: 0 })
    const { fetch, calls } = fakeFetch(() => json(200, { result: [] }))
    const rec = recorder()
    const http = new ApiHttp({ target: target(), fetch, limiter, retry: fastRetry, onWait: rec.onWait })
    await http.request({ method: 'GET', path: '/managed_users/5/folders', schema: any, idempotent: true })
    c.advance(20_000)
    const ctrl = new AbortController()
    const pending = failure(http.request({ method: 'GET', path: '/managed_users/5/folders', schema: any, idempotent: true, signal: ctrl.signal }))
    expect(rec.waits[0]).toMatchObject({ kind: 'queue', family: 'folders', delayMs: 40_000 })
    expect(rec.waits[0]?.label).toMatch(
      /^Waiting 40 s for a free slot under Workato's limit on folder calls\. Workato's limit for folder calls is 1 call a minute/,
    )
    ctrl.abort()
    expect((await pending).code).toBe('cancelled')
    expect(rec.ended).toHaveLength(1)
    expect(calls).toHaveLength(1)
  })

  it('the pause before retrying a 5xx read says what failed and which attempt comes next', async () => {
    const { fetch } = fakeFetch((_call, n) => (n === 1 ? json(503, {}) : json(200, { ok: true })))
    const rec = recorder()
    const http = new ApiHttp({ target: target(), fetch, retry: fastRetry, onWait: rec.onWait, random: () => 0.5 })
    await http.request({ method: 'GET', path: '/managed_users/5', schema: any, idempotent: true })
    expect(rec.waits).toHaveLength(1)
    expect(rec.waits[0]).toMatchObject({ kind: 'backoff', family: 'customers' })
    expect(rec.waits[0]?.label).toMatch(/before trying GET \/api\/managed_users\/5 again \(HTTP 503; attempt 2 of 4\)/)
    expect(rec.ended).toHaveLength(1)
  })
})
