/**
 * The rate-limit budget this console may spend (issue 13): per Workato family (reference §6.2), the calls sent in
 * the current window, the documented limit, the share the console allows itself (settings.rateLimitShare) and,
 * when a call waits, who waits, why and for how long. `budget:get` answers at once; the `budget` event repeats it
 * when it changes, at most four times a second.
 *
 * Times are milliseconds from the moment of the snapshot, never clock times: the renderer adds them to its own
 * clock when the snapshot arrives, so the two processes' clocks never have to agree (as for API waits).
 */
import { z } from 'zod'
import { event, op } from './define'
import { profileIdSchema } from '../domain/profile'
import { LIMITS } from './limits'

const count = z.number().int().nonnegative()

export const familyBudgetSchema = z.object({
  /** The family's key (`customers`, `recipes_list`, …, `other`) and its name in words. */
  family: z.string().max(LIMITS.shortText),
  label: z.string(),
  limit: count,
  windowMs: count,
  /** The share in force (0.05–1) and the calls per window it allows: floor(limit × share), at least 1. */
  share: z.number().min(0).max(1),
  allowed: count,
  used: count,
  queued: count,
  /** Until the oldest call in the window ages out; null when the window is empty. */
  freesInMs: count.nullable(),
  /** A 429 Retry-After hold still in force (0 = none). */
  pausedForMs: count,
  waiting: z
    .object({
      /** What waits: the console's activity and the request, e.g. "Directory refresh: GET /api/managed_users". */
      caller: z.string(),
      /** `window`: this console's share of the window is spent; `paused`: Workato answered 429 with Retry-After. */
      reason: z.enum(['window', 'paused']),
      waitedMs: count,
      remainingMs: count,
    })
    .nullable(),
})
export type FamilyBudget = z.infer<typeof familyBudgetSchema>

export const budgetSnapshotSchema = z.object({
  profileId: profileIdSchema,
  /** settings.rateLimitShare as read for this snapshot. */
  share: z.number().min(0).max(1),
  /** Client-side limits lifted (the Sandbox's "limits off" mode): no family is paced. */
  limitsOff: z.boolean(),
  /** Only the families this profile has used or is waiting on, busiest first; the others are untouched. */
  families: z.array(familyBudgetSchema),
})
export type BudgetSnapshot = z.infer<typeof budgetSnapshotSchema>

export const budgetOps = {
  'budget:get': op(z.object({ profileId: profileIdSchema }), budgetSnapshotSchema, "A profile's rate-limit budget per family, now"),
} as const

export const budgetEvents = {
  budget: event(budgetSnapshotSchema, "A profile's rate-limit budget changed (throttled: at most 4 a second)"),
} as const
