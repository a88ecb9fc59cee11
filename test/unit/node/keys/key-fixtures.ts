/** Test keys, generated at test time (never committed). */
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'

export function rsa(bits: number): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: bits }).privateKey
}

export function pems(key: KeyObject) {
  return {
    pkcs1: key.export({ type: 'pkcs1', format: 'pem' }).toString(),
    pkcs8: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    encPkcs1: (pass: string) => key.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: pass }).toString(),
    encPkcs8: (pass: string) => key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: pass }).toString(),
    spki: createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString(),
    pkcs1Public: createPublicKey(key).export({ type: 'pkcs1', format: 'pem' }).toString(),
  }
}

/** The base64 body lines of a PEM, for "is any part of the key in this text?" checks. */
export function pemBodyLines(pem: string): string[] {
  return pem.split('\n').filter((l) => l && !l.startsWith('-----') && !l.includes(':'))
}

/** A self-signed-looking certificate block is enough to test the label check; its body is never parsed. */
export const certificatePem = `-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUQ2b5x0Tk5uYy2m9qkq8bJ0g7JZ0wCgYIKoZIzj0EAwIw
-----END CERTIFICATE-----
`

export const ecKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
export const ed25519Key = () => generateKeyPairSync('ed25519').privateKey
