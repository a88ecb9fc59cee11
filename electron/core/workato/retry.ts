/**
 * Backoff arithmetic for the API client: capped exponential backoff with full jitter, and `Retry-After` parsing.
 * (The retry *decision* lives in http.ts because it depends on Workato's idempotency rules, not on a generic policy.)
 */
import { cancelledError } from './api-errors'

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** A Retry-After longer than this is not waited for: the call fails as rate_limited at once. */
  maxRetryAfterMs: number
}

// Workato's own CLI retries 429 three times from 1 s doubling (reference §6.2); we add jitter and a cap.
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 65_000 }

/** "Full jitter": uniform in [0, min(cap, base * 2^attempt)]. `attempt` counts retries from 0. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return Math.round(random() * ceiling)
}

/** `Retry-After: 7` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT` → ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | null {
  if (value === null) return null
  const v = value.trim()
  if (!v) return null
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000)
  const at = Date.parse(v)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - nowMs)
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError())
    const onAbort = () => {
      clearTimeout(t)
      reject(cancelledError())
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
