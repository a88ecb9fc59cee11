/** A scripted stand-in for global fetch: each call is recorded and answered by the test's responder. */
import type { FetchLike } from '../../../../electron/core/workato/http'
import type { ApiTarget } from '../../../../electron/core/services'

export interface RecordedCall {
  method: string
  url: URL
  headers: Record<string, string>
  body: unknown
}

export type Responder = (call: RecordedCall, n: number, signal: AbortSignal | null | undefined) => Promise<Response> | Response

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}

/** An error shaped like undici's `fetch failed` with a system error code on `cause`. */
export function netError(code: string): Error {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code })
  return new TypeError('fetch failed', { cause })
}

/** Resolves never, rejects with AbortError when the signal fires (what fetch does). */
export function hang(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')), { once: true })
  })
}

export function fakeFetch(responder: Responder): { fetch: FetchLike; calls: RecordedCall[] } {
  const calls: RecordedCall[] = []
  const fetch: FetchLike = async (input, init) => {
    const headers: Record<string, string> = {}
    new Headers(init.headers).forEach((v, k) => (headers[k] = v))
    const call: RecordedCall = {
      method: init.method ?? 'GET',
      url: new URL(input),
      headers,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    }
    calls.push(call)
    return responder(call, calls.length, init.signal)
  }
  return { fetch, calls }
}

export const TOKEN = 'wrkaus-test-7f3a9c1d2e4b5a6f'

export function target(origin = 'https://api.test.example'): ApiTarget {
  return { profileId: 'p1', apiOrigin: origin, appOrigin: origin, apiToken: TOKEN }
}

/** A retry policy that keeps unit tests fast. */
export const fastRetry = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4 }
