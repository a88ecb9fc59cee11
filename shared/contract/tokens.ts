/**
 * Widget-token tools. `tokens:inspect` decodes any pasted JWT, checks its signature against the profile's key
 * and lints it against Workato's rules (reference §7.2, §1.3, §5.4). Minting is core-internal (the widget part
 * calls the signer directly), so a signed token only leaves main inside a widget URL.
 */
import { z } from 'zod'
import { op } from './define'
import { profileIdSchema } from '../domain/profile'
import { LIMITS } from './limits'

export const tokenFindingSchema = z.object({
  level: z.enum(['error', 'warning', 'info']),
  /** Stable machine code, e.g. `sub_vendor_mismatch`, `exp_past`. */
  code: z.string(),
  message: z.string(),
})
export type TokenFinding = z.infer<typeof tokenFindingSchema>

/** One `sub` segment after the vendor id: a numeric workspace/member id or `E` + percent-encoded external id. */
export const subSegmentSchema = z.object({
  raw: z.string(),
  kind: z.enum(['id', 'external_id', 'invalid']),
  /** The numeric id, or the decoded external id; null when it could not be read. */
  value: z.string().nullable(),
})
export type SubSegment = z.infer<typeof subSegmentSchema>

/**
 * `vendor_id`: today's form (`<vendor_id>:<customer>[:<user>]`). `api_key`: the 2019 form that put the partner's
 * API key first (reference preface). `unknown`: cannot tell (no vendor id on the profile to compare with).
 */
export const subFormSchema = z.enum(['vendor_id', 'api_key', 'unknown'])

export const tokenInspectionSchema = z.object({
  /** True when nothing at error level was found and the signature did not fail. */
  valid: z.boolean(),
  header: z.record(z.string(), z.unknown()).nullable(),
  claims: z.record(z.string(), z.unknown()).nullable(),
  signature: z.object({
    status: z.enum(['valid', 'invalid', 'not_checked']),
    message: z.string(),
    /** Fingerprint of the profile key the signature was checked against. */
    keyFingerprint: z.string().nullable(),
  }),
  sub: z
    .object({
      form: subFormSchema,
      description: z.string(),
      vendorId: z.string().nullable(),
      customer: subSegmentSchema.nullable(),
      user: subSegmentSchema.nullable(),
    })
    .nullable(),
  issuedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  lifetimeSeconds: z.number().nullable(),
  findings: z.array(tokenFindingSchema),
})
export type TokenInspection = z.infer<typeof tokenInspectionSchema>

export const tokenOps = {
  'tokens:inspect': op(
    z.object({ profileId: profileIdSchema, token: z.string().max(LIMITS.jwt) }),
    tokenInspectionSchema,
    "Decode a pasted widget JWT, verify it with the profile's key and lint it against Workato's rules",
  ),
} as const
