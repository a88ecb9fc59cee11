import { z } from 'zod'
import { noInput, ok, op } from './define'
import { profileIdSchema, profileInputSchema, profileViewSchema } from '../domain/profile'
import { LIMITS } from './limits'

export const profileRef = z.object({ profileId: profileIdSchema })

export const keyInfoSchema = z.object({
  /** SPKI PEM: safe to show and copy, it is what Workato verifies with. */
  publicKeyPem: z.string(),
  /** SHA-256 of the SPKI DER, colon-separated upper-case hex. */
  fingerprint: z.string(),
  /** RFC 7638 JWK thumbprint (SHA-256, base64url). */
  jwkThumbprint: z.string(),
  bits: z.number().int(),
  /** The format the key was imported from (`pkcs1`, `pkcs8`, `generated`). */
  source: z.enum(['pkcs1', 'pkcs8', 'encrypted-pkcs8', 'encrypted-pkcs1', 'generated']),
})
export type KeyInfo = z.infer<typeof keyInfoSchema>

export const connectionTestSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  latencyMs: z.number().nullable(),
})
export type ConnectionTest = z.infer<typeof connectionTestSchema>

export const profileOps = {
  'profiles:list': op(
    noInput,
    z.object({ profiles: z.array(profileViewSchema), activeId: profileIdSchema.nullable() }),
    'All profiles with secret metadata (never secret values) and the active one',
  ),
  'profiles:create': op(profileInputSchema, profileViewSchema, 'Create a profile; the API token goes straight to the vault'),
  'profiles:update': op(profileRef.extend({ patch: profileInputSchema.partial() }), profileViewSchema, 'Edit a profile; renaming keeps its secrets'),
  'profiles:delete': op(profileRef, ok, 'Delete a profile and its secrets'),
  'profiles:setActive': op(profileRef, ok, 'Switch the active profile'),
  'profiles:test': op(profileRef, connectionTestSchema, 'Call the API with the stored token and report the result'),
  'keys:info': op(profileRef, keyInfoSchema.nullable(), 'The public half of the stored signing key'),
  'keys:import': op(
    profileRef.extend({ pem: z.string().max(LIMITS.pem), passphrase: z.string().max(LIMITS.passphrase).optional() }),
    keyInfoSchema,
    'Import a PEM private key (PKCS#1 or PKCS#8, optionally encrypted) into the vault',
  ),
  'keys:generate': op(
    profileRef.extend({ bits: z.union([z.literal(2048), z.literal(4096)]) }),
    keyInfoSchema,
    'Generate an RSA key pair in the vault',
  ),
  'keys:register': op(
    profileRef,
    z.object({ vendorId: z.string() }),
    'PUT the public key to /api/account/signature_verification_key and store the vendor id',
  ),
} as const

export type ProfileOps = typeof profileOps
export { noInput }
