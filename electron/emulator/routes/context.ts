/** What every route module receives: the store, plus lookups they all need (customer segment → record → 404). */
import { notFound } from '../http'
import type { ApiRequest } from '../http'
import type { CustomerRecord, Workspace } from '../records'
import type { EmulatorState } from '../state'

export interface RouteContext {
  state: EmulatorState
}

/** §1.3: `:customer` is a numeric id or `E` + external id; the router already percent-decoded it. */
export function customerFrom(ctx: RouteContext, req: ApiRequest): CustomerRecord {
  const c = ctx.state.resolveCustomer(req.params.customer ?? '')
  if (!c) throw notFound()
  return c
}

export function workspaceFrom(ctx: RouteContext, req: ApiRequest): { customer: CustomerRecord; ws: Workspace } {
  const customer = customerFrom(ctx, req)
  return { customer, ws: ctx.state.workspace(customer) }
}

export function numericParam(req: ApiRequest, name: string): number {
  const raw = req.params[name] ?? ''
  if (!/^\d+$/.test(raw)) throw notFound()
  return Number(raw)
}
