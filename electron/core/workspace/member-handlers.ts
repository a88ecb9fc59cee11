/**
 * `members:*`: a customer's members (reference §2.7) and its Embedded Environments (§5.6), read through the
 * profile's one client (`clientFor`), so they are paced and their waits shown like every other call. Also the
 * member check the widget runs before it signs a token naming a user (§7.1: the member must exist).
 */
import { appError, isAppError } from '../../../shared/errors'
import { environmentNames } from '../../../shared/domain/customer-ref'
import type { EnvironmentWorkspace } from '../../../shared/domain/members'
import { LIMITS } from '../../../shared/contract/limits'
import type { DomainHandlers } from '../rpc/types'
import type { EmbeddedApiClient } from '../workato/client'

export interface MemberHandlerDeps {
  clientFor(profileId: string): Promise<EmbeddedApiClient>
}

const isNotFound = (e: unknown) => isAppError(e) && (e.data.code === 'not_found' || e.data.status === 404)

/**
 * Throws a `validation` error a person can act on unless `memberId` is one of the customer's members. Asked of
 * the API (get member) right before a token is signed, so a member removed a minute ago is caught too.
 */
export async function checkMember(client: EmbeddedApiClient, req: { customerId: number; memberId: number }, signal?: AbortSignal): Promise<void> {
  try {
    await client.getMember(req.customerId, req.memberId, signal)
  } catch (e) {
    if (!isNotFound(e)) throw e
    throw appError('validation', `${req.memberId} is not a member of customer ${req.customerId}, so no token was signed for it.`, {
      hint: "Pick the user from the customer's Members tab, or leave the member empty to open the widget without a user (reference §7.2).",
      details: { reason: 'member_not_found' },
    })
  }
}

export function memberHandlers(deps: MemberHandlerDeps): DomainHandlers<'members'> {
  return {
    'members:list': async ({ profileId, customerId }, ctx) => {
      const client = await deps.clientFor(profileId)
      return client.listMembers(customerId, { max: LIMITS.membersListed, signal: ctx.signal })
    },

    'members:environments': async ({ profileId, customerId }, ctx) => {
      const client = await deps.clientFor(profileId)
      // PROD first: without environments it answers 404 and one call settles it; with them, DEV and TEST follow.
      const order = ['prod', 'dev', 'test'] as const
      const found = new Map<string, EnvironmentWorkspace>()
      for (const environment of order) {
        try {
          const w = await client.getCustomer({ id: customerId, environment }, ctx.signal)
          found.set(environment, { environment, workspaceId: w.id, name: w.name })
        } catch (e) {
          if (!isNotFound(e)) throw e
          if (environment === 'prod') return { provisioned: false, environments: [] }
        }
      }
      return { provisioned: true, environments: environmentNames.flatMap((n) => found.get(n) ?? []) }
    },
  }
}
