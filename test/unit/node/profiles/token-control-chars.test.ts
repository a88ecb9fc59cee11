/**
 * Issue 11 defect 3: a token with a line break, carriage return or NUL reached the "Test connection" message in
 * clear (fetch refuses the header with a message that quotes it). Input now refuses such a token, and a stored one
 * (written before that rule) is still never shown, in any of its forms.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { profileInputSchema } from '../../../../shared/domain/profile'
import { secretForms } from '../../../../shared/redact'
import { createProfileService, openSettings } from '../../../../electron/core/profiles'
import { createMemoryVault } from '../../../support/memory-vault'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ec-token-cc-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const base = { name: 'Acme', dataCenter: 'custom' as const, customBaseUrl: 'http://127.0.0.1:1', environment: 'production' as const, originUrls: [] }

describe('a token with control characters', () => {
  it.each([
    ['line feed', 'wrkus-live\n7f3a9c1d2e4b'],
    ['carriage return', 'wrkus-live\r7f3a9c1d2e4b'],
    ['NUL', 'wrkus-live\u00007f3a9c1d2e4b'],
  ])('is refused at input with a sentence that says why (%s)', (_name, token) => {
    const r = profileInputSchema.safeParse({ ...base, apiToken: token })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.path).toEqual(['apiToken'])
    expect(r.error?.issues[0]?.message).toMatch(/line break or another control character/)
  })

  it('is accepted when the only whitespace is around it (a pasted trailing newline)', () => {
    expect(profileInputSchema.parse({ ...base, apiToken: '  wrkus-live-7f3a9c1d2e4b\n' }).apiToken).toBe('wrkus-live-7f3a9c1d2e4b')
  })

  it.each([
    ['line feed', 'wrkus-live\n7f3a9c1d2e4b'],
    ['carriage return', 'wrkus-live\r7f3a9c1d2e4b'],
    ['NUL', 'wrkus-live\u00007f3a9c1d2e4b'],
  ])('already stored, never shows in the Test connection result (%s)', async (_name, token) => {
    const svc = createProfileService({ settings: openSettings({ dir }), vault: createMemoryVault(), sandbox: null })
    await svc.init()
    // The service itself takes what it is given: this is a token stored before input refused control characters.
    const p = await svc.create({ ...base, apiToken: token })
    const r = await svc.testConnection(p.id)
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/control character/)
    for (const form of [token, 'wrkus-live', '7f3a9c1d2e4b', ...secretForms(token)]) expect(r.message).not.toContain(form)
  })
})
