/**
 * Job operations beyond the one-recipe list (`jobs:list` in workato.ts): one job's details with its `error_parts`,
 * a customer's failed jobs across every recipe, and re-runs through `repeat_jobs` (reference §4.6).
 */
import { z } from 'zod'
import { op } from './define'
import { appErrorSchema } from '../errors'
import { idSchema } from '../domain/validators'
import { jobSchema } from '../domain/workato'
import { customerRef } from './workato'
import { JOB_LIMITS, LIMITS } from './limits'

export const jobIdSchema = z
  .string()
  .min(1, 'The job id is required')
  .max(JOB_LIMITS.jobId, `A job id has at most ${JOB_LIMITS.jobId} characters`)
  .regex(/^[A-Za-z0-9_-]+$/, 'A job id has only letters, digits, "-" and "_" (Workato job ids look like j-AbC123-xyz)')

/** Where a failed-jobs sweep stopped in one recipe: the last job shown (`after`), or `done` when it has no older one. */
export const failedJobsCursorSchema = z
  .array(
    z.object({
      recipeId: idSchema,
      recipeName: z.string().max(LIMITS.customerName),
      after: jobIdSchema.nullable(),
      done: z.boolean(),
    }),
  )
  .max(JOB_LIMITS.failedCursorRecipes)
export type FailedJobsCursor = z.infer<typeof failedJobsCursorSchema>

export const failedJobSchema = z.object({ recipeId: idSchema, recipeName: z.string(), job: jobSchema })
export type FailedJob = z.infer<typeof failedJobSchema>

export const failedJobsPageSchema = z.object({
  /** Newest first across every recipe. */
  items: z.array(failedJobSchema),
  /** Pass back for the next (older) page; null when every recipe has been read to its end. */
  cursor: failedJobsCursorSchema.nullable(),
  /** Recipes with failed jobs on record (a recipe whose lifetime failed count is 0 is not asked). */
  recipesWithFailures: z.number().int(),
  /** Recipes whose jobs could not be read (the rest of the list is still shown). */
  problems: z.array(z.object({ recipeId: idSchema, recipeName: z.string(), error: appErrorSchema })),
})
export type FailedJobsPage = z.infer<typeof failedJobsPageSchema>

export const rerunRequestSchema = customerRef.extend({
  jobs: z
    .array(z.object({ recipeId: idSchema, jobId: jobIdSchema }))
    .min(1, 'Choose at least one job to re-run')
    .max(
      JOB_LIMITS.rerunJobs,
      `At most ${JOB_LIMITS.rerunJobs} jobs can be re-run at once (Workato takes 25 per request, one request a second); re-run the rest in a second batch`,
    ),
})

export const rerunOutcomes = ['accepted', 'refused', 'not_sent'] as const
export const rerunResultSchema = z.object({
  /** One per `repeat_jobs` request: at most 25 jobs of one recipe each. */
  requests: z.array(
    z.object({
      recipeId: idSchema,
      jobIds: z.array(z.string()),
      outcome: z.enum(rerunOutcomes),
      error: appErrorSchema.nullable(),
    }),
  ),
  /** One per job asked for, in the order asked, with the sentence shown beside it. */
  jobs: z.array(z.object({ recipeId: idSchema, jobId: z.string(), outcome: z.enum(rerunOutcomes), message: z.string() })),
})
export type RerunResult = z.infer<typeof rerunResultSchema>

export const jobOps = {
  'jobs:get': op(customerRef.extend({ recipeId: idSchema, jobId: jobIdSchema }), jobSchema, "One job's details with its error parts (§4.6)"),
  'jobs:failed': op(
    customerRef.extend({
      cursor: failedJobsCursorSchema.optional(),
      pageSize: z.number().int().min(1).max(JOB_LIMITS.failedPage).default(JOB_LIMITS.failedPageDefault),
    }),
    failedJobsPageSchema,
    "A customer's failed jobs across every recipe, newest first (cursor paging per recipe, §4.6)",
  ),
  'jobs:rerun': op(rerunRequestSchema, rerunResultSchema, 'Re-run jobs with repeat_jobs: ≤25 per request, one request a second (§4.6)'),
} as const
