import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { isAppError, type AppError } from '../../../../shared/errors'
import { redactText } from '../../../../shared/redact'
import { describeKey, generateRsaKey, parsePrivateKeyPem } from '../../../../electron/core/keys'
import { keyInfoSchema } from '../../../../shared/contract/profiles'
import { certificatePem, ecKey, ed25519Key, pemBodyLines, pems, rsa } from './key-fixtures'

function rejects(pem: string, passphrase?: string): AppError {
  try {
    parsePrivateKeyPem(pem, passphrase)
  } catch (e) {
    if (isAppError(e)) {
      expect(e.code).toBe('bad_key')
      // The message must never quote the key material.
      for (const line of pemBodyLines(pem)) expect(JSON.stringify(e.data)).not.toContain(line)
      // Errors are redacted on their way to the screen: the words a person reads must survive that intact
      // (a full PEM header line in the hint once came out as "from [redacted private key]").
      expect(redactText(e.message)).toBe(e.message)
      expect(redactText(e.data.hint ?? '')).toBe(e.data.hint ?? '')
      return e
    }
    throw e
  }
  throw new Error('expected bad_key')
}

let key: KeyObject
let p: ReturnType<typeof pems>
beforeAll(() => {
  key = rsa(2048)
  p = pems(key)
})

const samePrivate = (pkcs8: string) => createPublicKey(createPrivateKey(pkcs8)).export({ type: 'spki', format: 'pem' }).toString()

describe('importing a PEM private key', () => {
  it('accepts PKCS#8 and reports its source and size', () => {
    const r = parsePrivateKeyPem(p.pkcs8)
    expect(r.source).toBe('pkcs8')
    expect(r.bits).toBe(2048)
    expect(r.pkcs8Pem).toMatch(/^-{5}BEGIN PRIVATE KEY-{5}\n/)
    expect(samePrivate(r.pkcs8Pem)).toBe(p.spki)
  })

  it('converts PKCS#1 to PKCS#8 (jose needs PKCS#8)', () => {
    const r = parsePrivateKeyPem(p.pkcs1)
    expect(p.pkcs1).toMatch(/BEGIN RSA PRIVATE KEY/)
    expect(r.source).toBe('pkcs1')
    expect(r.pkcs8Pem).toMatch(/^-{5}BEGIN PRIVATE KEY-{5}/)
    expect(samePrivate(r.pkcs8Pem)).toBe(p.spki)
  })

  it('accepts CRLF line endings, indentation and literal \\n escapes', () => {
    expect(parsePrivateKeyPem(p.pkcs8.replace(/\n/g, '\r\n')).bits).toBe(2048)
    expect(
      parsePrivateKeyPem(
        p.pkcs8
          .split('\n')
          .map((l) => `   ${l}`)
          .join('\n'),
      ).bits,
    ).toBe(2048)
    expect(parsePrivateKeyPem(p.pkcs8.trim().replace(/\n/g, '\\n')).bits).toBe(2048)
    expect(parsePrivateKeyPem(`\n\n  ${p.pkcs8}\n\n`).bits).toBe(2048)
  })

  for (const form of ['encPkcs1', 'encPkcs8'] as const) {
    describe(`encrypted ${form === 'encPkcs1' ? 'PKCS#1' : 'PKCS#8'}`, () => {
      it('asks for the passphrase when none is given', () => {
        const e = rejects(p[form]('correct horse'))
        expect(e.data.details).toMatchObject({ needsPassphrase: true })
        expect(e.message).toMatch(/encrypted.*passphrase/i)
      })
      it('says the passphrase is wrong', () => {
        const e = rejects(p[form]('correct horse'), 'battery staple')
        expect(e.message).toMatch(/passphrase is wrong/)
        expect(e.data.details).toMatchObject({ needsPassphrase: true, wrongPassphrase: true })
      })
      it('imports with the right passphrase and stores it unencrypted as PKCS#8', () => {
        const r = parsePrivateKeyPem(p[form]('correct horse'), 'correct horse')
        expect(r.source).toBe(form === 'encPkcs1' ? 'encrypted-pkcs1' : 'encrypted-pkcs8')
        expect(r.pkcs8Pem).toMatch(/^-{5}BEGIN PRIVATE KEY-{5}/)
        expect(samePrivate(r.pkcs8Pem)).toBe(p.spki)
      })
    })
  }

  it('rejects a public key (SPKI and PKCS#1) and says to paste the private one', () => {
    for (const pub of [p.spki, p.pkcs1Public]) {
      expect(rejects(pub).message).toMatch(/^This is a public key; paste the private key/)
    }
  })

  it('rejects a certificate', () => {
    expect(rejects(certificatePem).message).toMatch(/certificate, not a private key/)
  })

  it('rejects an EC key, naming the curve and why RSA is needed', () => {
    const ec = ecKey()
    for (const pem of [ec.export({ type: 'pkcs8', format: 'pem' }).toString(), ec.export({ type: 'sec1', format: 'pem' }).toString()]) {
      const e = rejects(pem)
      expect(e.message).toBe(
        'This is an EC key (P-256); Workato signs widget tokens with RS256, which needs an RSA key. Generate one here, or with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`.',
      )
    }
  })

  it('rejects Ed25519 and RSA-PSS keys', () => {
    expect(rejects(ed25519Key().export({ type: 'pkcs8', format: 'pem' }).toString()).message).toMatch(/^This is an Ed25519 key; .*RS256.*RSA key/)
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey
    expect(rejects(pss.export({ type: 'pkcs8', format: 'pem' }).toString()).message).toMatch(/RSA-PSS/)
  })

  it('rejects 1024-bit RSA with the exact rule', () => {
    const small = pems(rsa(1024))
    for (const pem of [small.pkcs1, small.pkcs8]) {
      const e = rejects(pem)
      expect(e.message).toBe('Private key is 1024-bit RSA; Workato needs RS256 with at least 2048 bits.')
      expect(e.data.details).toMatchObject({ bits: 1024 })
    }
  })

  it('rejects text before the BEGIN line and says where', () => {
    const e = rejects(`Here is my key:\n${p.pkcs8}`)
    expect(e.message).toMatch(/text before the "BEGIN PRIVATE KEY" line \(1 line, starting on line 1\)/)
    expect(e.data.details).toMatchObject({ garbage: 'before', line: 1 })
  })

  it('rejects text after the END line and says where', () => {
    const e = rejects(`${p.pkcs1}\nthanks!\nbye`)
    const endLine = p.pkcs1.trimEnd().split('\n').length
    expect(e.message).toMatch(/text after the "END RSA PRIVATE KEY" line \(2 lines, starting on line/)
    expect(e.data.details).toMatchObject({ garbage: 'after', line: endLine + 2 })
  })

  it('rejects more than one block (key + certificate, or two keys)', () => {
    expect(rejects(`${p.pkcs8}${certificatePem}`).message).toMatch(/Found 2 PEM blocks \(PRIVATE KEY, CERTIFICATE\); paste exactly one/)
    expect(rejects(`${p.pkcs8}${p.pkcs1}`).message).toMatch(/Found 2 PEM blocks/)
  })

  it('rejects things that are not PEM at all', () => {
    expect(rejects('hello world').message).toMatch(/not a PEM key/)
    expect(rejects('').message).toMatch(/Nothing was pasted/)
    expect(rejects('ssh-rsa AAAAB3NzaC1yc2E user@host').message).toMatch(/SSH public key/)
    expect(rejects(JSON.stringify(key.export({ format: 'jwk' }))).message).toMatch(/JWK/)
  })

  it('rejects a truncated or damaged block', () => {
    const lines = p.pkcs8.trim().split('\n')
    expect(rejects(lines.slice(0, -1).join('\n')).message).toMatch(/no "END" line; the key looks cut off/)
    const damaged = [lines[0], 'AAAA' + (lines[1] ?? '').slice(4, 30), lines[lines.length - 1]].join('\n')
    expect(rejects(damaged).message).toMatch(/could not be read: its contents are damaged or truncated/)
  })
})

describe('key info and generation', () => {
  it('describes a key: SPKI PEM, colon-hex SHA-256 fingerprint, JWK thumbprint, bits', async () => {
    const info = keyInfoSchema.parse(await describeKey(parsePrivateKeyPem(p.pkcs1).pkcs8Pem, 'pkcs1'))
    expect(info.publicKeyPem).toBe(p.spki)
    expect(info.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(info.jwkThumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(info.bits).toBe(2048)
    expect(info.source).toBe('pkcs1')
    // Same key through another format → same identity.
    const again = await describeKey(parsePrivateKeyPem(p.pkcs8).pkcs8Pem, 'pkcs8')
    expect(again.fingerprint).toBe(info.fingerprint)
    expect(again.jwkThumbprint).toBe(info.jwkThumbprint)
    const other = await describeKey(parsePrivateKeyPem(pems(rsa(2048)).pkcs8).pkcs8Pem, 'pkcs8')
    expect(other.fingerprint).not.toBe(info.fingerprint)
  })

  it('generates 2048- and 4096-bit keys that pass its own import', async () => {
    for (const bits of [2048, 4096] as const) {
      const pem = await generateRsaKey(bits)
      const r = parsePrivateKeyPem(pem)
      expect(r.bits).toBe(bits)
      expect(r.source).toBe('pkcs8')
    }
  }, 60_000)
})
