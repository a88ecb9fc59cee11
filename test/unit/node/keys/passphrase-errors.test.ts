/**
 * A wrong passphrase must read as "the passphrase is wrong" whichever TLS library Node was built with: Node on
 * OpenSSL 3 throws `ERR_OSSL_BAD_DECRYPT` (or a decoder error when the garbage happens to pad correctly), while
 * Electron's Node uses BoringSSL, whose errors carry other codes with `BAD_DECRYPT` or `DECODE_ERROR` only in the
 * message. The shapes below are injected so both are exercised on whichever Node runs the tests.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { isAppError, type AppError } from '../../../../shared/errors'
import { parsePrivateKeyPem, type ParseKeyDeps } from '../../../../electron/core/keys/parse-private-key'
import { pems } from './key-fixtures'

function failingWith(shape: { code?: string; message: string }): ParseKeyDeps {
  return {
    createPrivateKey: (() => {
      throw Object.assign(new Error(shape.message), shape.code ? { code: shape.code } : {})
    }) as typeof createPrivateKey,
  }
}

function caught(f: () => unknown): AppError {
  try {
    f()
  } catch (e) {
    if (isAppError(e)) return e
    throw e
  }
  throw new Error('expected an error')
}

const shapes = {
  'OpenSSL 3 bad decrypt': { code: 'ERR_OSSL_BAD_DECRYPT', message: 'error:1C800064:Provider routines::bad decrypt' },
  'OpenSSL 3 decoder': { code: 'ERR_OSSL_UNSUPPORTED', message: 'error:1E08010C:DECODER routines::unsupported' },
  'BoringSSL bad decrypt': { code: 'ERR_CRYPTO_OPERATION_FAILED', message: 'error:1e000065:Cipher functions:OPENSSL_internal:BAD_DECRYPT' },
  'BoringSSL decode error, no code': { message: 'error:06000066:public key routines:OPENSSL_internal:DECODE_ERROR' },
}

let key: KeyObject
let p: ReturnType<typeof pems>
beforeAll(() => {
  key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  p = pems(key)
})

describe('wrong passphrase, by behaviour rather than error code', () => {
  for (const form of ['encPkcs1', 'encPkcs8'] as const) {
    for (const [name, shape] of Object.entries(shapes)) {
      it(`${form}: ${name} reads as a wrong passphrase`, () => {
        const e = caught(() => parsePrivateKeyPem(p[form]('right one'), 'wrong one', failingWith(shape)))
        expect(e.message).toBe('The passphrase is wrong: the key could not be decrypted.')
        expect(e.data.details).toMatchObject({ wrongPassphrase: true })
      })
    }
    it(`${form}: a damaged encrypted block is reported as damaged, not as a wrong passphrase`, () => {
      const lines = p[form]('right one').trim().split('\n')
      // Four base64 characters (three bytes) gone from the middle: still a well-formed PEM, no longer a whole key.
      const mid = lines.length - 4
      const cut = lines.map((l, i) => (i === mid ? l.slice(0, -4) : l)).join('\n')
      const e = caught(() => parsePrivateKeyPem(cut, 'right one', failingWith(shapes['BoringSSL bad decrypt'])))
      expect(e.message).toMatch(/could not be read: its contents are damaged or truncated/)
      expect(e.data.details).not.toMatchObject({ wrongPassphrase: true })
    })
  }

  it('the real parser of this Node agrees', () => {
    const e = caught(() => parsePrivateKeyPem(p.encPkcs8('right one'), 'wrong one'))
    expect(e.data.details).toMatchObject({ wrongPassphrase: true })
    expect(parsePrivateKeyPem(p.encPkcs8('right one'), 'right one').bits).toBe(2048)
  })
})
