import { generateKeyPair } from 'node:crypto'
import { promisify } from 'node:util'

const generate = promisify(generateKeyPair)

/** A fresh RSA key as unencrypted PKCS#8 PEM. Async: a 4096-bit key takes around a second of CPU. */
export async function generateRsaKey(bits: 2048 | 4096): Promise<string> {
  const { privateKey } = await generate('rsa', {
    modulusLength: bits,
    publicExponent: 0x10001,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  })
  return privateKey
}
