/**
 * Why a widget attempt is silent, from facts rather than guesses (reference §8.4: Workato posts only to an
 * allowlisted origin, chosen by the token's `origin` claim), and what the widget page itself said when the
 * console could read it (§7.4: the widget shows its own error page).
 */
import { z } from 'zod'
import { event, op } from './define'

const attemptId = z.string().regex(/^[a-z0-9-]{8,64}$/, 'Not a widget attempt id')

export const originFactNames = ['host_origin', 'origin_claim', 'customer_origin', 'account_origins', 'widget_page'] as const

export const diagnosisFactSchema = z.object({
  name: z.enum(originFactNames),
  label: z.string(),
  value: z.string(),
  /** False when this fact is the cause (or part of it); null when it says nothing either way. */
  ok: z.boolean().nullable(),
  note: z.string(),
})
export type DiagnosisFact = z.infer<typeof diagnosisFactSchema>

export const silenceVerdicts = [
  /** The host page's origin (which the claim also names) is registered neither for the customer nor the account. */
  'host_not_registered',
  /** The claim names a registered origin, but not the one the host page runs on. */
  'claim_mismatch',
  /** The claim names an origin nobody registered, and not the host's either. */
  'claim_not_registered',
  /** No claim: Workato picks the customer's origin_url or the account's first origin, which is not the host's. */
  'posts_elsewhere',
  /** No origin is registered at all. */
  'nothing_registered',
  /** The origins agree; the widget page named the reason it refused. */
  'page_reason',
  /** The origins agree and the page said nothing readable: the cause is elsewhere (cookies, network). */
  'origins_ok',
] as const

export const silenceDiagnosisSchema = z.object({
  verdict: z.enum(silenceVerdicts),
  /** The one fact that is wrong, with its value, when the facts name one. */
  wrong: z.object({ fact: z.enum(originFactNames), value: z.string() }).nullable(),
  headline: z.string(),
  fix: z.string(),
  facts: z.array(diagnosisFactSchema),
  /** Facts that could not be read (e.g. the customer, when the API is down), each as a sentence. */
  unknowns: z.array(z.string()),
})
export type SilenceDiagnosis = z.infer<typeof silenceDiagnosisSchema>

export const widgetPageEventSchema = z.object({
  attemptId,
  /** The reason code the page showed (`origin_not_allowed`, `http_request_invalid` …), or null if none was found. */
  reason: z.string().max(128).nullable(),
  /** The page's own words, shortened and redacted. */
  text: z.string().max(2000),
})
export type WidgetPageEvent = z.infer<typeof widgetPageEventSchema>

export const widgetDiagnosisOps = {
  'widget:diagnose': op(
    z.object({ attemptId }),
    silenceDiagnosisSchema,
    "Check a silent attempt's origins (host page, token claim, customer and account registrations) and name the wrong one",
  ),
} as const

export const widgetDiagnosisEvents = {
  'widget:page': event(widgetPageEventSchema, 'The widget page of an attempt showed an error the console could read'),
} as const
