/**
 * The live Connection Widget: open an attempt (main mints the token and serves the host page in a fresh
 * partition), feed the messages the guest relayed into the attempt's log, confirm the connection with the API,
 * and read an attempt's history back later in the session (architecture.md, "The live widget").
 * The renderer never receives the raw token: only its decoded claims.
 */
import { z } from 'zod'
import { event, noInput, ok, op } from './define'
import { profileIdSchema } from '../domain/profile'
import { connectionSchema } from '../domain/workato'
import { MAX_WIDGET_MESSAGE_BYTES, rejectReasons } from '../widget-relay'
import { checkValue } from '../widget-bounds'
import { tokenInspectionSchema } from './tokens'

const attemptId = z.string().regex(/^[a-z0-9-]{8,64}$/, 'Not a widget attempt id')
const positiveId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

export const rejectReasonSchema = z.enum(rejectReasons)

/**
 * The parsed message a record carries, bounded like the message itself (shared/widget-bounds.ts): a payload over
 * the limits fails here, at the contract, before any handler walks it. Core only trusts `raw` anyway (it re-checks
 * it), so this is the cap on what IPC may carry, not a second source of truth.
 */
const boundedPayload = z.unknown().superRefine((v, ctx) => {
  const over = checkValue(v)
  if (over) ctx.addIssue({ code: 'custom', message: `payload ${over.detail}` })
})

/** One record as the relay delivers it (its type is shared/widget-relay.ts `RelayedMessage`); checked again in core. */
export const relayedMessageSchema = z.object({
  at: z.number(),
  origin: z.string().max(2048),
  accepted: z.boolean(),
  reason: rejectReasonSchema.nullable(),
  detail: z.string().max(2048).optional(),
  message: z.object({ type: z.string().max(256), payload: boundedPayload.optional(), wk: z.unknown().optional() }).nullable(),
  // The relay keeps a 2 KiB preview of anything over a bound, so a longer text here did not come from the relay.
  raw: z.string().max(MAX_WIDGET_MESSAGE_BYTES),
  size: z.number().int().nonnegative(),
  dataKind: z.enum(['string', 'object', 'other']),
})

/** `details.reason` of the `conflict` error `widget:record` answers once the attempt is closing or closed. */
export const WIDGET_ATTEMPT_CLOSED = 'attempt_closed'

/** Records per `widget:record` call: one batch of the renderer's sender (renderer/src/stores/widget.ts). */
export const MAX_RECORDS_PER_CALL = 1000

/**
 * One line of the attempt's log, compact on purpose (100,000 are kept per attempt): the payload is not stored
 * twice, the inspector parses `raw` when a row is selected. `raw` is redacted (a `loaded` url can carry the
 * token). `direction` is `in` for what the widget posted, `console` for what the console did about it.
 */
export const widgetLogEntrySchema = z.object({
  seq: z.number().int().nonnegative(),
  at: z.number(),
  direction: z.enum(['in', 'console']),
  origin: z.string(),
  type: z.string(),
  accepted: z.boolean(),
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  size: z.number().int().nonnegative(),
  raw: z.string(),
})
export type WidgetLogEntry = z.infer<typeof widgetLogEntrySchema>

export const tokenClaimsSchema = z.record(z.string(), z.unknown())

export const widgetOutcomes = ['connected', 'error', 'token_rejected', 'no_messages', 'abandoned', 'failed_to_open', 'external_browser'] as const
export const widgetOutcomeSchema = z.enum(widgetOutcomes)
export type WidgetOutcome = z.infer<typeof widgetOutcomeSchema>

export const widgetAttemptSchema = z.object({
  attemptId,
  profileId: profileIdSchema,
  customerId: positiveId,
  connectionId: positiveId,
  /** The partition main gave this attempt (`widget-slot-<n>`: in memory only, pooled, wiped before reuse). */
  partition: z.string(),
  /** What the renderer loads: the host page at the profile's registered origin. */
  hostUrl: z.string(),
  hostOrigin: z.string(),
  /** The data center's app origin: the only origin whose messages are accepted (reference §8.2). */
  appOrigin: z.string(),
  /** `webview` in the app, `iframe` in the browser harness. */
  embed: z.enum(['webview', 'iframe']),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  outcome: widgetOutcomeSchema.nullable(),
  /** Decoded claims of the attempt's token (never the token). */
  claims: tokenClaimsSchema,
  messageCount: z.number().int().nonnegative(),
  rejectedCount: z.number().int().nonnegative(),
  /** True once the API (not the widget) said the connection is authorised. */
  confirmedConnected: z.boolean(),
  /** The last `error` message's reason code, when the widget reported one. */
  lastErrorReason: z.string().nullable(),
  /** The member the token names as its user (the `sub`'s third segment, reference §7.2), when one was chosen. */
  memberId: positiveId.nullable().optional(),
})
export type WidgetAttempt = z.infer<typeof widgetAttemptSchema>

export const connectionCheckSchema = z.object({
  connected: z.boolean(),
  status: z.string().nullable(),
  error: z.string().nullable(),
  connection: connectionSchema,
  checkedAt: z.string(),
})
export type ConnectionCheck = z.infer<typeof connectionCheckSchema>

export const tokenViewSchema = z.object({
  header: z.record(z.string(), z.unknown()),
  claims: tokenClaimsSchema,
  /** Plain-English checks of the claims against this attempt (sub, origin, age). */
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), message: z.string() })),
  /** What `tokens:inspect` said, when that operation is available. */
  inspection: tokenInspectionSchema.optional(),
})
export type TokenView = z.infer<typeof tokenViewSchema>

export const popupEventSchema = z.object({
  attemptId,
  /** Redacted URL of the popup. */
  url: z.string(),
  state: z.enum(['opened', 'closed', 'blocked', 'refused_embedded']),
  message: z.string(),
})
export type PopupEvent = z.infer<typeof popupEventSchema>

export const widgetOps = {
  'widget:open': op(
    z.object({
      profileId: profileIdSchema,
      customerId: positiveId,
      connectionId: positiveId,
      /** A member of the customer to name as the token's user (§7.2); checked against the API before signing. */
      memberId: positiveId.optional(),
    }),
    widgetAttemptSchema,
    'Mint a short-lived token (for a member of the customer when one is named), create a fresh partition and serve the widget host page for one connection',
  ),
  'widget:close': op(
    z.object({ attemptId, outcome: widgetOutcomeSchema.optional() }),
    widgetAttemptSchema,
    'End an attempt: clear its partition, revoke its grant, close its popups, write the audit line',
  ),
  'widget:record': op(
    z.object({
      attemptId,
      records: z.array(relayedMessageSchema).max(MAX_RECORDS_PER_CALL),
      afterSeq: z.number().int().min(-1).default(-1),
      /**
       * The sender's running number of `records[0]` in this attempt (0, 1, 2, ... over every call). A batch resent
       * after a failed call repeats numbers core already logged; core skips those, so a retry never duplicates.
       */
      firstIndex: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
    }),
    z.object({ entries: z.array(widgetLogEntrySchema), received: z.number().int().nonnegative().optional() }),
    'Append messages the widget host relayed (validated again here, refused once the attempt is closed); answers every log line after afterSeq, in order',
  ),
  'widget:check': op(z.object({ attemptId }), connectionCheckSchema, "Re-read the attempt's connection from the API"),
  'widget:attempts': op(noInput, z.array(widgetAttemptSchema), 'Every attempt of this session, newest first'),
  'widget:messages': op(
    z.object({ attemptId, afterSeq: z.number().int().min(-1).default(-1), limit: z.number().int().positive().max(100_000).default(10_000) }),
    z.object({ entries: z.array(widgetLogEntrySchema), total: z.number().int(), evicted: z.number().int() }),
    "Read an attempt's log back (for reopening history)",
  ),
  'widget:token': op(z.object({ attemptId }), tokenViewSchema, "The attempt's token decoded, with checks (never the token itself)"),
  'widget:export': op(
    z.object({ attemptId }),
    z.object({ fileName: z.string(), json: z.string(), path: z.string().nullable() }),
    'The attempt and its log as JSON, tokens redacted; also saved under the data folder (downloads are blocked in the app)',
  ),
  'widget:continueInBrowser': op(
    z.object({ attemptId }),
    ok,
    'Open the consent page the provider refused to show embedded in the system browser (main keeps its URL)',
  ),
} as const

export const widgetEvents = {
  'widget:popup': event(popupEventSchema, 'A consent popup of a widget attempt opened, closed, was blocked or refused the embedded browser'),
} as const
