import { describe, expect, it } from 'vitest'
import { profileInputSchema, profileSchema } from '../../../../shared/domain/profile'

const origins = (o: string) => profileInputSchema.partial().safeParse({ originUrls: [o] })
const messages = (o: string) => {
  const r = origins(o)
  return r.success ? [] : r.error.issues.map((i) => i.message)
}

describe('origin URLs a person enters (reference §7.2, §8.4)', () => {
  it('accepts an https origin, with a port or a bare trailing slash, and http only on loopback', () => {
    for (const ok of ['https://app.acme.example', 'https://app.acme.example:8443', 'https://app.acme.example/', 'http://127.0.0.1:5173', 'http://localhost:3000']) {
      expect(origins(ok).success, ok).toBe(true)
    }
  })

  it('refuses a path, query or fragment and names the origin that was probably meant', () => {
    expect(messages('https://app.acme.example/path?x=1')).toEqual(['An origin has no path, query or fragment: use https://app.acme.example'])
    expect(messages('https://app.acme.example/#top')).toEqual(['An origin has no path, query or fragment: use https://app.acme.example'])
    expect(messages('https://user:pw@app.acme.example')).toEqual([
      'An origin has no user name or password (they would be stored in plain settings): use https://app.acme.example',
    ])
  })

  it('refuses plain http off loopback and text that is not a URL', () => {
    expect(messages('http://app.acme.example')).toEqual(['Must be an https:// URL (http is allowed only for localhost)'])
    expect(messages('app.acme.example')).toEqual([
      'Not an origin. An origin is the scheme, host and optional port a page is served from, for example https://app.acme.example',
    ])
  })

  it('still loads a stored profile whose origin an older version saved with a path', () => {
    const stored = profileSchema.safeParse({
      id: 'p1',
      name: 'Old',
      dataCenter: 'us',
      customBaseUrl: null,
      vendorId: null,
      originUrls: ['https://app.acme.example/embed'],
      environment: 'test',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    })
    expect(stored.success).toBe(true)
  })
})
