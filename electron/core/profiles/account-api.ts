/**
 * The two Embedded API calls the profile part makes itself: the connection test and key registration.
 * They stay here rather than in the API client because that client is built on ProfileAccess (this part), and
 * both calls are about the profile's own credentials. Errors name the profile's host, never the token.
 */
import { z } from 'zod'
import type { ConnectionTest } from '../../../shared/contract/profiles'
import { appError, isAppError, type AppError } from '../../../shared/errors'
import { hasControlCharacters, redactText } from '../../../shared/redact'
import type { ApiTarget } from '../services'

export type FetchLike = typeof fetch

const TIMEOUT_MS = 15_000

export const TOKEN_REFUSED =
  'The API token was refused (401 Unauthorized). Paste a current token from Workspace admin → API clients, and check that the API client’s role grants the Customer workspaces privileges (at least List).'

function withTimeout(signal: AbortSignal | undefined): AbortSignal {
  const t = AbortSignal.timeout(TIMEOUT_MS)
  return signal ? AbortSignal.any([signal, t]) : t
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && e.name === 'TimeoutError'
}

async function send(
  fetchImpl: FetchLike,
  target: ApiTarget,
  method: 'GET' | 'PUT',
  path: string,
  body: unknown,
  signal: AbortSignal | undefined,
): Promise<{ status: number; json: unknown }> {
  const url = `${target.apiOrigin}${path}`
  // fetch refuses such a header with a message that quotes it, token and all; say what is wrong instead.
  if (hasControlCharacters(target.apiToken)) throw unsendableToken()
  let res: Response
  try {
    res = await fetchImpl(url, {
      method,
      headers: {
        Authorization: `Bearer ${target.apiToken}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: withTimeout(signal),
    })
  } catch (e) {
    if (signal?.aborted) throw appError('cancelled', 'Cancelled.')
    if (isTimeout(e)) {
      throw appError('timeout', `No answer from ${target.apiOrigin} within ${TIMEOUT_MS / 1000} s.`, {
        hint: 'Check the data center (or base URL) and your network or proxy, then try again.',
      })
    }
    const cause = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e)
    // The runtime's message can quote the request (headers included): never let the token through.
    throw appError('network', `Could not reach ${target.apiOrigin}: ${redactText(cause, [target.apiToken])}.`, {
      hint: 'Check the data center (or base URL) and your network or proxy, then try again.',
    })
  }
  const text = await res.text().catch(() => '')
  let json: unknown = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = null
  }
  return { status: res.status, json }
}

/** A stored token that cannot be sent as a header (written before input refused control characters). */
export function unsendableToken(): AppError {
  return appError('validation', 'The stored API token contains a line break or another control character, so it cannot be sent.', {
    hint: 'Edit the profile and paste the API token again, on one line (Workato: Workspace admin → API clients).',
  })
}

function apiMessage(json: unknown): string | null {
  if (json && typeof json === 'object' && 'message' in json && typeof json.message === 'string') return json.message
  return null
}

function statusError(status: number, json: unknown, what: string) {
  if (status === 401) return appError('unauthorized', TOKEN_REFUSED, { status, hint: 'Edit the profile and paste a current API token.' })
  if (status === 429) return appError('rate_limited', `Workato is rate-limiting ${what} (429).`, { status, hint: 'Wait a minute and try again.' })
  const msg = apiMessage(json)
  return appError('api_error', `${what} failed with HTTP ${status}${msg ? `: ${msg}` : ''}.`, { status })
}


/** `GET /api/managed_users?per_page=1` (reference §2.5): cheap, and needs the same privilege the console uses most. */
export async function testConnection(fetchImpl: FetchLike, target: ApiTarget, signal?: AbortSignal): Promise<ConnectionTest> {
  const t0 = performance.now()
  let r: { status: number; json: unknown }
  try {
    r = await send(fetchImpl, target, 'GET', '/api/managed_users?per_page=1', undefined, signal)
  } catch (e) {
    // The result is data, not an error, so dispatch's error scrubbing never sees it: redact here.
    if (isAppError(e) && e.code !== 'cancelled')
      return { ok: false, message: redactText(`${e.message} ${e.data.hint ?? ''}`.trim(), [target.apiToken]), latencyMs: null }
    throw e
  }
  const latencyMs = Math.round(performance.now() - t0)
  if (r.status >= 200 && r.status < 300) {
    return { ok: true, message: `Connected to ${target.apiOrigin}: the API token works.`, latencyMs }
  }
  const messages: Record<number, string> = {
    401: TOKEN_REFUSED,
    403: 'The API token was accepted but its role may not list customers (403 Forbidden). Grant the API client the Customer workspaces privileges.',
    404: `The API answered 404 for /api/managed_users: the data center or base URL may be wrong, or this is not an Embed admin workspace.`,
    429: 'Workato is rate-limiting this API client (429). Wait a minute and test again.',
  }
  const msg = messages[r.status] ?? `The API answered HTTP ${r.status}${apiMessage(r.json) ? `: ${apiMessage(r.json)}` : ''}.`
  return { ok: false, message: redactText(msg, [target.apiToken]), latencyMs }
}

const registerResponse = z.object({ vendor_id: z.union([z.string(), z.number()]).transform(String), success: z.literal(true) })

/** `PUT /api/account/signature_verification_key` (reference §5.3): returns the vendor id for the JWT `sub`. */
export async function registerPublicKey(fetchImpl: FetchLike, target: ApiTarget, spkiPem: string, signal?: AbortSignal): Promise<string> {
  const r = await send(fetchImpl, target, 'PUT', '/api/account/signature_verification_key', { key: spkiPem }, signal)
  if (r.status < 200 || r.status >= 300) throw statusError(r.status, r.json, 'Registering the public key')
  const parsed = registerResponse.safeParse(r.json)
  if (!parsed.success) {
    throw appError('api_error', 'Workato did not confirm the key registration (no vendor_id with success: true in the answer).', { status: r.status })
  }
  return parsed.data.vendor_id
}
