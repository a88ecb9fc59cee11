/**
 * The JWT `sub` claim for direct links and the Connection Widget (reference §7.2):
 * `<vendor_id>:<customer>[:<user>]`, where a customer or user given by external id is `E` + the id, percent-encoded
 * as in API paths (§1.3: prefix first, then encode the whole segment; `E` itself needs no encoding).
 */
import { appError } from '../../../shared/errors'

export interface CustomerRef {
  /** Workato's numeric workspace id. */
  id?: number
  /** The partner's own id for the customer. */
  externalId?: string | null
}

/** A member id as Workato shows it, or a member's external id. */
export type UserRef = string | number | { externalId: string }

export function externalSegment(externalId: string): string {
  return `E${encodeURIComponent(externalId)}`
}

export function customerSegment(c: CustomerRef): string {
  if (c.externalId !== undefined && c.externalId !== null && c.externalId !== '') return externalSegment(c.externalId)
  if (c.id !== undefined && Number.isInteger(c.id) && c.id > 0) return String(c.id)
  throw appError('validation', 'A widget token needs the customer’s Workato id or external id.')
}

export function userSegment(u: UserRef): string {
  if (typeof u === 'object') {
    if (!u.externalId) throw appError('validation', 'The user’s external id is empty.')
    return externalSegment(u.externalId)
  }
  const s = String(u).trim()
  if (!/^\d+$/.test(s)) {
    throw appError('validation', `User id "${s.slice(0, 40)}" is not a numeric member id.`, { hint: 'Pass { externalId } for a member’s external id.' })
  }
  return s
}

export function widgetSub(vendorId: string, customer: CustomerRef, user?: UserRef): string {
  if (!vendorId) throw appError('validation', 'The vendor id is empty.')
  return [vendorId, customerSegment(customer), ...(user === undefined ? [] : [userSegment(user)])].join(':')
}
