/**
 * The kinds of problem the fleet health sweep reports (issue 13). Shared by core's derivation
 * (`shared/domain/health.ts`), the triage view and the emulator's seeded truth, which may not import core.
 */
import { z } from 'zod'

export const healthKinds = [
  'connection_unauthorized_in_use',
  'connection_lost_in_use',
  'recipe_stopped_by_cause',
  'failed_jobs_rising',
  'task_usage_near_limit',
  'trial_ending',
  'default_connection_unauthorized_for_runtime_users',
] as const
export const healthKindSchema = z.enum(healthKinds)
export type HealthKind = z.infer<typeof healthKindSchema>
