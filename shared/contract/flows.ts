/**
 * The customer flows (issue 7): onboarding with a package import (reference §5.2), the activation checklist
 * (§4.3, §4.4, binding with §4.1 `connect`), and runtime user connections (§9). Each call names its profile and
 * customer; the decision logic runs in core and comes back as typed outcomes the screens render.
 */
import { z } from 'zod'
import { event, ok, op } from './define'
import { profileIdSchema } from '../domain/profile'
import { idSchema, lineText, shortText } from '../domain/validators'
import { LIMITS } from './limits'
import {
  MAX_PACKAGE_BASE64,
  MAX_PACKAGE_BYTES,
  checklistRecipeSchema,
  checklistSchema,
  importStatusSchema,
  packageSchema,
  parentModes,
  runtimeUserGroupSchema,
  runtimeUserOutcomeSchema,
} from '../domain/flows'

const profileId = profileIdSchema
const customerId = idSchema
const recipeId = idSchema
const scope = z.object({ profileId, customerId })

/**
 * How long core watches an import before it gives up (`flows:importWatch` then fails with `timeout`; the import
 * itself keeps running in Workato). Workato documents no bound; ten minutes covers every package we have seen.
 */
export const IMPORT_WATCH = { intervalMs: 800, maxWaitMs: 10 * 60_000 } as const

/** The task id of one watched import, shared by its progress events and `flows:importCancel`. */
export function importTask(profileId: string, packageId: number): string {
  return `flows:import:${profileId}:${packageId}`
}

export const importProgressSchema = z.object({
  /** `importTask(profileId, packageId)`. */
  task: z.string(),
  /** 1 for the first status read. */
  poll: z.number().int().positive(),
  status: importStatusSchema,
})
export type ImportProgress = z.infer<typeof importProgressSchema>

export const flowOps = {
  'flows:importStart': op(
    scope.extend({
      fileName: lineText(LIMITS.fileName, 'The file name'),
      /** The zip's bytes, base64 (the renderer reads the file; bytes are not structured-cloneable as-is over HTTP). */
      zipBase64: z
        .string()
        .min(1, 'The package is empty.')
        .max(MAX_PACKAGE_BASE64, `The package is larger than ${MAX_PACKAGE_BYTES / 1024 / 1024} MB, the most the console sends.`),
      folder: z.union([z.object({ id: idSchema }), z.object({ create: lineText(LIMITS.folderName, 'The folder name', 'Name the new folder.') })]),
      restartRecipes: z.boolean().default(false),
    }),
    z.object({ package: packageSchema, folderId: z.number().int() }),
    'Upload a recipe package (zip) into a customer folder; the import then runs asynchronously',
  ),
  'flows:samplePackage': op(
    z.object({ profileId }),
    z.object({ fileName: z.string(), zipBase64: z.string(), description: z.string() }),
    "A sample recipe package in the sandbox's format (sandbox profiles only), to try onboarding without an export",
  ),
  'flows:importStatus': op(
    scope.extend({ packageId: idSchema }),
    importStatusSchema,
    "One status read of an import; once completed, each recipe's result with its name and unbound slots",
  ),
  'flows:importWatch': op(
    scope.extend({ packageId: idSchema }),
    importStatusSchema,
    `Read an import's status until it finishes (an \`importProgress\` event per read), for at most ${IMPORT_WATCH.maxWaitMs / 60_000} minutes`,
  ),
  'flows:importCancel': op(
    z.object({ profileId, packageId: idSchema }),
    ok,
    'Stop watching an import (the watch fails with `cancelled`); the import keeps running in Workato',
  ),
  'flows:checklist': op(scope, checklistSchema, 'Every recipe with its connector slots: bound? authorised? what to do'),
  'flows:bindSlot': op(
    scope.extend({
      recipeId,
      adapterName: lineText(LIMITS.shortText, 'The adapter name'),
      choice: z.union([
        z.object({ connectionId: idSchema }),
        z.object({ createShell: z.object({ name: lineText(LIMITS.connectionName, 'The connection name', 'Name the new connection.') }) }),
      ]),
    }),
    z.object({ recipe: checklistRecipeSchema, connectionId: z.number().int() }),
    "Bind a stopped recipe's slot to an existing connection, or to a new shell connection",
  ),
  'flows:runtimeUser': op(
    scope.extend({
      recipeId,
      endUserId: lineText(LIMITS.externalId, 'The end user id', 'Enter the end user id.'),
      adapterName: lineText(LIMITS.shortText, 'The adapter name').optional(),
      parent: z.enum(parentModes).default('default_connection'),
      connectionName: shortText(LIMITS.connectionName, 'The connection name').optional(),
    }),
    runtimeUserOutcomeSchema,
    "Check the recipe and its default connection, then find or create the end user's runtime connection",
  ),
  'flows:runtimeUsers': op(scope, z.array(runtimeUserGroupSchema), 'Runtime user connections, grouped by end user'),
} as const

export const flowEvents = {
  importProgress: event(importProgressSchema, 'One status read of a watched import (`flows:importWatch`)'),
} as const
