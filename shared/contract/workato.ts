/**
 * Operations on a customer's workspace. Every call names the profile it acts for; core looks up that profile's
 * data center and token. Lists come from the directory cache with their age, so the UI can open on the last
 * known data at once and mark it stale when the API cannot be reached.
 */
import { z } from 'zod'
import { ok, op } from './define'
import { appErrorSchema } from '../errors'
import { profileIdSchema } from '../domain/profile'
import { idSchema, shortText } from '../domain/validators'
import { LIMITS } from './limits'
import {
  connectionCreateSchema,
  connectionFiltersSchema,
  connectionSchema,
  connectionUpdateSchema,
  customerInputSchema,
  customerSchema,
  customerUpdateSchema,
  folderSchema,
  jobListSchema,
  jobStatusSchema,
  recipeSchema,
  recipeStartResultSchema,
} from '../domain/workato'

const profileId = profileIdSchema
const customerId = idSchema
const connectionId = idSchema
const recipeId = idSchema

export const customerRef = z.object({ profileId, customerId })

/** A list as last seen: `fetchedAt` null = never fetched; `stale` = the last refresh failed or is older than the TTL. */
export function cached<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    fetchedAt: z.string().nullable(),
    stale: z.boolean(),
    /** Why the data is stale (API down, 429 ...), when it is. */
    error: appErrorSchema.nullable(),
  })
}
/** A list as last seen, of items of type T: the type of `cached(itemSchema)`'s output. */
export type CachedList<T> = Omit<z.infer<ReturnType<typeof cached>>, 'items'> & { items: T[] }

export const recipeUsageSchema = z.object({
  connectionId,
  /** Running recipes with a slot bound to the connection: what a forced disconnect would break. */
  runningRecipes: z.array(z.object({ id: recipeId, name: z.string() })),
})

/**
 * Waits of API calls (rate-limit queue, Retry-After, backoff before a retry) go out as `progress` events whose
 * task is `api:wait:<profileId>:<callId>`: label = what we wait for, total = seconds, finished when over.
 * `waits:cancel` with that task cancels the call. A call id of `background` (a directory refresh started by
 * itself) has its own cancel (`customers:cancelRefresh`).
 */
export const API_WAIT_TASK_PREFIX = 'api:wait:'
export function apiWaitTask(profileId: string, callId: string): string {
  return `${API_WAIT_TASK_PREFIX}${profileId}:${callId}`
}
export function parseApiWaitTask(task: string): { profileId: string; callId: string } | null {
  if (!task.startsWith(API_WAIT_TASK_PREFIX)) return null
  const rest = task.slice(API_WAIT_TASK_PREFIX.length)
  const i = rest.lastIndexOf(':')
  if (i <= 0) return null
  return { profileId: rest.slice(0, i), callId: rest.slice(i + 1) }
}
export const BACKGROUND_CALL_ID = 'background'

/** A create whose answer was cut off but whose object was then found says so here (see core/workato/reconcile.ts). */
const recovered = z.string().max(500).optional()

export const workatoOps = {
  'customers:list': op(z.object({ profileId }), cached(customerSchema), 'The customer directory from the local cache'),
  'customers:refresh': op(
    z.object({ profileId }),
    z.object({ count: z.number().int(), fetchedAt: z.string() }),
    'Re-read every customer from the API (progress events), then update the cache',
  ),
  'customers:cancelRefresh': op(z.object({ profileId }), ok, 'Cancel a running directory refresh'),
  'customers:get': op(customerRef, customerSchema, 'One customer, fresh from the API'),
  'customers:create': op(z.object({ profileId, input: customerInputSchema }), customerSchema.extend({ recovered }), 'Create a customer'),
  'customers:update': op(customerRef.extend({ patch: customerUpdateSchema }), customerSchema, 'Update a customer'),

  'connections:list': op(customerRef.extend({ filters: connectionFiltersSchema.optional() }), cached(connectionSchema), "A customer's connections"),
  'connections:get': op(customerRef.extend({ connectionId }), connectionSchema, 'Re-read one connection from the API'),
  'connections:create': op(
    customerRef.extend({ input: connectionCreateSchema }),
    connectionSchema.extend({ recovered }),
    'Create a (shell) connection',
  ),
  'connections:update': op(customerRef.extend({ connectionId, patch: connectionUpdateSchema }), connectionSchema, 'Update a connection'),
  'connections:usage': op(customerRef.extend({ connectionId }), recipeUsageSchema, 'Running recipes that use a connection'),
  'connections:disconnect': op(
    customerRef.extend({ connectionId, force: z.boolean().default(false) }),
    ok,
    'Disconnect (force when running recipes use it)',
  ),
  'connections:delete': op(customerRef.extend({ connectionId }), ok, 'Delete a connection'),

  'recipes:list': op(
    customerRef.extend({ running: z.boolean().optional(), stopCause: shortText(LIMITS.shortText, 'The stop cause').optional() }),
    cached(recipeSchema),
    "A customer's recipes (all pages)",
  ),
  'recipes:get': op(customerRef.extend({ recipeId }), recipeSchema, 'One recipe'),
  'recipes:start': op(customerRef.extend({ recipeId }), recipeStartResultSchema, 'Start a recipe; config errors come back as readable problems'),
  'recipes:stop': op(customerRef.extend({ recipeId }), recipeStartResultSchema, 'Stop a recipe'),

  'jobs:list': op(
    customerRef.extend({ recipeId, status: jobStatusSchema.optional(), offsetJobId: shortText(LIMITS.shortText, 'The job id').optional() }),
    jobListSchema,
    'Jobs of a recipe, newest first',
  ),
  'folders:list': op(
    customerRef,
    z.object({ folders: z.array(folderSchema), truncated: z.boolean() }),
    "Every folder of a customer's workspace, nested ones too (bounded; `truncated` when some were left out)",
  ),
  'waits:cancel': op(
    z.object({ task: z.string().max(300) }),
    z.object({ cancelled: z.boolean() }),
    'Cancel the API call behind a wait (`progress` task `api:wait:…`); false when it had already ended',
  ),
} as const

export type WorkatoOps = typeof workatoOps
