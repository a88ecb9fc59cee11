/**
 * The settings file's shape, per version. Only non-secret data lives here: secrets are in the vault, keyed by
 * profile id. Bump SETTINGS_VERSION with a new schema and add a step to `migrations` (migrations.ts).
 */
import { z } from 'zod'
import { keyInfoSchema } from '../../../shared/contract/profiles'
import { defaultDataCenterSchema } from '../../../shared/contract/settings'
import { profileIdSchema, profileSchema } from '../../../shared/domain/profile'

export const SETTINGS_VERSION = 3

/** A profile as stored: the shared non-secret profile plus what only core needs. */
export const storedProfileSchema = profileSchema.extend({
  builtIn: z.boolean().default(false),
  /** How the stored key arrived (keys:info reports it); null when no key is stored. */
  keySource: keyInfoSchema.shape.source.nullable().default(null),
  /** Fingerprint of the key last registered through keys:register, to tell the user when the key changed since. */
  registeredKeyFingerprint: z.string().nullable().default(null),
})
export type StoredProfile = z.infer<typeof storedProfileSchema>

export const settingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_VERSION),
  activeProfileId: profileIdSchema.nullable().default(null),
  profiles: z.array(storedProfileSchema).default([]),
  /**
   * The share of each Workato rate-limit family (reference §2.4) this console allows itself. The quota is shared
   * by every admin key of the partner's account, the partner's own production backend included, so a fleet sweep
   * or bulk run must leave the rest. Absent in older files: the default applies.
   */
  rateLimitShare: z.number().min(0.05).max(1).default(0.5),
  /** The data center the "New profile" form starts on (Settings screen). Absent in older files: US. */
  defaultDataCenter: defaultDataCenterSchema.default('us'),
})
export type SettingsData = z.infer<typeof settingsSchema>

export function emptySettings(): SettingsData {
  return { schemaVersion: SETTINGS_VERSION, activeProfileId: null, profiles: [], rateLimitShare: 0.5, defaultDataCenter: 'us' }
}

/**
 * v1 (first release): one `originUrl` string per profile. Kept only so the v1→v2 migration has a typed input;
 * loose (passthrough) so a field we forgot survives into v2 and is then checked by the v2 schema.
 */
export const settingsV1Schema = z.looseObject({
  schemaVersion: z.literal(1).optional(),
  activeProfileId: z.string().nullable().optional(),
  profiles: z.array(z.looseObject({ originUrl: z.string().nullable().optional() })).optional(),
})
export type SettingsV1 = z.infer<typeof settingsV1Schema>

/**
 * v2: `sandbox` was both the built-in emulator's data-center id and a partner-environment label. Kept only so the
 * v2→v3 migration has a typed input; loose for the same reason as v1.
 */
export const settingsV2Schema = z.looseObject({
  schemaVersion: z.literal(2),
  profiles: z.array(z.looseObject({ dataCenter: z.unknown().optional(), environment: z.unknown().optional() })).optional(),
})
