/**
 * Turns whatever went wrong with an Embedded API call into an AppError a person can act on: the code, the HTTP
 * status, Workato's own `message` and `errors` map (reference §6.1), and a hint. Every string is scrubbed of the
 * API token (an opaque string the generic redactor cannot recognise) before it leaves this module.
 */
import { z } from 'zod'
import { appError, type AppError, type ErrorCode } from '../../../shared/errors'
import { redactText, redactValue } from '../../../shared/redact'

/** §6.1: `{ message, errors?: { field: [msg] }, id? (correlation id) }`. Loose: anything else is kept raw. */
const workatoErrorBody = z.looseObject({
  message: z.string().optional(),
  error: z.string().optional(),
  errors: z.union([z.record(z.string(), z.union([z.array(z.unknown()), z.string()])), z.array(z.unknown())]).optional(),
  id: z.string().optional(),
})

export interface CallInfo {
  method: string
  /** Path after the origin, e.g. `/api/managed_users/E42`. */
  path: string
  origin: string
  secrets: readonly string[]
}

function what(call: CallInfo): string {
  return `${call.method} ${call.path}`
}

/** `name: can't be blank; provider: is not included in the list`. */
export function describeErrorsMap(errors: unknown): string | null {
  if (!errors) return null
  if (Array.isArray(errors)) return errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('; ') || null
  if (typeof errors === 'object') {
    const parts = Object.entries(errors as Record<string, unknown>).map(([k, v]) => {
      const msgs = Array.isArray(v) ? v.map(String).join(', ') : String(v)
      return `${k} ${msgs}`
    })
    return parts.join('; ') || null
  }
  return String(errors)
}

function resourceOf(path: string): string {
  const seg = path
    .replace(/^\/api/, '')
    .split('/')
    .filter(Boolean)
  if (seg[0] !== 'managed_users') return 'resource'
  if (seg.length <= 2) return 'customer'
  if (seg[2] === 'connections') return seg.length > 3 ? 'connection' : 'customer'
  if (seg[2] === 'recipes') return seg.length > 4 && seg[4] === 'jobs' ? 'recipe or job' : seg.length > 3 ? 'recipe' : 'customer'
  if (seg[2] === 'folders') return 'folder'
  return 'resource'
}

function hintFor(status: number, path: string, rateHint: string | null, correlationId?: string): string {
  if (status === 401) return 'The API token was refused or lacks the Customer workspaces privilege. Check the token in the profile.'
  if (status === 403)
    return "The API client's role does not allow this action. In Workato, grant its role the matching Customer workspaces privilege."
  if (status === 404) {
    const r = resourceOf(path)
    return `The ${r} was not found: it may have been deleted, or the id is wrong. Refresh the list and try again.`
  }
  if (status === 429) return `${rateHint ?? 'Workato rate-limits the partner account.'} Wait a minute and try again.`
  if (status === 400 || status === 422) return 'Workato refused the request as it stands; the message says what to change.'
  if (status >= 500) {
    return correlationId
      ? `Workato had a problem on its side. Try again in a moment; if it persists, give Workato support the correlation id ${correlationId}.`
      : 'Workato had a problem on its side and sent no correlation id. Try again in a moment; if it persists, tell Workato support the time and the call.'
  }
  return 'Workato answered with an unexpected status; the message has the details.'
}

function codeFor(status: number, hasErrorsMap: boolean): ErrorCode {
  if (status === 401) return 'unauthorized'
  if (status === 404) return 'not_found'
  if (status === 429) return 'rate_limited'
  if ((status === 400 || status === 422) && hasErrorsMap) return 'validation'
  return 'api_error'
}

/** Parses a response body as JSON when it is JSON; otherwise returns the text (trimmed). */
export function parseBody(text: string): unknown {
  if (!text) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text.slice(0, 500)
  }
}

/** Headers that carry a request's correlation id, in the order they are trusted (the body's `id` wins, §6.1). */
export const CORRELATION_HEADERS = ['x-correlation-id', 'x-request-id', 'x-amzn-requestid'] as const

/** The correlation id of a failed call: the §6.1 body `id`, else a correlation header; bounded and printable. */
export function correlationIdOf(body: { id?: string } | null, headers?: Pick<Headers, 'get'>): string | undefined {
  const candidates = [body?.id, ...CORRELATION_HEADERS.map((h) => headers?.get(h) ?? undefined)]
  for (const c of candidates) {
    const v = c?.trim()
    if (v && v.length <= 200 && /^[\x21-\x7e]+$/.test(v)) return v
  }
  return undefined
}

/** A stored token that cannot be sent as a header (written before input refused control characters). */
export function unsendableToken(): AppError {
  return appError('validation', 'The stored API token contains a line break or another control character, so it cannot be sent.', {
    hint: 'Edit the profile and paste the API token again, on one line (Workato: Workspace admin → API clients).',
  })
}

/** The AppError for a non-2xx answer. */
export function errorFromResponse(
  status: number,
  body: unknown,
  call: CallInfo,
  rateHint: string | null = null,
  headers?: Pick<Headers, 'get'>,
): AppError {
  const parsed = workatoErrorBody.safeParse(body)
  const b = parsed.success ? parsed.data : null
  const correlationId = correlationIdOf(b, headers)
  const workatoMessage = b?.message ?? b?.error ?? (typeof body === 'string' && body ? body : null)
  const errorsText = describeErrorsMap(b?.errors)
  const base = workatoMessage ?? defaultStatusText(status)
  // A full sentence: the screens print the hint right after it.
  const message = `${base}${errorsText ? `: ${errorsText}` : ''} (HTTP ${status} on ${what(call)}).`
  const details = {
    method: call.method,
    path: call.path,
    ...(workatoMessage ? { workatoMessage } : {}),
    ...(b?.errors ? { errors: b.errors } : {}),
    ...(correlationId ? { correlationId } : {}),
  }
  return scrub(
    appError(codeFor(status, Boolean(errorsText)), message, {
      status,
      hint: hintFor(status, call.path, rateHint, correlationId),
      ...(correlationId ? { correlationId } : {}),
      details,
    }),
    call.secrets,
  )
}

function defaultStatusText(status: number): string {
  if (status === 401) return 'Unauthorized'
  if (status === 403) return 'Forbidden'
  if (status === 404) return 'Not found'
  if (status === 429) return 'Too many requests'
  if (status >= 500) return 'Workato server error'
  return `Request failed`
}

export function timeoutError(call: CallInfo, timeoutMs: number): AppError {
  return scrub(
    appError('timeout', `Workato did not answer within ${Math.round(timeoutMs / 1000)} s (${what(call)}).`, {
      hint: 'Workato cuts every Embedded API request at 40 s. Try again in a moment; if it keeps happening, check the network.',
      details: { method: call.method, path: call.path },
    }),
    call.secrets,
  )
}

export function networkError(call: CallInfo, cause: unknown): AppError {
  const code = networkCode(cause)
  const reason = code ?? (cause instanceof Error ? cause.message : String(cause))
  return scrub(
    appError('network', `Could not reach the Workato API at ${call.origin} (${reason}; ${what(call)}).`, {
      hint: networkHint(call.origin, code),
      details: { method: call.method, path: call.path, ...(code ? { cause: code } : {}) },
    }),
    call.secrets,
  )
}

/** Loopback means the built-in Sandbox (or a local emulator); anything else is Workato over the network. */
function networkHint(origin: string, code: string | null): string {
  let host = ''
  try {
    host = new URL(origin).hostname
  } catch {
    /* an unparsable origin gets the general advice */
  }
  if ((host === '127.0.0.1' || host === 'localhost' || host === '[::1]') && code === 'ECONNREFUSED') {
    return 'This is the built-in Sandbox (or a local emulator), which runs inside the app: restart the app to start it again.'
  }
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') {
    return 'This is the built-in Sandbox (or a local emulator); the connection broke before it answered. Try again.'
  }
  return `Check the network connection, any proxy or VPN, and the profile's data center (this profile calls ${origin}).`
}

export function badResponseError(call: CallInfo, issue: string): AppError {
  return scrub(
    appError('validation', `Workato answered ${what(call)} with data the console does not understand: ${issue}`, {
      hint: 'The API may have changed, or a proxy answered instead of Workato. Check the data center URL of the profile.',
      // Only a 2xx answer is parsed: Workato carried the call out, even though its answer cannot be read.
      details: { method: call.method, path: call.path, answeredOk: true },
    }),
    call.secrets,
  )
}

export function cancelledError(): AppError {
  return appError('cancelled', 'Cancelled.')
}

/** undici puts the system error code on `cause` (`fetch failed` → cause.code = 'ECONNREFUSED'). */
export function networkCode(e: unknown): string | null {
  let cur: unknown = e
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code
    if (typeof code === 'string' && code.startsWith('UND_ERR')) return code
    cur = (cur as { cause?: unknown }).cause
  }
  return null
}

/**
 * Errors that prove the request never reached Workato: only these allow retrying a non-idempotent call.
 * (A reset or a socket closed mid-response may come after Workato acted.)
 */
export function failedBeforeSend(e: unknown): boolean {
  const code = networkCode(e)
  return code !== null && BEFORE_SEND_CODES.has(code)
}
const BEFORE_SEND_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'])

/** Workato answered 2xx (so it carried the call out), but the answer could not be read (badResponseError). */
export function answeredOk(e: AppError): boolean {
  return e.code === 'validation' && (e.data.details as { answeredOk?: unknown } | undefined)?.answeredOk === true
}

/**
 * Whether a failed call may have been carried out by Workato anyway: a timeout, a network error after the
 * request left (reset, socket closed mid-answer), or a 2xx whose body could not be read. A write that failed this way must be looked up, never re-sent.
 */
export function mayHaveLanded(e: AppError): boolean {
  if (e.code === 'timeout' || answeredOk(e)) return true
  if (e.code !== 'network') return false
  const cause = (e.data.details as { cause?: unknown } | undefined)?.cause
  return !(typeof cause === 'string' && BEFORE_SEND_CODES.has(cause))
}

export function scrub(e: AppError, secrets: readonly string[]): AppError {
  const data = redactValue(e.data, secrets)
  return appError(data.code, redactText(data.message, secrets), {
    ...(data.status !== undefined ? { status: data.status } : {}),
    ...(data.hint !== undefined ? { hint: data.hint } : {}),
    ...(data.correlationId !== undefined ? { correlationId: data.correlationId } : {}),
    ...(data.details !== undefined ? { details: data.details } : {}),
  })
}
