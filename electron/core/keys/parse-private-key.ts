/**
 * Reads a pasted PEM private key and either returns it as unencrypted PKCS#8 (what jose's importPKCS8 needs and
 * what the vault stores) or throws `bad_key` with a sentence saying exactly what is wrong and what to paste
 * instead. Workato signs widget tokens with RS256 (reference §7.1), so only RSA keys of 2048 bits or more pass.
 * Messages never quote the pasted text: it may be a secret.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto'
import { appError, type AppError } from '../../../shared/errors'
import type { KeySource } from './key-info'

export const MIN_RSA_BITS = 2048

export interface ParsedPrivateKey {
  /** Unencrypted PKCS#8 PEM. */
  pkcs8Pem: string
  source: KeySource
  bits: number
}

// The hint names the header lines without their dashes: a full header line in a message would be taken for key
// material by the redactor (shared/redact.ts blanks everything from such a line on) and by secret scanners.
export const PASTE_THIS =
  'Paste the whole RSA private key block: from its "BEGIN PRIVATE KEY" (or "BEGIN RSA PRIVATE KEY") line through its "END" line, dashes included.'
const RSA_ONLY =
  'Workato signs widget tokens with RS256, which needs an RSA key. Generate one here, or with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`.'

function bad(message: string, details?: Record<string, unknown>, hint = PASTE_THIS): AppError {
  return appError('bad_key', message, { hint, ...(details ? { details } : {}) })
}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----$/
// Messages name PEM lines in quotes without their dashes (see PASTE_THIS).
const begin = (label: string) => `"BEGIN ${label}"`
const end = (label: string) => `"END ${label}"`
const END = /^-----END ([A-Z0-9 ]+)-----$/

interface Block {
  label: string
  startLine: number
  endLine: number
}

const curveNames: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' }

function describeNonRsa(key: KeyObject): string {
  const type: string = key.asymmetricKeyType ?? 'unknown'
  switch (type) {
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve
      return `This is an EC key${curve ? ` (${curveNames[curve] ?? curve})` : ''}`
    }
    case 'ed25519':
      return 'This is an Ed25519 key'
    case 'ed448':
      return 'This is an Ed448 key'
    case 'x25519':
    case 'x448':
      return `This is an ${type.toUpperCase()} key-agreement key`
    case 'dsa':
      return 'This is a DSA key'
    case 'dh':
      return 'This is a Diffie-Hellman key'
    case 'rsa-pss':
      return 'This is an RSA-PSS key (restricted to PS256-style signatures)'
    default:
      return `This is a ${type} key`
  }
}

function labelError(label: string): AppError | null {
  if (label === 'CERTIFICATE' || label === 'TRUSTED CERTIFICATE' || label === 'X509 CERTIFICATE') {
    return bad('This is a certificate, not a private key. Paste the private key that belongs to it instead.')
  }
  if (label === 'CERTIFICATE REQUEST' || label === 'NEW CERTIFICATE REQUEST') {
    return bad('This is a certificate signing request, not a private key.')
  }
  if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY') {
    return bad(
      `This is a public key; paste the private key (the block whose first line says "BEGIN PRIVATE KEY" or "BEGIN RSA PRIVATE KEY"). The console derives the public key from it.`,
    )
  }
  if (label === 'EC PRIVATE KEY') return null // parsed below so the message can name the curve
  if (label === 'OPENSSH PRIVATE KEY') {
    return bad(
      'This is an OpenSSH-format key, which cannot be used for JWT signing as is.',
      undefined,
      'If it is an RSA key, convert it with `ssh-keygen -p -m PKCS8 -f <file>` and paste the result; otherwise generate an RSA key here.',
    )
  }
  if (label === 'DSA PRIVATE KEY') return bad(`This is a DSA key; ${RSA_ONLY}`, undefined, RSA_ONLY)
  if (label === 'PRIVATE KEY' || label === 'RSA PRIVATE KEY' || label === 'ENCRYPTED PRIVATE KEY') return null
  return bad(`A ${begin(label)} block is not a private key. Expected PRIVATE KEY, RSA PRIVATE KEY or ENCRYPTED PRIVATE KEY.`)
}

/** Node's key parser; injectable so tests can replay the error shapes of both OpenSSL and BoringSSL builds. */
export interface ParseKeyDeps {
  createPrivateKey: typeof createPrivateKey
}

/**
 * Whether an encrypted block is whole: its base64 decodes, and it is one complete DER structure (PKCS#8) or a
 * whole number of cipher blocks after its Proc-Type/DEK-Info headers (PKCS#1). A whole block that will not
 * decrypt was given the wrong passphrase; a broken one is damaged, whatever the passphrase.
 */
function encryptedBlockIsWhole(body: string[], pkcs1: boolean): boolean {
  const inner = body.slice(1, -1)
  const dataLines = pkcs1 ? inner.slice(inner.findIndex((l) => l === '') + 1) : inner
  if (pkcs1 && (!inner.some((l) => /^Proc-Type:/i.test(l)) || !inner.some((l) => /^DEK-Info:/i.test(l)) || !inner.includes(''))) return false
  const b64 = dataLines.join('')
  if (b64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return false
  const der = Buffer.from(b64, 'base64')
  if (pkcs1) return der.length > 0 && der.length % 8 === 0
  return derIsOneSequence(der)
}

function derIsOneSequence(der: Buffer): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false
  const first = der[1] ?? 0
  if (first < 0x80) return der.length === 2 + first
  const n = first & 0x7f
  if (n === 0 || n > 4 || der.length < 2 + n) return false
  let len = 0
  for (let i = 0; i < n; i++) len = len * 256 + (der[2 + i] ?? 0)
  return der.length === 2 + n + len
}

export function parsePrivateKeyPem(input: string, passphrase?: string, deps: ParseKeyDeps = { createPrivateKey }): ParsedPrivateKey {
  let text = input.replace(/\r\n?/g, '\n')
  // Keys copied out of JSON or .env files often arrive with literal "\n" sequences on one line.
  if (!text.trim().includes('\n') && text.includes('\\n')) text = text.replace(/\\n/g, '\n')
  const lines = text.split('\n').map((l) => l.trim())
  if (lines.every((l) => l === '')) throw bad('Nothing was pasted. ' + PASTE_THIS)

  const blocks: Block[] = []
  let open: { label: string; line: number } | null = null
  for (const [i, line] of lines.entries()) {
    const b = BEGIN.exec(line)
    if (b?.[1]) {
      if (open)
        throw bad(
          `The ${begin(open.label)} block on line ${open.line + 1} has no "END" line before the next "BEGIN" line on line ${i + 1}; the key looks cut off.`,
        )
      open = { label: b[1], line: i }
      continue
    }
    const e = END.exec(line)
    if (e?.[1]) {
      if (!open) throw bad(`Line ${i + 1} has an ${end(e[1] ?? '')} line without a matching "BEGIN" line.`)
      if (e[1] !== open.label) throw bad(`The block starts with ${begin(open.label)} but ends with ${end(e[1] ?? '')}.`)
      blocks.push({ label: open.label, startLine: open.line, endLine: i })
      open = null
    }
  }
  if (open) throw bad(`The ${begin(open.label)} block has no "END" line; the key looks cut off. Copy the whole file.`)

  if (blocks.length === 0) {
    const t = text.trim()
    if (/^(ssh-rsa|ssh-ed25519|ecdsa-sha2-)/.test(t)) throw bad('This is an SSH public key, not a PEM private key.')
    if (t.startsWith('{') && t.includes('"kty"')) throw bad('This looks like a JWK (JSON). Paste the key in PEM form instead.')
    if (/^eyJ[\w-]+\.[\w-]+\./.test(t)) throw bad('This is a JWT, not a private key.')
    throw bad('This is not a PEM key: there is no "BEGIN …" line (five dashes, BEGIN, the key type, five dashes).')
  }
  if (blocks.length > 1) {
    throw bad(`Found ${blocks.length} PEM blocks (${blocks.map((b) => b.label).join(', ')}); paste exactly one private key block.`, {
      blocks: blocks.map((b) => b.label),
    })
  }
  const [block] = blocks
  if (!block) throw bad('This is not a PEM key.')

  const before = lines.slice(0, block.startLine).filter((l) => l !== '')
  if (before.length) {
    const first = lines.findIndex((l) => l !== '')
    throw bad(
      `There is text before the ${begin(block.label)} line (${before.length} line${before.length > 1 ? 's' : ''}, starting on line ${first + 1}). Remove it and paste only the key block.`,
      { garbage: 'before', line: first + 1 },
    )
  }
  const afterIdx = lines.findIndex((l, i) => i > block.endLine && l !== '')
  if (afterIdx >= 0) {
    const after = lines.slice(block.endLine + 1).filter((l) => l !== '')
    throw bad(
      `There is text after the ${end(block.label)} line (${after.length} line${after.length > 1 ? 's' : ''}, starting on line ${afterIdx + 1}). Remove it and paste only the key block.`,
      { garbage: 'after', line: afterIdx + 1 },
    )
  }

  const labelProblem = labelError(block.label)
  if (labelProblem) throw labelProblem

  const body = lines.slice(block.startLine, block.endLine + 1)
  const encryptedPkcs1 = block.label === 'RSA PRIVATE KEY' && body.some((l) => /^Proc-Type:\s*4,\s*ENCRYPTED/i.test(l))
  const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || encryptedPkcs1
  const source: KeySource = encrypted
    ? encryptedPkcs1
      ? 'encrypted-pkcs1'
      : 'encrypted-pkcs8'
    : block.label === 'RSA PRIVATE KEY'
      ? 'pkcs1'
      : 'pkcs8'

  if (encrypted && !passphrase) {
    throw bad(
      'This key is encrypted. Enter its passphrase to import it.',
      { needsPassphrase: true },
      'Type the passphrase the key was exported with; it is used once and not stored.',
    )
  }

  let key: KeyObject
  try {
    key = deps.createPrivateKey({ key: body.join('\n') + '\n', format: 'pem', ...(encrypted ? { passphrase } : {}) })
  } catch (e) {
    const code = (e as { code?: string }).code ?? ''
    // Decided by behaviour, not by error code: Node on OpenSSL 3 says ERR_OSSL_BAD_DECRYPT (or a decoder error),
    // Electron's Node on BoringSSL puts BAD_DECRYPT in the message under another code. Whatever the library, an
    // intact encrypted block that does not open with the given passphrase has the wrong passphrase.
    if (encrypted && encryptedBlockIsWhole(body, encryptedPkcs1)) {
      throw bad(
        'The passphrase is wrong: the key could not be decrypted.',
        { needsPassphrase: true, wrongPassphrase: true },
        'Check the passphrase (it is case-sensitive) and try again.',
      )
    }
    throw bad(`The ${block.label} block could not be read: its contents are damaged or truncated.`, { cause: code || undefined })
  }

  if (key.asymmetricKeyType !== 'rsa') throw bad(`${describeNonRsa(key)}; ${RSA_ONLY}`, { keyType: key.asymmetricKeyType }, RSA_ONLY)
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (bits < MIN_RSA_BITS) {
    throw bad(
      `Private key is ${bits}-bit RSA; Workato needs RS256 with at least ${MIN_RSA_BITS} bits.`,
      { bits },
      'Generate a 2048- or 4096-bit key here, register it, and use that instead.',
    )
  }
  const pkcs8Pem = key.export({ type: 'pkcs8', format: 'pem' }).toString()
  return { pkcs8Pem, source, bits }
}
