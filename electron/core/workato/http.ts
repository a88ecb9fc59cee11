/**
 * One Embedded API call over global fetch: Bearer auth, per-family pacing, a 40 s timeout per attempt
 * (reference §6.2), retries that never repeat a call Workato may already have acted on, cancellation, and
 * responses parsed with zod. Everything that goes wrong comes out as an AppError with the token scrubbed.
 *
 * Every wait is bounded and visible: a queue or Retry-After wait, and the pause before a retry, are reported
 * through `onWait` (what we wait for, how long) and end when the call's AbortSignal fires; a Retry-After longer
 * than the policy's cap is not waited for at all: the call fails at once and says why.
 */
import type { z } from 'zod'
import { appError, describeZodError, isAppError, type AppError } from '../../../shared/errors'
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
  unsendableToken,
  type CallInfo,
} from './api-errors'
import { hasControlCharacters } from '../../../shared/redact'
import { classify, familyLabels, type RateFamily } from './families'
import { describeLimit, type CallPacer } from './call-pacer'
import { backoffDelay, defaultRetryPolicy, parseRetryAfter, sleep, type RetryPolicy } from './retry'

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[]

export interface HttpOptions {
  target: ApiTarget
  fetch?: FetchLike
  /** The profile's limiter; omit for none. */
  limiter?: CallPacer | null
  /** Per attempt. Workato itself cuts requests at 40 s. */
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  random?: () => number
  /** Called before each retry (tests, logs, the bench's failed-call count). */
  onRetry?: (info: { method: string; path: string; attempt: number; delayMs: number; reason: string }) => void
  /**
   * Called when a call is about to wait (rate-limit queue, Retry-After, backoff before a retry); the function it
   * may return is called when that wait ends, however it ends. The UI shows `label` next to its spinner.
   */
  onWait?: (wait: ApiWait) => (() => void) | void
  /** What the console is doing when a call is made ("Directory refresh"), for the budget snapshot's "who waits". */
  activity?: () => string | undefined
}

/** One wait a person may be looking at: what for, how long, and the family's documented limit. */
export interface ApiWait {
  kind: 'queue' | 'retry_after' | 'backoff'
  family: RateFamily
  method: string
  path: string
  delayMs: number
  /** One sentence, e.g. "Waiting 23 s for Workato's limit on folder calls: Workato's limit for folder calls is 60 calls a minute …". */
  label: string
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
  /** Per attempt, instead of the client's: the connection test answers within 15 s or says so. */
  timeoutMs?: number
  /**
   * At most this many attempts, instead of the policy's: the connection test asks once, because a person is
   * waiting for its verdict and a retry would only hide what is wrong for longer.
   */
  maxAttempts?: number
}

export const DEFAULT_TIMEOUT_MS = 40_000
/** 429 means "not done, try later"; the 5xx are retried only for reads (a write may have landed before the error). */
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504])

export class ApiHttp {
  readonly target: ApiTarget
  private readonly fetchFn: FetchLike
  private readonly limiter: CallPacer | null
  private readonly timeoutMs: number
  private readonly policy: RetryPolicy
  private readonly random: () => number
  private readonly onRetry: HttpOptions['onRetry']
  private readonly onWait: HttpOptions['onWait']
  private readonly activity: HttpOptions['activity']

  constructor(opts: HttpOptions) {
    this.target = opts.target
    this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init))
    this.limiter = opts.limiter ?? null
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.policy = { ...defaultRetryPolicy, ...opts.retry }
    this.random = opts.random ?? Math.random
    this.onRetry = opts.onRetry
    this.onWait = opts.onWait
    this.activity = opts.activity
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
    // A read can be sent again after it may have reached Workato; a write never blindly (it may have landed).
    const repeatable = spec.method === 'GET' && spec.idempotent
    // fetch refuses such a header with a message that quotes it: say what is wrong instead (see shared/redact.ts).
    if (hasControlCharacters(this.target.apiToken)) throw unsendableToken()
    const timeoutMs = spec.timeoutMs ?? this.timeoutMs

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw cancelledError()
      if (this.limiter) await this.acquire(family, spec)
      const canRetry = attempt + 1 < Math.min(spec.maxAttempts ?? this.policy.maxAttempts, this.policy.maxAttempts)
      let res: Response
      let text: string
      const ctrl = new AbortController()
      let timedOut = false
      const onAbort = () => ctrl.abort()
      signal?.addEventListener('abort', onAbort, { once: true })
      const timer = setTimeout(() => {
        timedOut = true
        ctrl.abort()
      }, timeoutMs)
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
        if (timedOut) throw timeoutError(call, timeoutMs)
        if (isAppError(e)) throw scrub(e, this.secrets)
        if (canRetry && (repeatable || failedBeforeSend(e))) {
          await this.backoff(spec, family, attempt, null, `network: ${String((e as Error).message ?? e)}`)
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
        const retryable = res.status === 429 || repeatable
        const retryAfter = parseRetryAfter(res.headers.get('retry-after'))
        // A Retry-After beyond the cap fails this call at once and does NOT hold the family: holding it would
        // refuse (or park) every later call for minutes even after the API recovered. Each later call is sent
        // once; while Workato still refuses, it fails just as fast with the same sentence, and it is never
        // retried, so the console adds at most one request per action to a quota that is already spent.
        if (res.status === 429 && retryAfter !== null && retryAfter > this.policy.maxRetryAfterMs) {
          throw this.longWaitError(family, call, retryAfter)
        }
        if (res.status === 429 && this.limiter) {
          // Hold every call of this family, not just this one: the quota is shared by the whole account.
          this.limiter.pause(family, retryAfter ?? backoffDelay(this.policy, attempt, this.random))
        }
        if (retryable && canRetry) {
          await this.backoff(spec, family, attempt, retryAfter, `HTTP ${res.status}`)
          continue
        }
      }
      throw errorFromResponse(res.status, body, call, res.status === 429 ? this.describeFamily(family) : null, res.headers)
    }
  }

  private describeFamily(family: RateFamily): string {
    return this.limiter ? this.limiter.describe(family) : describeLimit(family, null)
  }

  /** Waits for the family's limiter (its window, or a Retry-After within the cap), reporting the wait. */
  private async acquire(family: RateFamily, spec: RequestSpec<z.ZodType>): Promise<void> {
    const limiter = this.limiter
    if (!limiter) return
    const what = this.activity?.()
    const caller = `${what ? `${what}: ` : ''}${spec.method} /api${spec.path}`
    await limiter.acquire(
      family,
      spec.signal,
      (waitMs, reason) =>
        this.onWait?.({
          kind: reason === 'paused' ? 'retry_after' : 'queue',
          family,
          method: spec.method,
          path: spec.path,
          delayMs: waitMs,
          label:
            reason === 'paused'
              ? `Waiting ${seconds(waitMs)} s: Workato answered 429 (too many ${familyLabels[family]}) and asked the console to hold off. ${this.describeFamily(family)}`
              : `Waiting ${seconds(waitMs)} s for a free slot under Workato's limit on ${familyLabels[family]}. ${this.describeFamily(family)}`,
        }),
      caller,
    )
  }

  /**
   * A Retry-After beyond the cap fails at once, instead of parking this and every later call of the family in
   * silence: the person learns which limit, how long Workato asked for, and that other keys share the quota.
   */
  private longWaitError(family: RateFamily, call: CallInfo, waitMs: number): AppError {
    const label = familyLabels[family]
    const message = `Workato answered 429 (too many ${label}) and asked the console to wait ${seconds(waitMs)} s before the next one, longer than the ${seconds(this.policy.maxRetryAfterMs)} s it waits by itself (${call.method} ${call.path}).`
    return scrub(
      appError('rate_limited', message, {
        status: 429,
        hint: `${this.describeFamily(family)} Another tool or script using the account may be spending it. Try again in ${seconds(waitMs)} s.`,
        details: { method: call.method, path: call.path, family, retryAfterMs: waitMs, limit: this.limiter?.limitOf(family) ?? null },
      }),
      call.secrets,
    )
  }

  private parse<S extends z.ZodType>(spec: RequestSpec<S>, call: CallInfo, text: string): z.output<S> {
    const body = text ? parseBody(text) : null
    if (text && typeof body === 'string') throw badResponseError(call, 'the body is not JSON')
    const parsed = spec.schema.safeParse(body)
    if (!parsed.success) throw badResponseError(call, describeZodError(parsed.error))
    return parsed.data
  }

  private async backoff(
    spec: RequestSpec<z.ZodType>,
    family: RateFamily,
    attempt: number,
    retryAfterMs: number | null,
    reason: string,
  ): Promise<void> {
    const delayMs = retryAfterMs ?? backoffDelay(this.policy, attempt, this.random)
    this.onRetry?.({ method: spec.method, path: spec.path, attempt: attempt + 1, delayMs, reason })
    const next = `attempt ${attempt + 2} of ${this.policy.maxAttempts}`
    const end = this.onWait?.({
      kind: retryAfterMs !== null ? 'retry_after' : 'backoff',
      family,
      method: spec.method,
      path: spec.path,
      delayMs,
      label:
        reason === 'HTTP 429'
          ? `Waiting ${seconds(delayMs)} s: Workato answered 429 (too many ${familyLabels[family]}); then ${next}. ${this.describeFamily(family)}`
          : `Waiting ${seconds(delayMs)} s before trying ${spec.method} /api${spec.path} again (${reason}; ${next}).`,
    })
    try {
      await sleep(delayMs, spec.signal)
    } finally {
      if (typeof end === 'function') end()
    }
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000))
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
