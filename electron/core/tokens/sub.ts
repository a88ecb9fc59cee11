/**
 * The JWT `sub` claim for direct links and the Connection Widget (reference §7.2):
 * `<vendor_id>:<customer>[:<user>]`. The customer and an external user id are written as in API paths
 * (`shared/domain/customer-ref.ts`, §1.3).
 */
import { customerSegment, externalSegment, type CustomerRef } from '../../../shared/domain/customer-ref'
import { appError } from '../../../shared/errors'

/** A member id as Workato shows it, or a member's external id. */
export type UserRef = string | number | { externalId: string }

export function userSegment(u: UserRef): string {
  if (typeof u === 'object') {
    if (!u.externalId) throw appError('validation', 'The user’s external id is empty.')
    return externalSegment(u.externalId)
  }
  const s = String(u).trim()
  if (!/^\d+$/.test(s)) {
    throw appError('validation', `User id "${s.slice(0, 40)}" is not a numeric member id.`, {
      hint: 'Pass { externalId } for a member’s external id.',
    })
  }
  return s
}

export function widgetSub(vendorId: string, customer: CustomerRef, user?: UserRef): string {
  if (!vendorId) throw appError('validation', 'The vendor id is empty.')
  return [vendorId, customerSegment(customer), ...(user === undefined ? [] : [userSegment(user)])].join(':')
}
