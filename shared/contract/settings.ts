/**
 * The Settings screen (issue 14, item 8): app-wide preferences kept in the settings file, where the app keeps its
 * files, and what the updater can do in this build. "Show in folder" lives here too; the audit screen uses it.
 */
import { z } from 'zod'
import { dataCenterIdSchema } from '../data-centers'
import { noInput, op } from './define'
import { AUDIT_LIMITS } from './limits'

/** Data centers a new profile can start on (the emulator belongs to the built-in Sandbox profile only). */
export const defaultDataCenterSchema = dataCenterIdSchema.exclude(['emulator'])

export const preferencesSchema = z.object({
  /**
   * The share of each Workato rate-limit family (docs/workato.md §2.4) the console allows itself; the rest of the
   * account's budget is left to the partner's own backend and other admins.
   */
  rateLimitShare: z
    .number({ error: 'The rate-limit share must be a number.' })
    .min(0.05, 'The rate-limit share must be at least 5 %.')
    .max(1, 'The rate-limit share cannot be more than 100 %.'),
  /** What the "New profile" form starts on. */
  defaultDataCenter: defaultDataCenterSchema,
})
export type Preferences = z.infer<typeof preferencesSchema>

export const settingsViewSchema = z.object({
  preferences: preferencesSchema,
  locations: z.object({
    dataDir: z.string(),
    settingsFile: z.string(),
    auditFile: z.string(),
    /** Null when the log goes nowhere a person can open (the test harness, or the log file failed to open). */
    logFile: z.string().nullable(),
  }),
  updates: z.object({
    /** True only in a packaged build that was given an update feed (electron/main/updater.ts). */
    enabled: z.boolean(),
    /** One sentence on what the app does about updates in this build. */
    description: z.string(),
  }),
})
export type SettingsView = z.infer<typeof settingsViewSchema>

export const settingsOps = {
  'settings:get': op(noInput, settingsViewSchema, 'App preferences, where the app keeps its files, and what the updater does in this build'),
  'settings:update': op(
    preferencesSchema.partial().refine((p) => Object.keys(p).length > 0, 'Nothing to change.'),
    settingsViewSchema,
    'Change preferences (validated, written at once; the rate-limit share applies to the next call)',
  ),
  'settings:checkForUpdates': op(noInput, z.object({ started: z.boolean(), message: z.string() }), 'Check for a newer version now'),
  'settings:showInFolder': op(
    z.object({ path: z.string().min(1).max(AUDIT_LIMITS.path) }),
    z.object({ path: z.string() }),
    "Reveal one of the app's own files in the system file manager (paths outside the app's folders are refused)",
  ),
} as const
