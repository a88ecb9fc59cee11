/**
 * A partner profile: everything the console needs to act for one Embed admin workspace.
 * The two secrets (API token, RSA private key) live in the vault; the renderer only ever sees `secrets`,
 * which says whether each is stored and the key's fingerprint.
 */
import { z } from 'zod'
import { hasControlCharacters } from '../redact'
import { dataCenterIdSchema } from '../data-centers'

export const environmentLabels = ['production', 'test', 'sandbox'] as const
export const environmentSchema = z.enum(environmentLabels)
export type Environment = z.infer<typeof environmentSchema>

const httpsOrigin = z
  .string()
  .trim()
  .refine((s) => {
    try {
      const u = new URL(s)
      return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'))
    } catch {
      return false
    }
  }, 'Must be an https:// URL (http is allowed only for localhost)')

/**
 * What a person enters as a widget origin: an origin exactly (scheme, host, port), since Workato compares the
 * token's `origin` and its allowlist by origin (reference §7.2, §8.4). A path, query or fragment is refused with the
 * origin it probably meant, rather than stored and silently cut. Stored profiles keep the looser `httpsOrigin`
 * so settings written by an older version still load.
 */
const enteredOrigin = httpsOrigin.superRefine((s, ctx) => {
  let u: URL
  try {
    u = new URL(s)
  } catch {
    return // httpsOrigin has said why
  }
  if (u.username || u.password) {
    ctx.addIssue({ code: 'custom', message: `An origin has no user name or password: use ${u.origin}` })
  } else if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) {
    ctx.addIssue({ code: 'custom', message: `An origin has no path, query or fragment: use ${u.origin}` })
  }
})

export const profileIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'Not a profile id')

/** The non-secret part, as stored in settings. */
export const profileSchema = z.object({
  id: profileIdSchema,
  name: z.string().trim().min(1, 'Name is required').max(80),
  dataCenter: dataCenterIdSchema,
  /** For `custom` (private deployment) data centers: the base URL. Sandbox profiles get theirs at run time. */
  customBaseUrl: httpsOrigin.nullable().default(null),
  vendorId: z.string().trim().max(128).nullable().default(null),
  /** Origins the widget host page may be served at; the first is the default (reference §7.2 `origin`). */
  originUrls: z.array(httpsOrigin).default([]),
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
  dataCenter: dataCenterIdSchema.exclude(['sandbox']),
  customBaseUrl: httpsOrigin.nullable().optional(),
  vendorId: z.string().trim().max(128).nullable().optional(),
  originUrls: z.array(enteredOrigin).optional(),
  environment: environmentSchema,
  /** Secrets are write-only: sent once, stored in the vault, never returned. */
  apiToken: z
    .string()
    .trim()
    .min(1)
    .max(4096)
    .refine((t) => !hasControlCharacters(t), {
      message: 'The API token contains a line break or another control character; a Workato token never does. Copy it again and paste it on one line.',
    })
    .optional(),
})
export type ProfileInput = z.infer<typeof profileInputSchema>
