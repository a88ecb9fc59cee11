import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { ApiHttp, buildQuery } from '../../../../electron/core/workato/http'
import { CallPacer } from '../../../../electron/core/workato/call-pacer'
import { parseRetryAfter, backoffDelay, defaultRetryPolicy } from '../../../../electron/core/workato/retry'
import { TOKEN, fakeFetch, fastRetry, hang, json, netError, target } from './fake-fetch'
import { failure } from '../../../support/app-error'

const any = z.unknown()
const item = z.object({ id: z.number() })

describe('ApiHttp', () => {
  it('sends the Bearer token, JSON body and query, and parses the response with the schema', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { id: 7 }))
    const http = new ApiHttp({ target: target(), fetch })
    const out = await http.request({
      method: 'POST',
      path: '/managed_users',
      body: { name: 'A' },
      query: { 'includes[]': ['tags'], x: undefined },
      schema: item,
      idempotent: false,
    })
    expect(out).toEqual({ id: 7 })
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(calls[0]?.headers['content-type']).toBe('application/json')
    expect(calls[0]?.url.pathname).toBe('/api/managed_users')
    expect(calls[0]?.url.searchParams.getAll('includes[]')).toEqual(['tags'])
    expect(calls[0]?.url.searchParams.has('x')).toBe(false)
    expect(calls[0]?.body).toEqual({ name: 'A' })
  })

  it('maps 401 to unauthorized with a hint, and never leaks the token even when the server echoes it', async () => {
    const { fetch } = fakeFetch(() => json(401, { message: `Unauthorized: token ${TOKEN} is invalid` }))
    const http = new ApiHttp({ target: target(), fetch })
    const e = await failure(http.request({ method: 'GET', path: '/managed_users', schema: any, idempotent: true }))
    expect(e.code).toBe('unauthorized')
    expect(e.data.status).toBe(401)
    expect(e.data.hint).toMatch(/Customer workspaces privilege/)
    expect(JSON.stringify(e.data)).not.toContain(TOKEN)
    expect(e.message).not.toContain(TOKEN)
    expect(e.message).toContain('[redacted]')
  })

  it("keeps Workato's message and errors map on a validation failure", async () => {
    const { fetch } = fakeFetch(() =>
      json(400, { message: 'Validation failed', errors: { name: ["can't be blank"], provider: ['is not included in the list'] } }),
    )
    const http = new ApiHttp({ target: target(), fetch })
    const e = await failure(http.request({ method: 'POST', path: '/managed_users/1/connections', body: {}, schema: any, idempotent: false }))
    expect(e.code).toBe('validation')
    expect(e.message).toContain("Validation failed: name can't be blank; provider is not included in the list")
    expect(e.data.details).toMatchObject({ errors: { name: ["can't be blank"] } })
  })

  it('maps 404 to not_found naming the resource, and 500 to api_error with the correlation id', async () => {
    const { fetch } = fakeFetch((c) =>
      c.url.pathname.includes('recipes') ? json(404, { message: 'Not found' }) : json(500, { message: 'Server error', id: 'abc-123' }),
    )
    const http = new ApiHttp({ target: target(), fetch, retry: fastRetry })
    const nf = await failure(http.request({ method: 'GET', path: '/managed_users/1/recipes/9', schema: any, idempotent: true }))
    expect(nf.code).toBe('not_found')
    expect(nf.data.hint).toMatch(/recipe was not found/)
    const se = await failure(http.request({ method: 'GET', path: '/managed_users/1', schema: any, idempotent: true }))
    expect(se.code).toBe('api_error')
    expect(se.data.status).toBe(500)
    expect(se.data.details).toMatchObject({ correlationId: 'abc-123' })
  })

  it('retries 429 after the Retry-After delay, and pauses the family in the limiter', async () => {
    // A fake clock (it drives the limiter's pause and the retry wait): the retry goes out at 1 s exactly, not before.
    vi.useFakeTimers()
    try {
      const retries: number[] = []
      const { fetch, calls } = fakeFetch((_c, n) =>
        n === 1 ? json(429, { message: 'slow down' }, { 'Retry-After': '1' }) : json(200, { result: [] }),
      )
      const limiter = new CallPacer('documented')
      const http = new ApiHttp({ target: target(), fetch, limiter, retry: fastRetry, onRetry: (r) => retries.push(r.delayMs) })
      const done = http.request({ method: 'GET', path: '/managed_users', schema: any, idempotent: true })
      await vi.advanceTimersByTimeAsync(999)
      expect(calls).toHaveLength(1)
      expect(limiter.available('customers')).toBe(0)
      await vi.advanceTimersByTimeAsync(1)
      await done
      expect(calls).toHaveLength(2)
      expect(retries).toEqual([1000])
    } finally {
      vi.useRealTimers()
    }
  })

  it('gives up on 429 after the last attempt with rate_limited and a hint about the shared limit', async () => {
    const { fetch, calls } = fakeFetch(() => json(429, { message: 'Rate limit exceeded' }))
    const http = new ApiHttp({ target: target(), fetch, limiter: new CallPacer('documented'), retry: fastRetry })
    const e = await failure(http.request({ method: 'GET', path: '/managed_users', schema: any, idempotent: true }))
    expect(e.code).toBe('rate_limited')
    expect(calls).toHaveLength(fastRetry.maxAttempts)
    expect(e.data.hint).toMatch(/limit for customer list\/get\/update calls is 60 calls a minute/)
  })

  it('retries a GET on 500, 502, 503, 504 and on a reset connection (issue 11: 500s were never retried)', async () => {
    const answers = [() => json(500, {}), () => json(502, {}), () => json(503, {}), () => json(504, {}), () => Promise.reject(netError('ECONNRESET'))]
    const { fetch, calls } = fakeFetch((_c, n) => answers[n - 1]?.() ?? json(200, { ok: 1 }))
    const http = new ApiHttp({ target: target(), fetch, retry: { ...fastRetry, maxAttempts: 6 } })
    await expect(http.request({ method: 'GET', path: '/managed_users/1', schema: any, idempotent: true })).resolves.toEqual({ ok: 1 })
    expect(calls).toHaveLength(6)
  })

  it('gives up on a failing GET after the bounded number of attempts, with the last error', async () => {
    const f500 = fakeFetch(() => json(500, { message: 'Server error', id: 'c-9' }))
    const http500 = new ApiHttp({ target: target(), fetch: f500.fetch, retry: fastRetry })
    const e = await failure(http500.request({ method: 'GET', path: '/managed_users/1', schema: any, idempotent: true }))
    expect(f500.calls).toHaveLength(fastRetry.maxAttempts)
    expect(e.data).toMatchObject({ code: 'api_error', status: 500, correlationId: 'c-9' })
  })

  it('never retries a write on a 5xx, not even one marked idempotent (a PUT may have landed)', async () => {
    for (const status of [500, 502, 503, 504]) {
      const { fetch, calls } = fakeFetch(() => json(status, {}))
      const http = new ApiHttp({ target: target(), fetch, retry: fastRetry })
      await failure(http.request({ method: 'PUT', path: '/managed_users/1', body: { name: 'x' }, schema: any, idempotent: true }))
      expect(calls).toHaveLength(1)
    }
  })

  it('stops retrying a GET when its signal is aborted during the backoff', async () => {
    const ctrl = new AbortController()
    const { fetch, calls } = fakeFetch(() => {
      queueMicrotask(() => ctrl.abort())
      return json(503, {})
    })
    const http = new ApiHttp({ target: target(), fetch, retry: { ...fastRetry, baseDelayMs: 60_000, maxDelayMs: 60_000 }, random: () => 1 })
    const e = await failure(http.request({ method: 'GET', path: '/managed_users/1', schema: any, idempotent: true, signal: ctrl.signal }))
    expect(e.code).toBe('cancelled')
    expect(calls).toHaveLength(1)
  })

  it('never repeats a non-idempotent call that may have reached Workato', async () => {
    for (const answer of [() => json(503, {}), () => json(502, {}), () => Promise.reject(netError('ECONNRESET'))]) {
      const { fetch, calls } = fakeFetch(answer)
      const http = new ApiHttp({ target: target(), fetch, retry: fastRetry })
      const e = await failure(http.request({ method: 'POST', path: '/managed_users', body: { name: 'x' }, schema: any, idempotent: false }))
      expect(calls).toHaveLength(1)
      expect(['api_error', 'network']).toContain(e.code)
    }
  })

  it('retries a non-idempotent call on 429 and on a refused connection (it never reached Workato)', async () => {
    const { fetch, calls } = fakeFetch((_c, n) =>
      n === 1 ? Promise.reject(netError('ECONNREFUSED')) : n === 2 ? json(429, {}, { 'Retry-After': '0' }) : json(200, { id: 1 }),
    )
    const http = new ApiHttp({ target: target(), fetch, retry: fastRetry })
    await http.request({ method: 'POST', path: '/managed_users', body: {}, schema: item, idempotent: false })
    expect(calls).toHaveLength(3)
  })

  it('reports a refused connection as network with a hint, after retrying', async () => {
    const { fetch, calls } = fakeFetch(() => Promise.reject(netError('ECONNREFUSED')))
    const http = new ApiHttp({ target: target('http://127.0.0.1:9'), fetch, retry: fastRetry })
    const e = await failure(http.request({ method: 'GET', path: '/managed_users', schema: any, idempotent: true }))
    expect(e.code).toBe('network')
    expect(e.message).toContain('ECONNREFUSED')
    expect(e.data.hint).toMatch(/restart the app/) // the fake target is on loopback, like the built-in Sandbox
    expect(calls).toHaveLength(fastRetry.maxAttempts)
  })

  it('times out an attempt after timeoutMs and does not retry it', async () => {
    const { fetch, calls } = fakeFetch((_c, _n, signal) => hang(signal))
    const http = new ApiHttp({ target: target(), fetch, timeoutMs: 60, retry: fastRetry })
    const e = await failure(http.request({ method: 'GET', path: '/managed_users', schema: any, idempotent: true }))
    expect(e.code).toBe('timeout')
    expect(e.data.hint).toMatch(/40 s/)
    // Not retried: one attempt only (a retry would be a second call; the call itself is bounded by the test timeout).
    expect(calls).toHaveLength(1)
  })

  it('cancels in flight and during a backoff wait', async () => {
    const { fetch } = fakeFetch((_c, _n, signal) => hang(signal))
    const http = new ApiHttp({ target: target(), fetch })
    const ctrl = new AbortController()
    const p = http.request({ method: 'GET', path: '/managed_users', schema: any, idempotent: true, signal: ctrl.signal })
    setTimeout(() => ctrl.abort(), 20)
    expect((await failure(p)).code).toBe('cancelled')

    // Cancelled while it waits out a 30 s Retry-After: the abort comes once the wait has started, and the call
    // ends without a second attempt (a 30 s wait would also outlast the test timeout).
    const slow = fakeFetch(() => json(429, {}, { 'Retry-After': '30' }))
    const ctrl2 = new AbortController()
    const waits: string[] = []
    const http2 = new ApiHttp({
      target: target(),
      fetch: slow.fetch,
      onWait: (w) => {
        waits.push(w.kind)
        setTimeout(() => ctrl2.abort(), 0)
        return () => waits.push('ended')
      },
    })
    const p2 = http2.request({ method: 'GET', path: '/managed_users', schema: any, idempotent: true, signal: ctrl2.signal })
    expect((await failure(p2)).code).toBe('cancelled')
    expect(waits).toEqual(['retry_after', 'ended'])
    expect(slow.calls).toHaveLength(1)
  })

  it('rejects a body that does not match the schema as validation, naming the field', async () => {
    const { fetch } = fakeFetch(() => json(200, { id: 'seven' }))
    const http = new ApiHttp({ target: target(), fetch })
    const e = await failure(http.request({ method: 'GET', path: '/managed_users/1', schema: item, idempotent: true }))
    expect(e.code).toBe('validation')
    expect(e.message).toMatch(/^Workato answered GET \/api\/managed_users\/1 with data the console does not understand: id:/)
  })

  it('fails fast when Retry-After asks for longer than the policy waits', async () => {
    const { fetch, calls } = fakeFetch(() => json(429, {}, { 'Retry-After': '3600' }))
    const http = new ApiHttp({ target: target(), fetch })
    const e = await failure(http.request({ method: 'GET', path: '/managed_users', schema: any, idempotent: true }))
    expect(e.code).toBe('rate_limited')
    expect(calls).toHaveLength(1)
  })
})

describe('retry arithmetic', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7000)
    const now = Date.parse('2026-11-21T00:00:00Z')
    expect(parseRetryAfter('Sat, 21 Nov 2026 00:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Fri, 20 Nov 2026 23:59:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon')).toBeNull()
    expect(parseRetryAfter(null)).toBeNull()
  })

  it('uses full jitter under a capped exponential ceiling', () => {
    const p = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 }
    expect(backoffDelay(p, 0, () => 1)).toBe(100)
    expect(backoffDelay(p, 3, () => 1)).toBe(800)
    expect(backoffDelay(p, 10, () => 1)).toBe(1000)
    expect(backoffDelay(p, 10, () => 0)).toBe(0)
    expect(backoffDelay(p, 2, () => 0.5)).toBe(200)
  })

  it('builds Rails-style queries', () => {
    expect(buildQuery({ a: 1, 'includes[]': ['tags'], b: undefined, c: null, d: false })).toBe('?a=1&includes%5B%5D=tags&d=false')
    expect(buildQuery({})).toBe('')
  })
})
