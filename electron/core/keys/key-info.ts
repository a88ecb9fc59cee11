/**
 * The public half of a stored key, as the UI and Workato need it: SPKI PEM to register (reference §5.3), a
 * SHA-256 fingerprint of the SPKI DER people can compare across machines, and the RFC 7638 JWK thumbprint.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { calculateJwkThumbprint, type JWK } from 'jose'
import type { KeyInfo } from '../../../shared/contract/profiles'

export type KeySource = KeyInfo['source']

/** Colon-separated upper-case hex SHA-256 of the SPKI DER, e.g. `3A:7F:...`. */
export function spkiFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)?.join(':') ?? ''
}

export async function describeKey(pkcs8Pem: string, source: KeySource): Promise<KeyInfo> {
  const privateKey = createPrivateKey({ key: pkcs8Pem, format: 'pem' })
  const publicKey = createPublicKey(privateKey)
  const jwk = publicKey.export({ format: 'jwk' }) as JWK
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: spkiFingerprint(publicKey),
    jwkThumbprint: await calculateJwkThumbprint(jwk, 'sha256'),
    bits: privateKey.asymmetricKeyDetails?.modulusLength ?? 0,
    source,
  }
}
