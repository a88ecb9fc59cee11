import { describe, expect, it } from 'vitest'
import {
  describeDeepLink,
  formatDeepLink,
  MAX_DEEP_LINK_LENGTH,
  parseDeepLink,
  type DeepLink,
  type DeepLinkRejection,
} from '../../../../shared/deep-link'

const uuid = '3f2c9a4e-8b1d-4c7e-9f00-1a2b3c4d5e6f'

const accepted: Array<[string, DeepLink]> = [
  ['embedded-console://customer/42', { kind: 'customer', customerId: 42 }],
  ['embedded-console://customer/42?profile=Production', { kind: 'customer', customerId: 42, profile: 'Production' }],
  ['embedded-console://customer/42?profile=EU%20Staging', { kind: 'customer', customerId: 42, profile: 'EU Staging' }],
  ['EMBEDDED-CONSOLE://Customer/7', { kind: 'customer', customerId: 7 }],
  ['embedded-console://connection/1234567', { kind: 'connection', connectionId: 1234567 }],
  ['embedded-console://recipe/99', { kind: 'recipe', recipeId: 99 }],
  ['embedded-console://job/99/j-1A2b_3', { kind: 'job', recipeId: 99, jobId: 'j-1A2b_3' }],
  [`embedded-console://widget/${uuid}`, { kind: 'widget', attemptId: uuid }],
  ['embedded-console://profile?name=EU%20Staging', { kind: 'profile', name: 'EU Staging' }],
  ['embedded-console://profile/?name=Production', { kind: 'profile', name: 'Production' }],
]

const rejected: Array<[string, string, DeepLinkRejection]> = [
  ['unknown host', 'embedded-console://settings/1', 'unknown_host'],
  ['empty host', 'embedded-console:///customer/1', 'unknown_host'],
  ['other scheme', 'https://customer/42', 'wrong_scheme'],
  ['javascript scheme', 'javascript:alert(1)//embedded-console://customer/1', 'wrong_scheme'],
  ['no slashes', 'embedded-console:customer/42', 'wrong_scheme'],
  ['extra segment', 'embedded-console://customer/42/connections', 'bad_path'],
  ['missing id', 'embedded-console://customer', 'bad_path'],
  ['trailing slash', 'embedded-console://customer/42/', 'bad_path'],
  ['job without its job id', 'embedded-console://job/99', 'bad_path'],
  ['encoded traversal', 'embedded-console://recipe/%2e%2e', 'bad_path'],
  ['dot-dot traversal is not an id', 'embedded-console://recipe/../connection/1', 'bad_path'],
  ['non-numeric id', 'embedded-console://customer/abc', 'bad_id'],
  ['negative id', 'embedded-console://customer/-1', 'bad_id'],
  ['leading zero', 'embedded-console://customer/007', 'bad_id'],
  ['zero', 'embedded-console://recipe/0', 'bad_id'],
  ['unsafe integer', 'embedded-console://connection/99999999999999999', 'bad_id'],
  ['bad job id', 'embedded-console://job/99/j!1', 'bad_id'],
  ['encoded markup in a job id', 'embedded-console://job/99/<script>', 'bad_path'],
  ['upper-case attempt id', 'embedded-console://widget/ABCDEF12', 'bad_id'],
  ['short attempt id', 'embedded-console://widget/abc', 'bad_id'],
  ['profile name with markup', 'embedded-console://customer/42?profile=%3Cb%3E', 'bad_id'],
  ['user and password', 'embedded-console://admin:hunter2@customer/42', 'credentials'],
  ['user only', 'embedded-console://token@customer/42', 'credentials'],
  ['port', 'embedded-console://customer:8080/42', 'port'],
  ['fragment', 'embedded-console://customer/42#x', 'fragment'],
  ['unknown query', 'embedded-console://customer/42?token=abc', 'unexpected_query'],
  ['repeated profile', 'embedded-console://customer/42?profile=a&profile=b', 'unexpected_query'],
  ['query on a recipe', 'embedded-console://recipe/42?profile=a', 'unexpected_query'],
  ['newline', 'embedded-console://customer/42\nprofile', 'control_characters'],
  ['NUL', 'embedded-console://customer/4\u00002', 'control_characters'],
  ['over-long', `embedded-console://customer/42?profile=${'a'.repeat(MAX_DEEP_LINK_LENGTH)}`, 'too_long'],
  ['garbage', 'embedded-console://[', 'not_a_url'],
  ['profile without a name', 'embedded-console://profile', 'bad_id'],
  ['profile with a path', 'embedded-console://profile/Production', 'bad_path'],
  ['profile by another key', 'embedded-console://profile?profile=Production', 'unexpected_query'],
  ['profile name with markup', 'embedded-console://profile?name=%3Cscript%3E', 'bad_id'],
]

describe('parseDeepLink', () => {
  it.each(accepted)('accepts %s', (url, link) => {
    expect(parseDeepLink(url)).toEqual({ ok: true, link })
  })
  it.each(rejected)('rejects %s', (_name, url, reason) => {
    const r = parseDeepLink(url)
    expect(r).toMatchObject({ ok: false, reason })
    // The reason is a sentence a person can act on, and never echoes credentials or control characters.
    if (!r.ok) {
      expect(r.message.length).toBeGreaterThan(10)
      expect(r.message).not.toContain('hunter2')
      expect(r.message).not.toContain('\n')
      expect(r.message).not.toContain('\u0000')
    }
  })
  it('says what a link asked for', () => {
    expect(describeDeepLink({ kind: 'customer', customerId: 42, profile: 'Production' })).toBe('customer 42 in profile "Production"')
    expect(describeDeepLink({ kind: 'job', recipeId: 9, jobId: 'j1' })).toBe('job j1 of recipe 9')
  })
  it('formats every kind so that it parses back to the same link', () => {
    for (const [, link] of accepted) expect(parseDeepLink(formatDeepLink(link))).toEqual({ ok: true, link })
    expect(formatDeepLink({ kind: 'customer', customerId: 42, profile: 'EU Staging' })).toBe('embedded-console://customer/42?profile=EU%20Staging')
    expect(formatDeepLink({ kind: 'job', recipeId: 9, jobId: 'j-1' })).toBe('embedded-console://job/9/j-1')
  })
})
