/**
 * Paced bulk recipe start/stop across customers (issue 13 item 5). A bulk action is two steps: `bulk:plan` reads
 * every target's current state (a dry run, nothing changes) and `bulk:run` acts on the plan the person confirmed,
 * by its exact count. Core persists the run after every target, so a run cut short by a quit or a crash is found
 * again by `bulk:status` and can be resumed with `bulk:resume` (reference §4.4 start, §4.5 stop, §6.2 limits).
 */
import { z } from 'zod'
import { event, ok, op } from './define'
import { bulkTargetSchema } from './fleet'
import { BULK_LIMITS } from './limits'
import { profileIdSchema } from '../domain/profile'
import { shortText } from '../domain/validators'

const profileId = profileIdSchema
const runId = z.string().regex(/^[a-z0-9-]{8,64}$/, 'The run id is 8 to 64 characters of a-z, 0-9 and -.')
const query = shortText(BULK_LIMITS.query, 'The search').transform((s) => s.trim())

export const bulkActionSchema = z.enum(['start', 'stop'])
export type BulkAction = z.infer<typeof bulkActionSchema>

/** Where the targets come from: a list (the triage view), customers matching a search, or every ready recipe. */
export const bulkSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('targets'),
    targets: z
      .array(bulkTargetSchema)
      .min(1, 'Choose at least one recipe.')
      .max(BULK_LIMITS.targets, `A bulk action takes at most ${BULK_LIMITS.targets.toLocaleString('en-US')} recipes.`),
  }),
  z.object({
    kind: z.literal('filter'),
    /** Matches the customer's name, id or external id, as the Customers screen's search does; empty = every customer. */
    customerQuery: query.default(''),
    /** Only recipes whose name contains this (case-insensitive); empty = every recipe of those customers. */
    recipeQuery: query.default(''),
  }),
  z.object({ kind: z.literal('ready'), customerQuery: query.default('') }),
])
export type BulkSource = z.infer<typeof bulkSourceSchema>
export type BulkSourceIn = z.input<typeof bulkSourceSchema>

/**
 * What the dry run found for one target. `act`: will be sent. `not_ready`: a start whose connections are not all
 * authorised (the activation checklist's rule); sent only if the person includes them. `already`: already in the
 * wanted state. `missing`: no such recipe. `unreadable`: its customer could not be read.
 */
export const bulkVerdictSchema = z.enum(['act', 'not_ready', 'already', 'missing', 'unreadable'])
export type BulkVerdict = z.infer<typeof bulkVerdictSchema>

export const bulkPlanRowSchema = z.object({
  customerId: z.number().int(),
  customerName: z.string(),
  recipeId: z.number().int(),
  recipeName: z.string(),
  running: z.boolean().nullable(),
  stopCause: z.string().nullable(),
  /** For a start: whether every connector slot is ready (null for a stop, or when it could not be read). */
  ready: z.boolean().nullable(),
  /** Why not ready, one sentence per slot, or why the row could not be read. */
  blockers: z.array(z.string()),
  verdict: bulkVerdictSchema,
})
export type BulkPlanRow = z.infer<typeof bulkPlanRowSchema>

export const bulkPlanSchema = z.object({
  planId: runId,
  profileId,
  action: bulkActionSchema,
  /** "3 recipes from the triage view", "customers matching "acme"", "every ready recipe". */
  source: z.string(),
  createdAt: z.string(),
  rows: z.array(bulkPlanRowSchema),
  counts: z.record(bulkVerdictSchema, z.number().int()),
  /** Customers whose lists could not be read (their rows are `unreadable`). */
  customersFailed: z.number().int(),
})
export type BulkPlan = z.infer<typeof bulkPlanSchema>

/**
 * One target of a run. `in_flight`: sent and not yet answered (after a crash: maybe carried out, so it is read
 * again before anything is sent). `already`: found in the wanted state, nothing sent. `refused`: Workato said no
 * (for a start, with its `config_errors`). `failed`: the call failed. `skipped`: left out (not ready, discarded).
 */
export const bulkTargetStatusSchema = z.enum(['pending', 'in_flight', 'succeeded', 'already', 'refused', 'failed', 'skipped'])
export type BulkTargetStatus = z.infer<typeof bulkTargetStatusSchema>

export const bulkRunTargetSchema = z.object({
  index: z.number().int().nonnegative(),
  customerId: z.number().int(),
  customerName: z.string(),
  recipeId: z.number().int(),
  recipeName: z.string(),
  status: bulkTargetStatusSchema,
  /** Readable reasons: Workato's config/code errors for a refused start, the error sentence for a failure. */
  problems: z.array(z.string()),
  /** Workato's raw `config_errors` of a refused start, as JSON text (for the export). */
  configErrors: z.string().nullable(),
  errorCode: z.string().nullable(),
  at: z.string().nullable(),
})
export type BulkRunTarget = z.infer<typeof bulkRunTargetSchema>

/** `interrupted`: the app stopped mid-run (quit, crash); `cancelled`: the person stopped it. Both can be resumed. */
export const bulkRunStateSchema = z.enum(['running', 'cancelled', 'interrupted', 'finished'])
export type BulkRunState = z.infer<typeof bulkRunStateSchema>

export const bulkWaitSchema = z.object({ reason: z.string(), until: z.string() })
export type BulkWait = z.infer<typeof bulkWaitSchema>

export const bulkCountsSchema = z.record(bulkTargetStatusSchema, z.number().int())
export type BulkCounts = z.infer<typeof bulkCountsSchema>

export const bulkPaceSchema = z.object({
  /** Workato's documented limit for recipe start/stop calls (reference §6.2) as the profile's pacer has it. */
  limit: z.number().int(),
  windowMs: z.number().int(),
  /** The share of it this console allows itself (settings `rateLimitShare`). */
  share: z.number(),
  /** Calls per window this run allows itself: floor(limit × share), at least 1. */
  allowed: z.number().int(),
})

export const bulkRunSchema = z.object({
  runId,
  profileId,
  action: bulkActionSchema,
  source: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * Goes up by one with every change core makes while the run is in memory, so the screen can order an RPC answer
   * and the events around it (they travel separately) and notice an event it missed.
   */
  seq: z.number().int().nonnegative(),
  state: bulkRunStateSchema,
  /** Set when the run stopped for a reason the person should read (a 429 storm, the app quitting). */
  note: z.string().nullable(),
  targets: z.array(bulkRunTargetSchema),
  counts: bulkCountsSchema,
  wait: bulkWaitSchema.nullable(),
  /** Milliseconds until the last target is done, from the pace and the measured call time; null when idle. */
  etaMs: z.number().nullable(),
  pace: bulkPaceSchema.nullable(),
})
export type BulkRun = z.infer<typeof bulkRunSchema>

/** A run's progress: its summary plus only the targets that changed since the last event. */
export const bulkRunEventSchema = bulkRunSchema.omit({ targets: true }).extend({ changed: z.array(bulkRunTargetSchema) })
export type BulkRunEvent = z.infer<typeof bulkRunEventSchema>

export const bulkPlanProgressSchema = z.object({
  profileId,
  /** Customers read so far and in all. */
  done: z.number().int(),
  total: z.number().int(),
  label: z.string(),
})
export type BulkPlanProgress = z.infer<typeof bulkPlanProgressSchema>

const runRef = z.object({ profileId, runId })

export const bulkOps = {
  'bulk:plan': op(
    z.object({ profileId, action: bulkActionSchema, source: bulkSourceSchema }),
    bulkPlanSchema,
    'Dry run: read every target (recipe state and, for a start, readiness) without changing anything',
  ),
  'bulk:cancelPlan': op(z.object({ profileId }), ok, 'Stop a dry run that is still reading'),
  'bulk:run': op(
    z.object({
      profileId,
      planId: runId,
      /** Also send the starts the dry run found not ready (Workato will refuse them and say why). */
      includeNotReady: z.boolean().default(false),
      /** The exact number of recipes the person confirmed; refused when the plan has a different number. */
      confirmCount: z.number().int().positive().max(BULK_LIMITS.targets),
    }),
    bulkRunSchema,
    'Run a confirmed dry run: paced, one audit line per target, persisted after each target',
  ),
  'bulk:status': op(z.object({ profileId }), z.object({ run: bulkRunSchema.nullable() }), "The profile's latest bulk run, unfinished or not"),
  'bulk:resume': op(runRef, bulkRunSchema, 'Resume an interrupted or cancelled run (re-reads each remaining recipe first)'),
  'bulk:cancel': op(runRef, bulkRunSchema, 'Stop a run after the call in flight; it can be resumed later'),
  'bulk:discard': op(runRef, bulkRunSchema, 'Close an unfinished run without sending the rest (they are marked skipped)'),
  'bulk:export': op(
    runRef,
    z.object({ fileName: z.string(), csv: z.string(), path: z.string().nullable() }),
    "A run's per-target results as CSV; also saved under the data folder",
  ),
} as const

export const bulkEvents = {
  bulkRun: event(bulkRunEventSchema, 'Progress of a bulk run: counts, ETA, the current wait and the targets that changed'),
  bulkPlan: event(bulkPlanProgressSchema, 'Progress of a dry run (customers read)'),
} as const
