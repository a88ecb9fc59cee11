/**
 * Reference §2.1, §2.7: a customer's members, and §5.6: provisioning Embedded Environments. Envelopes as the
 * other customer lists (§1.4): the list in `result`, a single member bare.
 */
import { environmentNames } from '../members'
import { notFound, ok, paginate, queryInt, type Router } from '../http'
import type { RateFamily } from '../rate-limit'
import { customerFrom, type RouteContext } from './context'

/** Member pages: `page`/`per_page` like the customer list, 1/100 and at most 100 (§6.3 has no row for members: inferred). */
export const MEMBERS_DEFAULT_PER_PAGE = 100

export function memberRoutes(router: Router<RateFamily>, ctx: RouteContext): void {
  const { state } = ctx

  router.add('GET', '/api/managed_users/:customer/members', 'customers', (req) => {
    const customer = customerFrom(ctx, req)
    const page = queryInt(req.query, 'page', 1, 1)
    const perPage = queryInt(req.query, 'per_page', MEMBERS_DEFAULT_PER_PAGE, 1, 100)
    return ok({ result: paginate(state.members.list(customer), page, perPage).map((m) => ({ ...m })) })
  })

  // `:member` is the numeric member id or `E` + the member's external id, as in the token's `sub` (§7.2).
  router.add('GET', '/api/managed_users/:customer/members/:member', 'customers', (req) => {
    const m = state.members.find(customerFrom(ctx, req), req.params.member ?? '')
    if (!m) throw notFound()
    return ok({ ...m })
  })

  // §5.6: irreversible; a second call changes nothing. The answer is undocumented: the workspace ids (inferred).
  router.add('POST', '/api/managed_users/:customer/environments', 'customers_create', (req) => {
    const customer = customerFrom(ctx, req)
    // A TEST or PROD workspace has no environments of its own.
    if (state.members.environmentRecord(customer.id)) throw notFound()
    const ids = state.members.provision(customer)
    return ok({ result: environmentNames.map((env) => ({ environment: env, id: ids[env] })) })
  })
}
