/** The `search:*` operations, thin over the search service. */
import type { DomainHandlers } from '../rpc/types'
import type { SearchService } from './search-service'

export function searchHandlers(service: SearchService): DomainHandlers<'search'> {
  return {
    'search:query': async (req) => service.query(req),
    'search:locate': async (req, ctx) => service.locate(req, ctx.signal),
    'search:cancelLocate': async ({ lookupId }) => ({ cancelled: service.cancelLocate(lookupId) }),
  }
}
