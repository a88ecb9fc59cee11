/**
 * A partner profile: everything the console needs to act for one Embed admin workspace.
 * The two secrets (API token, RSA private key) live in the vault; the renderer only ever sees `secrets`,
 * which says whether each is stored and the key's fingerprint.
 */
import { z } from 'zod'
import { hasControlCharacters } from '../redact'
import { dataCenterIdSchema } from '../data-centers'
import { LIMITS } from '../contract/limits'
import { baseUrlSchema, lineText, originListSchema, shortText } from './validators'

/**
 * A label for the partner account a profile acts for, in Workato's own terms for Embedded environments (DEV, TEST,
 * PROD; docs/workato.md §5.6). Settings before version 3 called `development` `sandbox` (settings/migrations.ts).
 */
export const environmentLabels = ['production', 'test', 'development'] as const
export const environmentSchema = z.enum(environmentLabels)
export type Environment = z.infer<typeof environmentSchema>

/**
 * What stored settings may hold: any http(s) URL (an older version saved origins with a path). Settings load
 * strips credentials and control characters before this check (electron/core/settings/salvage.ts); what a person
 * enters goes through the stricter validators in ./validators.
 */
const storedUrl = z
  .string()
  .trim()
  .max(LIMITS.url)
  .refine((s) => {
    try {
      const u = new URL(s)
      return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'))
    } catch {
      return false
    }
  }, 'Must be an https:// URL (http is allowed only for localhost)')
  .refine((s) => {
    try {
      const u = new URL(s)
      return !u.username && !u.password
    } catch {
      return true
    }
  }, 'A URL in settings cannot contain a user name or password')

export const profileIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'Not a profile id')

/** The non-secret part, as stored in settings. */
export const profileSchema = z.object({
  id: profileIdSchema,
  name: lineText(LIMITS.profileName, 'The profile name', 'Name is required'),
  dataCenter: dataCenterIdSchema,
  /** For `custom` (private deployment) data centers: the base URL. The built-in Sandbox profile (`emulator`) gets its URL at run time. */
  customBaseUrl: storedUrl.nullable().default(null),
  vendorId: z.string().trim().max(LIMITS.shortText).nullable().default(null),
  /** Origins the widget host page may be served at; the first is the default (reference §7.2 `origin`). */
  originUrls: z.array(storedUrl).max(LIMITS.originsPerProfile).default([]),
  environment: environmentSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Profile = z.infer<typeof profileSchema>

export const secretStatusSchema = z.object({
  apiToken: z.boolean(),
  privateKey: z.boolean(),
  /** SHA-256 of the public key's SPKI DER, colon-separated hex, when a key is stored. */
  keyFingerprint: z.string().nullable(),
  keyBits: z.number().int().nullable(),
  /**
   * Whether the stored key is the one this app last registered with Workato (reference §5.3): false means the key
   * changed since, so widget tokens will be refused until it is registered again; null means not registered here.
   */
  keyRegistered: z.boolean().nullable().optional(),
})
export type SecretStatus = z.infer<typeof secretStatusSchema>

/** What the renderer gets: the profile plus secret metadata, never secret values. */
export const profileViewSchema = profileSchema.extend({
  secrets: secretStatusSchema,
  builtIn: z.boolean(),
})
export type ProfileView = z.infer<typeof profileViewSchema>

export const profileInputSchema = z.object({
  name: profileSchema.shape.name,
  dataCenter: dataCenterIdSchema.exclude(['emulator']),
  customBaseUrl: baseUrlSchema.nullable().optional(),
  vendorId: shortText(LIMITS.shortText, 'The vendor id').trim().nullable().optional(),
  originUrls: originListSchema.optional(),
  environment: environmentSchema,
  /** Secrets are write-only: sent once, stored in the vault, never returned. */
  apiToken: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.apiToken)
    .refine((t) => !hasControlCharacters(t), {
      message:
        'The API token contains a line break or another control character; a Workato token never does. Copy it again and paste it on one line.',
    })
    .optional(),
})
export type ProfileInput = z.infer<typeof profileInputSchema>
