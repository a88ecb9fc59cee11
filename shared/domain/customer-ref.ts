/**
 * A customer workspace by Workato's numeric id or by the partner's external id (reference §1.3), and its one
 * written form: the numeric id, or `E` + the external id percent-encoded (prefix first, then encode the id; `E`
 * itself needs no encoding). API paths (`/managed_users/:id`) and the widget token's `sub` (§7.2) both use it,
 * and the token inspector reads it back with `parseRefSegment()`.
 */
import { z } from 'zod'
import { appError } from '../errors'

export const customerRefSchema = z.union([z.number().int().positive(), z.object({ externalId: z.string().min(1) })])
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
  if (!ref.externalId) throw appError('validation', 'The external id is empty.')
  return externalSegment(ref.externalId)
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
