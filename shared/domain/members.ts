/**
 * A customer's members (reference §2.7) and Embedded Environments (§5.6), as the API answers them. Only what the
 * console shows is required; the rest passes through.
 */
import { z } from 'zod'
import { environmentSchema } from './customer-ref'

const nullableString = z.string().nullable()

/** §2.7 member fields (third-party schema): `id`, `grant_type`, `role_name`, `external_id`, `name`, `email`, `time_zone`. */
export const memberSchema = z.looseObject({
  id: z.number().int(),
  name: nullableString.optional(),
  email: nullableString.optional(),
  role_name: nullableString.optional(),
  grant_type: nullableString.optional(),
  external_id: nullableString.optional(),
  time_zone: nullableString.optional(),
})
export type Member = z.infer<typeof memberSchema>

/** One environment workspace of a customer that has them (§5.6). */
export const environmentWorkspaceSchema = z.object({
  environment: environmentSchema,
  /** The workspace id Workato answered for `<customer>_<environment>`. */
  workspaceId: z.number().int(),
  name: z.string(),
})
export type EnvironmentWorkspace = z.infer<typeof environmentWorkspaceSchema>
