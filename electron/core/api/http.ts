/**
 * One Embedded API call over global fetch: Bearer auth, per-family pacing, a 40 s timeout per attempt
 * (reference §6.2), retries that never repeat a call Workato may already have acted on, cancellation, and
 * responses parsed with zod. Everything that goes wrong comes out as an AppError with the token scrubbed.
 */
import type { z } from 'zod'
import { describeZodError, isAppError } from '../../../shared/errors'
import type { ApiTarget } from '../services'
import {
  badResponseError,
  cancelledError,
  errorFromResponse,
  failedBeforeSend,
  networkError,
  parseBody,
  scrub,
  timeoutError,
  type CallInfo,
} from './api-errors'
import { classify } from './families'
import type { RateLimiter } from './rate-limiter'
import { backoffDelay, defaultRetryPolicy, parseRetryAfter, sleep, type RetryPolicy } from './retry'

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[]

export interface HttpOptions {
  target: ApiTarget
  fetch?: FetchLike
  /** The profile's limiter; omit for none. */
  limiter?: RateLimiter | null
  /** Per attempt. Workato itself cuts requests at 40 s. */
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  random?: () => number
  /** Called before each retry (tests, logs, the bench's failed-call count). */
  onRetry?: (info: { method: string; path: string; attempt: number; delayMs: number; reason: string }) => void
}

export interface RequestSpec<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** After `/api`, e.g. `/managed_users/42/connections`. Segments must already be encoded. */
  path: string
  query?: Record<string, QueryValue>
  body?: unknown
  /** Bytes sent as `application/octet-stream` instead of a JSON body (RLCM imports, §5.2). */
  rawBody?: Uint8Array<ArrayBuffer>
  schema: S
  /**
   * Safe to send twice. Only idempotent calls are retried after they may have reached Workato (5xx, resets,
   * timeouts of the connection); the others only on 429 and on a refused connection.
   */
  idempotent: boolean
  signal?: AbortSignal
}

export const DEFAULT_TIMEOUT_MS = 40_000
const RETRY_STATUSES = new Set([429, 502, 503, 504])

export class ApiHttp {
  readonly target: ApiTarget
  private readonly fetchFn: FetchLike
  private readonly limiter: RateLimiter | null
  private readonly timeoutMs: number
  private readonly policy: RetryPolicy
  private readonly random: () => number
  private readonly onRetry: HttpOptions['onRetry']

  constructor(opts: HttpOptions) {
    this.target = opts.target
    this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init))
    this.limiter = opts.limiter ?? null
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.policy = { ...defaultRetryPolicy, ...opts.retry }
    this.random = opts.random ?? Math.random
    this.onRetry = opts.onRetry
  }

  get secrets(): readonly string[] {
    return [this.target.apiToken]
  }

  async request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    const origin = this.target.apiOrigin.replace(/\/+$/, '')
    const apiPath = `/api${spec.path}`
    const url = `${origin}${apiPath}${buildQuery(spec.query)}`
    const call: CallInfo = { method: spec.method, path: apiPath, origin, secrets: this.secrets }
    const family = classify(spec.method, spec.path)
    const signal = spec.signal

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw cancelledError()
      if (this.limiter) await this.limiter.acquire(family, signal)
      const canRetry = attempt + 1 < this.policy.maxAttempts
      let res: Response
      let text: string
      const ctrl = new AbortController()
      let timedOut = false
      const onAbort = () => ctrl.abort()
      signal?.addEventListener('abort', onAbort, { once: true })
      const timer = setTimeout(() => {
        timedOut = true
        ctrl.abort()
      }, this.timeoutMs)
      try {
        res = await this.fetchFn(url, {
          method: spec.method,
          headers: {
            Authorization: `Bearer ${this.target.apiToken}`,
            Accept: 'application/json',
            ...(spec.rawBody !== undefined
              ? { 'Content-Type': 'application/octet-stream' }
              : spec.body !== undefined
                ? { 'Content-Type': 'application/json' }
                : {}),
          },
          ...(spec.rawBody !== undefined ? { body: spec.rawBody } : spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
          signal: ctrl.signal,
        })
        text = await res.text()
      } catch (e) {
        if (signal?.aborted) throw cancelledError()
        // A timed-out call is not retried: Workato has already spent its own 40 s on it, and the person is waiting.
        if (timedOut) throw timeoutError(call, this.timeoutMs)
        if (isAppError(e)) throw scrub(e, this.secrets)
        if (canRetry && (spec.idempotent || failedBeforeSend(e))) {
          await this.backoff(spec, attempt, null, `network: ${String((e as Error).message ?? e)}`)
          continue
        }
        throw networkError(call, e)
      } finally {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }

      if (res.ok) return this.parse(spec, call, text)

      const body = parseBody(text)
      if (RETRY_STATUSES.has(res.status)) {
        // 429 means Workato refused the call without acting on it, so even a POST may be sent again.
        const retryable = res.status === 429 || spec.idempotent
        const retryAfter = parseRetryAfter(res.headers.get('retry-after'))
        if (res.status === 429 && this.limiter) {
          // Hold every call of this family, not just this one: the quota is shared by the whole account.
          this.limiter.pause(family, retryAfter ?? backoffDelay(this.policy, attempt, this.random))
        }
        const tooLong = retryAfter !== null && retryAfter > this.policy.maxRetryAfterMs
        if (retryable && canRetry && !tooLong) {
          await this.backoff(spec, attempt, retryAfter, `HTTP ${res.status}`)
          continue
        }
      }
      throw errorFromResponse(res.status, body, call, res.status === 429 && this.limiter ? this.limiter.describe(family) : null)
    }
  }

  private parse<S extends z.ZodType>(spec: RequestSpec<S>, call: CallInfo, text: string): z.output<S> {
    const body = text ? parseBody(text) : null
    if (text && typeof body === 'string') throw badResponseError(call, 'the body is not JSON')
    const parsed = spec.schema.safeParse(body)
    if (!parsed.success) throw badResponseError(call, describeZodError(parsed.error))
    return parsed.data
  }

  private async backoff(spec: RequestSpec<z.ZodType>, attempt: number, retryAfterMs: number | null, reason: string): Promise<void> {
    const delayMs = retryAfterMs ?? backoffDelay(this.policy, attempt, this.random)
    this.onRetry?.({ method: spec.method, path: spec.path, attempt: attempt + 1, delayMs, reason })
    await sleep(delayMs, spec.signal)
  }
}

/** `?a=1&includes[]=tags`; undefined/null values are left out; arrays repeat the key (Rails style). */
export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return ''
  const sp = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue
    if (Array.isArray(v)) for (const item of v) sp.append(k, String(item))
    else sp.append(k, String(v))
  }
  const s = sp.toString()
  return s ? `?${s}` : ''
}
