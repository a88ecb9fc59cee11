/**
 * Signs widget / direct-link JWTs (reference §7.2) with the profile's RSA key: RS256, `{alg, typ: 'JWT'}`, a
 * random `jti`, `iat`, a short `exp`, and `origin` when one is known. The imported key is cached per profile
 * (importing a PEM costs far more than a signature) and dropped as soon as the profile's key changes.
 */
import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto'
import { importPKCS8, SignJWT } from 'jose'
import { appError } from '../../../shared/errors'
import type { ProfileService } from '../profiles/profile-service'
import { spkiFingerprint } from '../keys'
import type { CustomerRef } from '../../../shared/domain/customer-ref'
import { widgetSub, type UserRef } from './sub'

/** Workato's replay window for `jti` is 10 minutes (reference §7.2), so a longer-lived token buys nothing. */
export const DEFAULT_TTL_SECONDS = 600

export interface MintRequest {
  profileId: string
  customer: CustomerRef
  /** The customer's own origin (§5.4), used when no `origin` is given. */
  customerOrigin?: string | null
  userId?: UserRef
  /** The vendor origin the iframe runs on; defaults to the customer's origin, then the profile's first. */
  origin?: string
  ttlSeconds?: number
}

export interface WidgetClaims {
  sub: string
  jti: string
  iat: number
  exp: number
  origin?: string
}

export interface SigningKeys {
  privateKey: CryptoKey
  publicKey: KeyObject
  fingerprint: string
}

export interface TokenSigner {
  mint(req: MintRequest): Promise<{ token: string; claims: WidgetClaims }>
  /** The cached key pair of a profile (public half for verification); throws bad_key when none is stored. */
  keys(profileId: string): Promise<SigningKeys>
}

export type SignerSource = Pick<ProfileService, 'getProfile' | 'privateKeyPem' | 'onKeyChange'>

export interface TokenSignerOptions {
  ttlSeconds?: number
  now?: () => number
}

export function createTokenSigner(service: SignerSource, opts: TokenSignerOptions = {}): TokenSigner {
  const defaultTtl = opts.ttlSeconds ?? DEFAULT_TTL_SECONDS
  const nowMs = opts.now ?? Date.now
  const cache = new Map<string, Promise<SigningKeys>>()
  service.onKeyChange((id) => cache.delete(id))

  const keys = (profileId: string): Promise<SigningKeys> => {
    let p = cache.get(profileId)
    if (!p) {
      p = (async () => {
        const pem = await service.privateKeyPem(profileId)
        const publicKey = createPublicKey(pem)
        return { privateKey: await importPKCS8(pem, 'RS256'), publicKey, fingerprint: spkiFingerprint(publicKey) }
      })()
      const entry = p
      cache.set(profileId, entry)
      entry.catch(() => {
        if (cache.get(profileId) === entry) cache.delete(profileId)
      })
    }
    return p
  }

  return {
    keys,
    async mint(req) {
      const profile = await service.getProfile(req.profileId)
      if (!profile.vendorId) {
        throw appError('validation', `Profile "${profile.name}" has no vendor id, so widget tokens cannot be signed.`, {
          hint: 'Register the public key (Keys → Register) to get the vendor id, or enter it in the profile.',
        })
      }
      const ttl = req.ttlSeconds ?? defaultTtl
      if (!Number.isInteger(ttl) || ttl < 1) throw appError('validation', 'The token lifetime must be a whole number of seconds.')
      const { privateKey } = await keys(req.profileId)
      const iat = Math.floor(nowMs() / 1000)
      const origin = req.origin ?? req.customerOrigin ?? profile.originUrls[0]
      const claims: WidgetClaims = {
        sub: widgetSub(profile.vendorId, req.customer, req.userId),
        jti: randomUUID(),
        iat,
        exp: iat + ttl,
        ...(origin ? { origin } : {}),
      }
      const token = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(privateKey)
      return { token, claims }
    },
  }
}
