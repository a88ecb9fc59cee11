/**
 * The Connection Widget's side of the wire: the postMessage envelope and payloads (reference §8.2, §8.3) and the
 * reasons a widget token can be refused, each with a sentence a support person understands and a likely fix.
 * The sandbox emits these reasons; the console shows the explanation and fix next to a rejected widget.
 *
 * Workato documents only a few codes (§7.4: `http_request_invalid`, `path_invalid`; the preface: `sub_missing` in
 * a `FatalEmbeddingError`; §10 q1: the full list is unknown). The rest are the emulator's own, one per check it
 * makes; `source` says which is which, so the console never presents an emulator code as Workato's word.
 */
import { z } from 'zod'

// ---------- token rejection reasons ----------

export interface WidgetRejection {
  /** What went wrong, in plain English. */
  explanation: string
  /** What most likely fixes it. */
  fix: string
  /** `workato`: a code Workato's pages document (with the reference section); `emulator`: the emulator's own. */
  source?: 'workato'
  section?: string
}

export const widgetRejectionReasons = {
  http_request_invalid: {
    explanation:
      'The direct link was fetched by a script (an XHR or fetch call), not loaded as a page. Workato serves the widget only to a normal request for an HTML page.',
    fix: 'Put the direct-link URL in an iframe src (or navigate to it); do not fetch it with XHR, fetch() or a server-side proxy that asks for JSON.',
    source: 'workato',
    section: '§7.4',
  },
  path_invalid: {
    explanation: 'The direct-link path is not one Workato serves, or it is not https.',
    fix: 'Use https://<app host>/direct_link/embedded/connections/<numeric connection id>?workato_dl_token=<jwt> for your data center (§7.3).',
    source: 'workato',
    section: '§7.4',
  },
  token_missing: {
    explanation: 'The widget URL has no workato_dl_token (or workato_session_token) parameter.',
    fix: 'Append ?workato_dl_token=<signed JWT> to the widget URL (reference §7.3).',
  },
  token_malformed: {
    explanation: 'The token is not a JWT: it must be three base64url parts separated by dots, with a JSON header and payload.',
    fix: 'Pass the compact JWT exactly as the signer produced it; check it was not truncated or URL-encoded twice.',
  },
  alg_not_allowed: {
    explanation: 'The token header names an algorithm other than RS256 (for example none or HS256). Workato only accepts RS256.',
    fix: 'Sign with RS256 using the RSA private key whose public key is registered with Workato (§7.1).',
  },
  key_not_registered: {
    explanation: 'No public key is registered for this partner account, so no token can be verified.',
    fix: 'Register the public key with PUT /api/account/signature_verification_key (§5.3), then sign a new token.',
  },
  signature_invalid: {
    explanation: 'The token signature does not match the registered public key.',
    fix: 'Sign with the private key that matches the registered public key, or register the public key of the key you sign with.',
  },
  sub_missing: {
    explanation: 'The token has no sub claim.',
    fix: 'Set sub to <vendor_id>:<customer id> or <vendor_id>:<customer id>:<user id> (§7.2).',
    source: 'workato',
    section: 'the preface (2024 widget page)',
  },
  sub_invalid: {
    explanation: 'The sub claim is not <vendor_id>:<customer>[:<user>] (wrong number of parts or an empty part).',
    fix: 'Build sub as <vendor_id>:<numeric customer id or E + URL-encoded external id>[:<user id>] (§1.3, §7.2).',
  },
  vendor_mismatch: {
    explanation: "The first part of sub is not this partner account's vendor id.",
    fix: 'Use the vendor_id returned when the signing key was registered (§5.3), not the API token or an old API key.',
  },
  jti_missing: {
    explanation: 'The token has no jti (unique token id).',
    fix: 'Give every token a fresh random jti, e.g. a UUID (§7.2).',
  },
  jti_reused: {
    explanation: 'This jti was already used within the last 10 minutes. Each token may open the widget once.',
    fix: 'Sign a new token with a new jti for every widget load; do not reuse or cache widget URLs.',
  },
  iat_missing: {
    explanation: 'The token has no iat (issued-at time).',
    fix: 'Set iat to the current time in seconds since the epoch (§7.2).',
  },
  iat_in_future: {
    explanation: 'The token says it was issued in the future.',
    fix: "Check this computer's clock; iat must be the current time in seconds, not milliseconds.",
  },
  token_expired: {
    explanation: 'The token exp time has passed.',
    fix: 'Sign a fresh token just before opening the widget, or give it a longer exp.',
  },
  customer_not_found: {
    explanation: 'The customer named in sub does not exist in this partner account.',
    fix: 'Use the numeric customer id, or E + the URL-encoded external id, of an existing customer (§1.3).',
  },
  connection_not_found: {
    explanation: 'The connection id in the widget URL does not exist.',
    fix: "List the customer's connections and use one of their ids; deleted connections cannot be opened.",
  },
  connection_not_in_customer: {
    explanation: 'The connection exists but belongs to a different customer than the one named in sub.',
    fix: 'Sign the token for the customer that owns the connection, or open a connection of this customer.',
  },
  member_not_found: {
    explanation: "The third part of sub names a member who is not one of this customer's members.",
    fix: "Pick the user from the customer's Members list (its id, or E + its external id), or leave the user part out (§2.7, §7.2).",
  },
  origin_not_allowed: {
    explanation: "The embedding origin is not allowlisted for this customer (neither the customer's origin_url nor an account vendor origin).",
    fix: "Put an allowlisted origin in the token's origin claim, or register the page's origin as the customer's origin_url (§5.4, §8.4).",
  },
} as const satisfies Record<string, WidgetRejection>

export type WidgetRejectionReason = keyof typeof widgetRejectionReasons
export const widgetRejectionReasonCodes = Object.keys(widgetRejectionReasons) as WidgetRejectionReason[]

export function describeWidgetRejection(reason: string): WidgetRejection | undefined {
  return (widgetRejectionReasons as Record<string, WidgetRejection>)[reason]
}

// ---------- message envelope (§8.2) and payloads (§8.3) ----------

export const widgetMessageTypes = ['heightChange', 'connectionStatusChange', 'error', 'loaded', 'navigated', 'unloaded', 'click'] as const
export type WidgetMessageType = (typeof widgetMessageTypes)[number]

export const heightChangePayloadSchema = z.object({ height: z.number().nonnegative() })
export const connectionStatusChangePayloadSchema = z.object({
  id: z.number().int(),
  provider: z.string(),
  connected: z.boolean().optional(),
  error: z.string().optional(),
})
export const errorPayloadSchema = z.object({
  type: z.string().optional(),
  message: z.string(),
  details: z.looseObject({ reason: z.string().optional() }).optional(),
})
export const loadedPayloadSchema = z.object({ url: z.string() })
export const navigatedPayloadSchema = z.object({ url: z.string(), replaced: z.boolean() })

const envelope = <T extends WidgetMessageType, P extends z.ZodType>(type: T, payload: P) =>
  z.object({ wk: z.literal(true), type: z.literal(type), payload })

/** One parsed widget message. `wk: true` is required (§8.2); unknown types fail and are logged as unknown. */
export const widgetMessageSchema = z.discriminatedUnion('type', [
  envelope('heightChange', heightChangePayloadSchema),
  envelope('connectionStatusChange', connectionStatusChangePayloadSchema),
  envelope('error', errorPayloadSchema),
  envelope('loaded', loadedPayloadSchema),
  envelope('navigated', navigatedPayloadSchema),
  envelope('unloaded', z.undefined().optional()),
  envelope('click', z.undefined().optional()),
])
export type WidgetMessage = z.infer<typeof widgetMessageSchema>
export type WidgetErrorPayload = z.infer<typeof errorPayloadSchema>

/** The `error` payload the sandbox posts on a refused token (reference preface: FatalEmbeddingError). */
export function fatalEmbeddingError(reason: WidgetRejectionReason): WidgetErrorPayload {
  return { type: 'FatalEmbeddingError', message: `Fatal embedding error: ${reason}`, details: { reason } }
}
