/** Public-key checks for §5.3: PEM, RSA, at least 2048 bits (RS256 is the only signing algorithm, §7.1). */
import { createPublicKey, type KeyObject } from 'node:crypto'

export type ImportedKey = { ok: true; key: KeyObject } | { ok: false; message: string }

export function importPublicKey(pem: string): ImportedKey {
  if (/PRIVATE KEY-----/.test(pem)) {
    return { ok: false, message: 'This is a private key. Upload only the public key (-----BEGIN PUBLIC KEY-----); keep the private key to yourself.' }
  }
  if (!/-----BEGIN (RSA )?PUBLIC KEY-----/.test(pem)) {
    return { ok: false, message: 'Key must be a PEM public key (-----BEGIN PUBLIC KEY-----).' }
  }
  let key: KeyObject
  try {
    key = createPublicKey({ key: pem, format: 'pem' })
  } catch {
    return { ok: false, message: 'Key could not be parsed as a PEM public key.' }
  }
  if (key.asymmetricKeyType !== 'rsa') {
    return { ok: false, message: `Key is ${key.asymmetricKeyType ?? 'not RSA'}; Workato verifies RS256, so the key must be RSA.` }
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (bits < 2048) return { ok: false, message: `Key is ${bits}-bit RSA; RS256 keys must be at least 2048 bits.` }
  return { ok: true, key }
}
