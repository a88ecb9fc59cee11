/**
 * The customer flows in the order partners must follow them: onboard (create + import a package, reference §5.2),
 * activate (bind and authorise every connector slot, then start, §4.3/§4.4), and only then connect end users
 * through runtime user connections (§9). These schemas type the core flows and the `flows:*` contract.
 */
import { z } from 'zod'
import { connectionSchema } from './workato'

/** §5.2 per-recipe outcome of an import. */
export const importResults = ['no_update_or_updated_without_restart', 'restarted', 'stopped', 'restart_failed'] as const

/** §5.2 package object (import or export). */
export const packageSchema = z.looseObject({
  id: z.number().int(),
  operation_type: z.enum(['export', 'import']),
  status: z.string(),
  export_manifest_id: z.number().int().nullable().optional(),
  download_url: z.string().nullable().optional(),
  error: z.string().nullable().optional(),
  recipe_status: z
    .array(z.looseObject({ id: z.number().int(), import_result: z.string() }))
    .nullable()
    .optional(),
})
export type Package = z.infer<typeof packageSchema>

export const FINISHED_PACKAGE_STATUSES = ['completed', 'failed'] as const
export function packageFinished(p: Pick<Package, 'status'>): boolean {
  return (FINISHED_PACKAGE_STATUSES as readonly string[]).includes(p.status)
}

/** Plain words for an `import_result` (§5.2). */
export function describeImportResult(result: string): string {
  switch (result) {
    case 'no_update_or_updated_without_restart':
      return 'Imported; not running (start it from the activation checklist)'
    case 'restarted':
      return 'Updated and restarted'
    case 'stopped':
      return 'Updated and left stopped'
    case 'restart_failed':
      return 'Updated, but it could not be restarted: see the checklist for what is missing'
    default:
      return result
  }
}

/** The largest package the console sends (the renderer reads the file; bytes cross IPC as base64). */
export const MAX_PACKAGE_BYTES = 20 * 1024 * 1024
export const MAX_PACKAGE_BASE64 = Math.ceil(MAX_PACKAGE_BYTES / 3) * 4

/** One asset of a finished import, with the recipe read back so the person sees names, not ids. */
export const importedRecipeSchema = z.object({
  id: z.number().int(),
  name: z.string().nullable(),
  importResult: z.string(),
  description: z.string(),
  running: z.boolean().nullable(),
  /** Connector slots still unbound after the import. */
  unboundSlots: z.array(z.string()),
})
export type ImportedRecipe = z.infer<typeof importedRecipeSchema>

export const importStatusSchema = z.object({
  package: packageSchema,
  finished: z.boolean(),
  /** Filled once the import completed. */
  recipes: z.array(importedRecipeSchema),
})
export type ImportStatus = z.infer<typeof importStatusSchema>

// ---------------------------------------------------------------- activation checklist

/**
 * One connector slot of a recipe (§4.3 `config[]`):
 * - `unbound`: no connection selected (`account_id` null);
 * - `missing`: bound to a connection that no longer exists;
 * - `unauthorised`: bound to a connection that is not connected;
 * - `ready`: bound and authorised.
 */
export const slotStates = ['unbound', 'missing', 'unauthorised', 'ready'] as const

export const checklistSlotSchema = z.object({
  /** Slot name (`config[].name`); the adapter name to bind with. */
  name: z.string(),
  provider: z.string(),
  accountId: z.number().int().nullable(),
  state: z.enum(slotStates),
  connection: connectionSchema.nullable(),
  /** Connections of the same provider in the workspace that could be bound (never runtime user connections). */
  candidates: z.array(z.object({ id: z.number().int(), name: z.string(), authorised: z.boolean() })),
  /** What to do, in one sentence. */
  todo: z.string().nullable(),
})
export type ChecklistSlot = z.infer<typeof checklistSlotSchema>

export const checklistRecipeSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  running: z.boolean(),
  stopCause: z.string().nullable(),
  folderId: z.number().int().nullable(),
  slots: z.array(checklistSlotSchema),
  /** Every slot is ready: starting should succeed. */
  ready: z.boolean(),
})
export type ChecklistRecipe = z.infer<typeof checklistRecipeSchema>

export const checklistSchema = z.object({
  recipes: z.array(checklistRecipeSchema),
  /** Counts for the header: recipes running / ready to start / blocked. */
  summary: z.object({ running: z.number().int(), ready: z.number().int(), blocked: z.number().int() }),
  checkedAt: z.string(),
})
export type Checklist = z.infer<typeof checklistSchema>

// ---------------------------------------------------------------- runtime user connections (§9)

/**
 * Who the runtime connection's parent is. Workato's docs make it a child of the recipe's default connection
 * (`default_connection`); recipe functions with runtime user connections switched on cannot rely on a parent
 * (`none`).
 */
export const parentModes = ['default_connection', 'none'] as const
export type ParentMode = (typeof parentModes)[number]

export const connectionBriefSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  provider: z.string(),
  authorised: z.boolean(),
  status: z.string().nullable(),
  externalId: z.string().nullable(),
  parentId: z.number().int().nullable(),
})
export type ConnectionBrief = z.infer<typeof connectionBriefSchema>

const recipeBriefSchema = z.object({ id: z.number().int(), name: z.string(), running: z.boolean() })

/** Why the default connection is not usable. */
export const defaultProblems = ['unbound', 'missing', 'unauthorised'] as const

export const runtimeUserOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('recipe_stopped'),
    recipe: recipeBriefSchema,
    /** The default connection's state too, so the fix can name everything at once. */
    defaultConnection: connectionBriefSchema.nullable(),
    defaultProblem: z.enum(defaultProblems).nullable(),
    message: z.string(),
    fix: z.string(),
  }),
  z.object({
    kind: z.literal('default_not_authorised'),
    recipe: recipeBriefSchema,
    slot: z.string(),
    defaultConnection: connectionBriefSchema.nullable(),
    defaultProblem: z.enum(defaultProblems),
    message: z.string(),
    fix: z.string(),
  }),
  z.object({
    kind: z.literal('found_authorised'),
    recipe: recipeBriefSchema,
    defaultConnection: connectionBriefSchema,
    connection: connectionBriefSchema,
    message: z.string(),
  }),
  z.object({
    kind: z.literal('found_unauthorised'),
    recipe: recipeBriefSchema,
    defaultConnection: connectionBriefSchema,
    connection: connectionBriefSchema,
    message: z.string(),
  }),
  z.object({
    kind: z.literal('created'),
    recipe: recipeBriefSchema,
    defaultConnection: connectionBriefSchema,
    connection: connectionBriefSchema,
    message: z.string(),
  }),
])
export type RuntimeUserOutcome = z.infer<typeof runtimeUserOutcomeSchema>

/** Outcomes after which the end user must authenticate in the widget. */
export function needsWidget(o: RuntimeUserOutcome): o is Extract<RuntimeUserOutcome, { kind: 'found_unauthorised' | 'created' }> {
  return o.kind === 'found_unauthorised' || o.kind === 'created'
}

/** Runtime user connections of one end user (grouped by `external_id`). */
export const runtimeUserGroupSchema = z.object({
  externalId: z.string(),
  connections: z.array(
    connectionBriefSchema.extend({
      parentName: z.string().nullable(),
      authorizedAt: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
})
export type RuntimeUserGroup = z.infer<typeof runtimeUserGroupSchema>
