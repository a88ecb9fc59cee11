import { describe, expect, it } from 'vitest'
import { profileInputSchema, profileSchema } from '../../../../shared/domain/profile'
import { customerInputSchema, customerUpdateSchema } from '../../../../shared/domain/workato'

const origins = (o: string) => profileInputSchema.partial().safeParse({ originUrls: [o] })
const messages = (o: string) => {
  const r = origins(o)
  return r.success ? [] : r.error.issues.map((i) => i.message)
}

describe('origin URLs a person enters (reference §7.2, §8.4)', () => {
  it('accepts an https origin, with a port or a bare trailing slash, and http only on loopback', () => {
    for (const ok of [
      'https://app.acme.example',
      'https://app.acme.example:8443',
      'https://app.acme.example/',
      'http://127.0.0.1:5173',
      'http://localhost:3000',
    ]) {
      expect(origins(ok).success, ok).toBe(true)
    }
  })

  it('refuses a path, query or fragment and names the origin that was probably meant', () => {
    expect(messages('https://app.acme.example/path?x=1')).toEqual(['An origin has no path, query or fragment: use https://app.acme.example'])
    expect(messages('https://app.acme.example/#top')).toEqual(['An origin has no path, query or fragment: use https://app.acme.example'])
    expect(messages('https://user:pw@app.acme.example')).toEqual([
      'An origin cannot contain a user name or password (they would be stored in plain settings): use https://app.acme.example',
    ])
  })

  it('refuses plain http off loopback and text that is not a URL', () => {
    expect(messages('http://app.acme.example')).toEqual(['Origin URL must be an https:// URL (http is allowed only for localhost)'])
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

describe('validation gaps the campaign found (issue 11, defect 7)', () => {
  const input = (over: Record<string, unknown>) =>
    profileInputSchema.safeParse({ name: 'Acme', dataCenter: 'custom', environment: 'test', customBaseUrl: 'https://workato.acme.example', ...over })
  const why = (over: Record<string, unknown>) => {
    const r = input(over)
    return r.success ? [] : r.error.issues.map((i) => i.message)
  }

  it('refuses a base URL with a user name and password, and names the URL without them', () => {
    expect(why({ customBaseUrl: 'https://admin:hunter2@workato.acme.example/api' })).toEqual([
      'A base URL cannot contain a user name or password (they would be stored in plain settings): use https://workato.acme.example/api',
    ])
  })

  it('bounds the base URL at 2,048 characters', () => {
    expect(why({ customBaseUrl: `https://workato.acme.example/${'a'.repeat(2048)}` })).toEqual(['A URL can be at most 2048 characters'])
    expect(input({ customBaseUrl: `https://workato.acme.example/${'a'.repeat(1900)}` }).success).toBe(true)
  })

  it('bounds origins at 20 and refuses the same origin twice', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `https://app${i}.acme.example`)
    expect(why({ originUrls: many })).toEqual(['At most 20 origin URLs per profile'])
    expect(why({ originUrls: ['https://app.acme.example', 'https://app.acme.example/'] })).toEqual([
      'https://app.acme.example is listed twice; list each origin once',
    ])
  })

  it('refuses control characters in a profile name', () => {
    expect(why({ name: 'Acme\u0000prod' })).toEqual(['The profile name cannot contain control characters (line breaks, tabs, NUL)'])
    expect(why({ name: 'Acme\nprod' })).toEqual(['The profile name cannot contain control characters (line breaks, tabs, NUL)'])
  })

  it('answers a javascript: origin with what an origin is, never "use null"', () => {
    const m = messages('javascript:alert(1)')
    expect(m).toEqual([
      '"javascript:" is not a web origin. An origin is the scheme, host and optional port a page is served from, for example https://app.acme.example',
    ])
    expect(messages('data:text/html,hi').join(' ')).not.toContain('null')
  })

  it('checks a customer origin the same way on create and on update', () => {
    for (const bad of ['http://app.acme.example', 'javascript:alert(1)', 'https://u:p@app.acme.example', 'https://app.acme.example/path']) {
      const created = customerInputSchema.safeParse({ name: 'C', notification_email: 'c@acme.example', origin_url: bad })
      const updated = customerUpdateSchema.safeParse({ origin_url: bad })
      expect(created.success, bad).toBe(false)
      expect(updated.success, bad).toBe(false)
      expect(updated.error?.issues.map((i) => i.message)).toEqual(created.error?.issues.map((i) => i.message))
    }
    expect(customerUpdateSchema.safeParse({ origin_url: 'https://app.acme.example' }).success).toBe(true)
    expect(customerUpdateSchema.safeParse({ origin_url: null }).success).toBe(true)
  })
})
