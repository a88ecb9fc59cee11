/**
 * Workato Embedded API resources as the API returns them (reference §2.4, §3.3, §4.3, §4.6, §5.1).
 * Objects are loose: the API adds fields over time and the console shows what it knows, keeping the rest.
 * These same schemas type the API client's results and the IPC responses that carry them.
 */
import { z } from 'zod'

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
  name: z.string().trim().min(1, 'Name is required'),
  notification_email: z.email('Enter a valid email address'),
  external_id: z.string().trim().min(1).optional(),
  origin_url: z.url({ protocol: /^https$/, message: 'Origin URL must be an https:// URL' }).optional(),
  time_zone: z.string().optional(),
  plan_id: z.string().optional(),
})
export type CustomerInput = z.infer<typeof customerInputSchema>

/** §2.3 partial update: a field changes only when present; null clears it. */
export const customerUpdateSchema = z.object({
  name: z.string().trim().min(1).optional(),
  notification_email: z.email().optional(),
  external_id: z.string().nullable().optional(),
  origin_url: z.string().nullable().optional(),
  time_zone: z.string().optional(),
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
export const connectionFiltersSchema = z.object({
  provider: z.string().optional(),
  folder_id: z.union([z.string(), z.number()]).optional(),
  parent_id: z.union([z.string(), z.number()]).optional(),
  external_id: z.string().optional(),
  include_runtime_connections: z.boolean().optional(),
  include_tags: z.boolean().optional(),
})
export type ConnectionFilters = z.infer<typeof connectionFiltersSchema>

/** §3.4 create (shell or with input). */
export const connectionCreateSchema = z.object({
  provider: z.string().trim().min(1, 'Provider is required'),
  name: z.string().trim().min(1).optional(),
  folder_id: z.number().int().optional(),
  parent_id: z.number().int().optional(),
  external_id: z.string().trim().min(1).optional(),
  shell_connection: z.boolean().optional(),
  input: z.record(z.string(), z.unknown()).optional(),
})
export type ConnectionCreate = z.infer<typeof connectionCreateSchema>

/** §3.5 update. */
export const connectionUpdateSchema = z.object({
  name: z.string().optional(),
  folder_id: z.number().int().optional(),
  parent_id: z.number().int().nullable().optional(),
  external_id: z.string().nullable().optional(),
  input: z.record(z.string(), z.unknown()).optional(),
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
export type RecipeConfig = z.infer<typeof recipeConfigSchema>

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
  status: z.string().optional(),
})
export type Job = z.infer<typeof jobSchema>

export const jobStatuses = ['succeeded', 'failed', 'pending'] as const

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
