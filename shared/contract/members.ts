/**
 * A customer's members (reference §2.7: who can be the optional user in a widget token's `sub`, §7.2) and its
 * Embedded Environments (§5.6). Read-only: the console neither adds members nor provisions environments.
 */
import { z } from 'zod'
import { op } from './define'
import { customerRef } from './workato'
import { memberSchema, environmentWorkspaceSchema } from '../domain/members'
import { LIMITS } from './limits'

export const memberOps = {
  'members:list': op(
    customerRef,
    z.object({
      members: z.array(memberSchema).max(LIMITS.membersListed),
      /** True when the customer has more members than the console reads (`LIMITS.membersListed`). */
      truncated: z.boolean(),
    }),
    "A customer's members, every page (bounded)",
  ),
  'members:environments': op(
    customerRef,
    z.object({
      /** False when the customer has no Embedded Environments (its `_prod` workspace answers 404). */
      provisioned: z.boolean(),
      environments: z.array(environmentWorkspaceSchema),
    }),
    "A customer's DEV, TEST and PROD workspaces, when Embedded Environments are provisioned",
  ),
} as const
