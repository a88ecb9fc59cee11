/**
 * The customer directory as it streams in (issue 13): each page of `GET /api/managed_users` (reference §2.5,
 * §6.3) is pushed as it arrives, so rows appear and are searchable while the rest is still being read.
 * Workato gives no total, so `expected` is the size of the last complete read (null on a cold start).
 */
import { z } from 'zod'
import { event } from './define'
import { appErrorSchema } from '../errors'
import { profileIdSchema } from '../domain/profile'
import { customerSchema } from '../domain/workato'
import { FLEET_DIRECTORY_LIMITS } from './limits'

/** A page is at most 100 customers (§2.5); the bound (limits.ts) leaves room for a larger page without trusting any size. */
export const DIRECTORY_PAGE_MAX_ITEMS = FLEET_DIRECTORY_LIMITS.directoryPageItems

export const directoryPageSchema = z.object({
  profileId: profileIdSchema,
  /** Which refresh this belongs to (a later refresh's pages never mix into an earlier one's). */
  runId: z.number().int().nonnegative(),
  /**
   * `reading`: `items` is the page just read; `done`: the read finished (the cache holds the full list);
   * `cancelled`: stopped by the person, the rows read so far are kept; `failed`: stopped by `error`, rows kept.
   */
  state: z.enum(['reading', 'done', 'cancelled', 'failed']),
  items: z.array(customerSchema).max(DIRECTORY_PAGE_MAX_ITEMS),
  /** Distinct customers read so far in this refresh. */
  read: z.number().int().nonnegative(),
  expected: z.number().int().nonnegative().nullable(),
  error: appErrorSchema.nullable(),
})
export type DirectoryPage = z.infer<typeof directoryPageSchema>

export const directoryEvents = {
  directoryPage: event(directoryPageSchema, 'A page of the customer directory as it is read, and how the read ended'),
} as const
