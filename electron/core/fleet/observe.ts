/**
 * The hook that makes "a customer just viewed in the console counts as fresh" true: the customer detail reads
 * its connections and recipes through `connections:list` and `recipes:list`; when both come back live (not from
 * the cache) and unfiltered, the fleet store takes them as a check of that customer, so the sweep need not read
 * it again and the triage view shows what the person just saw.
 */
import type { DomainHandlers } from '../rpc/types'
import { log } from '../log'
import type { FleetService } from './fleet-service'

type Reads = Pick<DomainHandlers<'connections'>, 'connections:list'> & Pick<DomainHandlers<'recipes'>, 'recipes:list'>

export function observeCustomerReads(inner: Reads, fleet: Pick<FleetService, 'observe'>): Reads {
  const quietly = (p: Promise<void>) =>
    p.catch((e: unknown) => log.warn(`fleet: could not record a viewed customer: ${e instanceof Error ? e.message : String(e)}`))
  return {
    'connections:list': async (req, ctx) => {
      const res = await inner['connections:list'](req, ctx)
      const f = req.filters ?? {}
      const narrowed = f.provider !== undefined || f.folder_id !== undefined || f.parent_id !== undefined || f.external_id !== undefined
      if (!res.stale && !narrowed)
        await quietly(fleet.observe(req.profileId, req.customerId, { connections: res.items, withRuntime: f.include_runtime_connections === true }))
      return res
    },
    'recipes:list': async (req, ctx) => {
      const res = await inner['recipes:list'](req, ctx)
      if (!res.stale && req.running === undefined && req.stopCause === undefined)
        await quietly(fleet.observe(req.profileId, req.customerId, { recipes: res.items }))
      return res
    },
  }
}
