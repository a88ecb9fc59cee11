/**
 * A customer workspace by Workato's numeric id or by the partner's external id (reference §1.3), and its one
 * written form: the numeric id, or `E` + the external id percent-encoded (prefix first, then encode the id; `E`
 * itself needs no encoding). API paths (`/managed_users/:id`) and the widget token's `sub` (§7.2) both use it,
 * and the token inspector reads it back with `parseRefSegment()`.
 */
import { z } from 'zod'
import { appError } from '../errors'

/** §5.6: a customer with Embedded Environments has a DEV, TEST and PROD workspace, each with its own id. */
export const environmentNames = ['dev', 'test', 'prod'] as const
export const environmentSchema = z.enum(environmentNames)
export type EnvironmentName = z.infer<typeof environmentSchema>

/**
 * A workspace: the customer's own (numeric id or external id), or one of its environments (§5.6, written
 * `<id>_dev` / `_test` / `_prod`; with an external id, `E<id>_dev`, inferred from §1.3).
 */
export const customerRefSchema = z.union([
  z.number().int().positive(),
  z.object({ externalId: z.string().min(1), environment: environmentSchema.optional() }),
  z.object({ id: z.number().int().positive(), environment: environmentSchema }),
])
export type CustomerRef = z.infer<typeof customerRefSchema>

/** `E` + the percent-encoded external id. */
export function externalSegment(externalId: string): string {
  return `E${encodeURIComponent(externalId)}`
}

/** The customer's segment in an API path or a `sub`. */
export function customerSegment(ref: CustomerRef): string {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref <= 0) throw appError('validation', `Not a customer id: ${ref}`)
    return String(ref)
  }
  if ('id' in ref) {
    if (!Number.isInteger(ref.id) || ref.id <= 0) throw appError('validation', `Not a customer id: ${ref.id}`)
    return `${ref.id}_${ref.environment}`
  }
  if (!ref.externalId) throw appError('validation', 'The external id is empty.')
  return externalSegment(ref.externalId) + (ref.environment ? `_${ref.environment}` : '')
}

/** What a written segment holds, and whether it is written the way Workato expects. */
export type ParsedSegment =
  | { kind: 'empty' }
  | { kind: 'id'; id: string }
  | { kind: 'external_empty' }
  | { kind: 'bad_encoding' }
  /** `canonical` is the segment as Workato expects it; `exact` says whether the input was already that. */
  | { kind: 'external_id'; externalId: string; canonical: string; exact: boolean }
  | { kind: 'unrecognised' }

/** Reads one `sub` (or path) segment back: a numeric id, or `E` + a percent-encoded external id. */
export function parseRefSegment(raw: string): ParsedSegment {
  if (raw === '') return { kind: 'empty' }
  if (/^\d+$/.test(raw)) return { kind: 'id', id: raw }
  if (!raw.startsWith('E')) return { kind: 'unrecognised' }
  const encoded = raw.slice(1)
  if (!encoded) return { kind: 'external_empty' }
  let externalId: string
  try {
    externalId = decodeURIComponent(encoded)
  } catch {
    return { kind: 'bad_encoding' }
  }
  const canonical = externalSegment(externalId)
  // Hex digits may be either case; anything else not encoded as encodeURIComponent would is a finding.
  const normalise = (s: string) => s.replace(/%[0-9a-f]{2}/gi, (x) => x.toUpperCase())
  return { kind: 'external_id', externalId, canonical, exact: `E${normalise(encoded)}` === canonical }
}
