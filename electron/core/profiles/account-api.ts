/**
 * The two Embedded API calls about the profile's own credentials: the connection test and key registration.
 * Both go through the profile's `ApiHttp` (pacing, retries, correlation ids, redaction) like every other
 * Workato call; this module only turns the answers into what the profile screen says. Errors name the profile's
 * host, never the token.
 */
import { z } from 'zod'
import type { ConnectionTest } from '../../../shared/contract/profiles'
import { signingKeyRegistrationSchema } from '../../../shared/domain/workato'
import { appError, isAppError, type AppError } from '../../../shared/errors'
import { redactText } from '../../../shared/redact'
import type { ApiHttp } from '../workato/http'

/** A person is waiting on the profile screen: a live account answers this call in well under a second. */
const TEST_TIMEOUT_MS = 15_000

const NETWORK_HINT = 'Check the data center (or base URL) and your network or proxy, then try again.'

export const TOKEN_REFUSED =
  'The API token was refused (401 Unauthorized). Paste a current token from Workspace admin → API clients, and check that the API client’s role grants the Customer workspaces privileges (at least List).'

const detailsSchema = z.looseObject({ workatoMessage: z.string().optional(), cause: z.string().optional() })

/** What the connection test says for an error the HTTP layer raised before or instead of an HTTP answer. */
function unansweredMessage(e: AppError, origin: string): string {
  const details = detailsSchema.safeParse(e.data.details)
  const cause = details.success ? details.data.cause : undefined
  if (e.code === 'timeout') return `No answer from ${origin} within ${TEST_TIMEOUT_MS / 1000} s. ${NETWORK_HINT}`
  if (e.code === 'network') return `Could not reach ${origin}${cause ? ` (${cause})` : ''}. ${NETWORK_HINT}`
  return `${e.message} ${e.data.hint ?? ''}`.trim()
}

/** What the connection test says for a non-2xx answer: which privilege or setting to check. */
function statusMessage(status: number, e: AppError): string {
  const messages: Record<number, string> = {
    401: TOKEN_REFUSED,
    403: 'The API token was accepted but its role may not list customers (403 Forbidden). Grant the API client the Customer workspaces privileges.',
    404: `The API answered 404 for /api/managed_users: the data center or base URL may be wrong, or this is not an Embed admin workspace.`,
    429: 'Workato is rate-limiting this API client (429). Wait a minute and test again.',
  }
  const details = detailsSchema.safeParse(e.data.details)
  const workatoMessage = details.success ? details.data.workatoMessage : undefined
  return messages[status] ?? `The API answered HTTP ${status}${workatoMessage ? `: ${workatoMessage}` : ''}.`
}

/** `GET /api/managed_users?per_page=1` (reference §2.5): cheap, and needs the same privilege the console uses most. */
export async function testConnection(http: ApiHttp, signal?: AbortSignal): Promise<ConnectionTest> {
  const origin = http.target.apiOrigin
  const token = http.target.apiToken
  const t0 = performance.now()
  try {
    await http.request({
      method: 'GET',
      path: '/managed_users',
      query: { per_page: 1 },
      schema: z.unknown(),
      idempotent: true,
      signal,
      timeoutMs: TEST_TIMEOUT_MS,
      maxAttempts: 1,
    })
  } catch (e) {
    if (!isAppError(e) || e.code === 'cancelled') throw e
    // The result is data, not an error, so dispatch's error scrubbing never sees it: redact here.
    if (e.data.status === undefined) return { ok: false, message: redactText(unansweredMessage(e, origin), [token]), latencyMs: null }
    return { ok: false, message: redactText(statusMessage(e.data.status, e), [token]), latencyMs: Math.round(performance.now() - t0) }
  }
  return { ok: true, message: `Connected to ${origin}: the API token works.`, latencyMs: Math.round(performance.now() - t0) }
}

/** `PUT /api/account/signature_verification_key` (reference §5.3): returns the vendor id for the JWT `sub`. */
export async function registerPublicKey(http: ApiHttp, spkiPem: string, signal?: AbortSignal): Promise<string> {
  // Parsed here rather than by the request, so a 2xx without the confirmation gets a sentence about the key.
  const body = await http.request({
    method: 'PUT',
    path: '/account/signature_verification_key',
    body: { key: spkiPem },
    schema: z.unknown(),
    idempotent: true,
    signal,
  })
  const parsed = signingKeyRegistrationSchema.safeParse(body)
  if (!parsed.success) {
    throw appError('api_error', 'Workato did not confirm the key registration (no vendor_id with success: true in the answer).')
  }
  return parsed.data.vendor_id
}
