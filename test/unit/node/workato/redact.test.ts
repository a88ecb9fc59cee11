/** Every form an opaque secret can take on its way into a string is redacted (issue 11, defect 3). */
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { REDACTED, base64Forms, hasControlCharacters, redactText, redactValue, secretForms } from '../../../../shared/redact'

const plain = 'wrkus-live-7f3a9c1d2e4b5a6f'
const withLf = 'wrkus-live\n7f3a9c1d2e4b'
const withNul = 'wrkus-live\u00007f3a9c1d2e4b'

describe('redactText with a known secret', () => {
  it.each([
    ['raw, with a line feed', `token ${withLf} end`, withLf],
    ['JSON-escaped', JSON.stringify({ message: `bad header "Bearer ${withLf}"` }), withLf],
    ['printed by util.inspect', inspect(`x ${withNul} y`), withNul],
    ['cut into lines at the control character', `Authorization header:\nwrkus-live\n7f3a9c1d2e4b\n`, withLf],
    ['after a trim of one part', `part one: "wrkus-live "`, 'wrkus-live \n7f3a9c1d2e4b'],
    ['percent-encoded in a URL', `https://x.example/cb?t=${encodeURIComponent(withLf)}&a=1`, withLf],
    ['form-encoded', `t=${new URLSearchParams({ t: 'wrkus live+7f3a/9c1d' }).toString().slice(2)}`, 'wrkus live+7f3a/9c1d'],
    ['in a Basic header as the password', `Authorization: Basic ${Buffer.from(`admin:${plain}`).toString('base64')}`, plain],
    ['base64 with another prefix length', `x-token: ${Buffer.from(`ab:${plain}`).toString('base64')}`, plain],
    ['base64url', `t=${Buffer.from(`u:${plain}??>>`).toString('base64url')}`, plain],
  ])('%s', (_what, text, secret) => {
    const out = redactText(text, [secret])
    expect(out).toContain(REDACTED)
    for (const piece of ['wrkus-live', '7f3a9c1d2e4b']) {
      if (secret.includes(piece)) expect(out).not.toContain(piece)
    }
    // The base64 forms of the secret must be gone too.
    for (const b of base64Forms(secret)) expect(out).not.toContain(b)
  })

  it('leaves ordinary text alone (short pieces of a secret are not matched)', () => {
    expect(redactText('the id is abc and the plan is live', ['abc\nlive-7f3a9c1d'])).toBe('the id is abc and the plan is live')
  })

  it('goes deep into values, keys and all', () => {
    const v = redactValue({ a: [{ b: `x ${encodeURIComponent(withLf)}` }] }, [withLf])
    expect(JSON.stringify(v)).not.toContain('7f3a9c1d2e4b')
  })
})

describe('helpers', () => {
  it('hasControlCharacters', () => {
    expect(hasControlCharacters(withLf)).toBe(true)
    expect(hasControlCharacters('a\rb')).toBe(true)
    expect(hasControlCharacters('a\u0085b')).toBe(true)
    expect(hasControlCharacters(plain)).toBe(false)
  })

  it('secretForms lists longer forms first and ignores too-short secrets', () => {
    const forms = secretForms(withLf)
    expect(forms[0]?.length).toBeGreaterThanOrEqual(forms[forms.length - 1]?.length ?? 0)
    expect(forms).toContain(withLf)
    expect(forms).toContain('wrkus-live\\n7f3a9c1d2e4b')
    expect(secretForms('abc')).toEqual([])
  })
})
