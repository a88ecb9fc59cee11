/**
 * Workato Embedded API resources as the API returns them (reference §2.4, §3.3, §4.3, §4.6, §5.1).
 * Objects are loose: the API adds fields over time and the console shows what it knows, keeping the rest.
 * These same schemas type the API client's results and the IPC responses that carry them.
 */
import { z } from 'zod'
import { LIMITS } from '../contract/limits'
import { externalIdSchema, lineText, originSchema, shortText } from './validators'

const nullableString = z.string().nullable()
const isoDate = z.string()

/** §2.4 Customer (managed user). */
export const customerSchema = z.looseObject({
  id: z.number().int(),
  external_id: nullableString.optional(),
  name: z.string(),
  notification_email: nullableString.optional(),
  plan_id: nullableString.optional(),
  in_trial: z.boolean().optional(),
  trial: z.boolean().optional(),
  origin_url: nullableString.optional(),
  frame_ancestors: nullableString.optional(),
  time_zone: nullableString.optional(),
  created_at: isoDate.optional(),
  updated_at: isoDate.optional(),
})
export type Customer = z.infer<typeof customerSchema>

/** §2.2 create body (the subset the console edits). */
export const customerInputSchema = z.object({
  name: lineText(LIMITS.customerName, 'Name'),
  notification_email: z.email('Enter a valid email address').max(LIMITS.email),
  external_id: externalIdSchema.optional(),
  /** The customer's embedding origin (§2.2, §8.4): the same check as a profile's origins, on create and update. */
  origin_url: originSchema.optional(),
  time_zone: shortText(LIMITS.shortText, 'The time zone').optional(),
  plan_id: shortText(LIMITS.shortText, 'The plan id').optional(),
})
export type CustomerInput = z.infer<typeof customerInputSchema>

/** §2.3 partial update: a field changes only when present; null clears it. */
export const customerUpdateSchema = z.object({
  name: customerInputSchema.shape.name.optional(),
  notification_email: customerInputSchema.shape.notification_email.optional(),
  external_id: externalIdSchema.nullable().optional(),
  origin_url: originSchema.nullable().optional(),
  time_zone: customerInputSchema.shape.time_zone,
})
export type CustomerUpdate = z.infer<typeof customerUpdateSchema>

/** §3.3 Connection. `authorization_status === 'success'` means connected. */
export const connectionSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  provider: z.string(),
  description: nullableString.optional(),
  authorized_at: nullableString.optional(),
  authorization_status: nullableString.optional(),
  authorization_error: nullableString.optional(),
  created_at: isoDate.optional(),
  updated_at: isoDate.optional(),
  external_id: nullableString.optional(),
  folder_id: z.number().int().nullable().optional(),
  parent_id: z.number().int().nullable().optional(),
  connection_lost_at: nullableString.optional(),
  connection_lost_reason: nullableString.optional(),
  tags: z.array(z.string()).nullable().optional(),
})
export type Connection = z.infer<typeof connectionSchema>

export function isConnected(c: Pick<Connection, 'authorization_status'>): boolean {
  return c.authorization_status === 'success'
}

/** §3.2 list filters. */
const filterText = shortText(LIMITS.filterValue, 'A filter value')
const filterId = z.union([filterText, z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
export const connectionFiltersSchema = z.object({
  provider: filterText.optional(),
  folder_id: filterId.optional(),
  parent_id: filterId.optional(),
  external_id: filterText.optional(),
  include_runtime_connections: z.boolean().optional(),
  include_tags: z.boolean().optional(),
})
export type ConnectionFilters = z.infer<typeof connectionFiltersSchema>

/**
 * A connector's `input` fields (§3.4, §3.5): a flat form in practice, so bounded in keys, size and depth. The
 * depth is checked without recursion, so a hostile value cannot exhaust the stack.
 */
export const connectionInputSchema = z
  .record(z.string().max(LIMITS.shortText), z.unknown())
  .refine((r) => Object.keys(r).length <= LIMITS.connectionInputKeys, `At most ${LIMITS.connectionInputKeys} input fields`)
  .refine((r) => jsonDepth(r) <= LIMITS.connectionInputDepth, `Input nested more than ${LIMITS.connectionInputDepth} levels deep`)
  .refine(
    (r) => {
      try {
        return JSON.stringify(r).length <= LIMITS.connectionInputBytes
      } catch {
        return false
      }
    },
    `Input larger than ${LIMITS.connectionInputBytes / 1024} KiB as JSON`,
  )

/** Nesting depth of a JSON-like value, iteratively; stops counting once past `LIMITS.connectionInputDepth`. */
function jsonDepth(root: unknown): number {
  let max = 0
  const stack: { v: unknown; d: number }[] = [{ v: root, d: 0 }]
  while (stack.length) {
    const top = stack.pop()
    if (!top || top.v === null || typeof top.v !== 'object') continue
    const d = top.d + 1
    if (d > max) max = d
    if (max > LIMITS.connectionInputDepth) return max
    for (const child of Object.values(top.v)) stack.push({ v: child, d })
  }
  return max
}

const positiveId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

/** §3.4 create (shell or with input). */
export const connectionCreateSchema = z.object({
  provider: lineText(LIMITS.shortText, 'Provider'),
  name: lineText(LIMITS.connectionName, 'The connection name').optional(),
  folder_id: positiveId.optional(),
  parent_id: positiveId.optional(),
  external_id: externalIdSchema.optional(),
  shell_connection: z.boolean().optional(),
  input: connectionInputSchema.optional(),
})
export type ConnectionCreate = z.infer<typeof connectionCreateSchema>

/** §3.5 update. */
export const connectionUpdateSchema = z.object({
  name: lineText(LIMITS.connectionName, 'The connection name').optional(),
  folder_id: positiveId.optional(),
  parent_id: positiveId.nullable().optional(),
  external_id: externalIdSchema.nullable().optional(),
  input: connectionInputSchema.optional(),
})
export type ConnectionUpdate = z.infer<typeof connectionUpdateSchema>

/** §4.3 a connector slot of a recipe. `account_id` null = unbound. */
export const recipeConfigSchema = z.looseObject({
  keyword: z.string().optional(),
  name: z.string().optional(),
  provider: z.string().nullable().optional(),
  skip_validation: z.boolean().optional(),
  account_id: z.number().int().nullable().optional(),
})

export const stopCauses = ['trigger_errors_limit', 'action_quota_limit', 'trial_expired', 'txn_quota_limit'] as const

/** §4.3 Recipe. */
export const recipeSchema = z.looseObject({
  id: z.number().int(),
  user_id: z.number().int().optional(),
  name: z.string(),
  description: nullableString.optional(),
  created_at: isoDate.optional(),
  updated_at: isoDate.optional(),
  last_run_at: nullableString.optional(),
  stopped_at: nullableString.optional(),
  folder_id: z.number().int().nullable().optional(),
  running: z.boolean(),
  job_succeeded_count: z.number().int().optional(),
  job_failed_count: z.number().int().optional(),
  lifetime_task_count: z.number().int().optional(),
  stop_cause: nullableString.optional(),
  trigger_application: nullableString.optional(),
  action_applications: z.array(z.string()).optional(),
  applications: z.array(z.string()).optional(),
  config: z.array(recipeConfigSchema).optional(),
})
export type Recipe = z.infer<typeof recipeSchema>

/** §4.4 start/stop outcome, with config errors turned into readable reasons by core. */
export const recipeStartResultSchema = z.object({
  success: z.boolean(),
  /** One sentence per problem, e.g. "Step 1: Salesforce connection is not connected (connection 42)". */
  problems: z.array(z.string()),
  raw: z.unknown().optional(),
})
export type RecipeStartResult = z.infer<typeof recipeStartResultSchema>

/**
 * §4.6 `error_parts` of a failed job: where it failed (`adapter`, e.g. `salesforce`), the error's class
 * (`error_type`), Workato's sentence (`message`), the app's own wording when it differs (`inner_message`), and the
 * step's `input` when Workato gives it. Every field is optional: older jobs and poll errors carry only some.
 */
export const jobErrorPartsSchema = z.looseObject({
  adapter: nullableString.optional(),
  error_type: nullableString.optional(),
  message: nullableString.optional(),
  error_id: nullableString.optional(),
  error_at: nullableString.optional(),
  input: z.unknown().optional(),
  inner_message: nullableString.optional(),
})
export type JobErrorParts = z.infer<typeof jobErrorPartsSchema>

/** §4.6 Job. */
export const jobSchema = z.looseObject({
  id: z.string(),
  flow_run_id: z.number().int().optional(),
  title: nullableString.optional(),
  started_at: nullableString.optional(),
  completed_at: nullableString.optional(),
  is_error: z.boolean().optional(),
  is_poll_error: z.boolean().optional(),
  error: nullableString.optional(),
  error_parts: jobErrorPartsSchema.nullable().optional(),
  status: z.string().optional(),
})
export type Job = z.infer<typeof jobSchema>

export const jobStatuses = ['succeeded', 'failed', 'pending'] as const
/** §4.6: the `status` filter of a job list. */
export const jobStatusSchema = z.enum(jobStatuses)
export type JobStatus = z.infer<typeof jobStatusSchema>

export const jobListSchema = z.object({
  job_succeeded_count: z.number().int(),
  job_failed_count: z.number().int(),
  job_count: z.number().int(),
  items: z.array(jobSchema),
})
export type JobList = z.infer<typeof jobListSchema>

/** §5.1 Folder. */
export const folderSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  parent_id: z.number().int().nullable().optional(),
  created_at: isoDate.optional(),
  updated_at: isoDate.optional(),
})
export type Folder = z.infer<typeof folderSchema>

/**
 * §5.3: `PUT /api/account/signature_verification_key` answers `{ vendor_id, success: true }`. The reference
 * shows `vendor_id` as a string; some accounts answer a number, so both are read and kept as the string the
 * JWT `sub` needs.
 */
export const signingKeyRegistrationSchema = z.object({ vendor_id: z.union([z.string(), z.number()]).transform(String), success: z.literal(true) })
