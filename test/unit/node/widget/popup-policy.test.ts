import { describe, expect, it } from 'vitest'
import { decidePopup } from '../../../../electron/core/widget/popup-policy'

const SANDBOX = 'http://127.0.0.1:4555'
const allow = (url: string, loopbackOrigins: readonly string[] = [SANDBOX]) => decidePopup({ url, loopbackOrigins }).allow

describe('the one popup policy', () => {
  it('lets a consent window show any https page: Workato, then the identity provider, then back', () => {
    expect(allow('https://app.workato.com/oauth/authorize?connection_id=11')).toBe(true)
    expect(allow('https://login.salesforce.com/services/oauth2/authorize?client_id=x')).toBe(true)
    expect(allow('https://accounts.google.com/o/oauth2/v2/auth')).toBe(true)
  })

  it('allows plain http only on the running Sandbox loopback origin', () => {
    expect(allow(`${SANDBOX}/oauth/authorize?session=1`)).toBe(true)
    expect(allow('http://127.0.0.1:9999/oauth/authorize')).toBe(false)
    expect(allow(`${SANDBOX}/oauth/authorize`, [])).toBe(false) // no Sandbox running
    expect(allow('http://app.workato.com/oauth/authorize')).toBe(false)
    expect(allow('http://10.0.0.5:4555/')).toBe(false)
  })

  it('refuses other schemes, credentials in the URL and garbage, saying why', () => {
    for (const url of [
      'app://bundle/index.html',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,hi',
      'about:blank',
      'chrome://settings',
    ]) {
      const d = decidePopup({ url, loopbackOrigins: [SANDBOX] })
      expect(d.allow).toBe(false)
      if (!d.allow) expect(d.reason).toMatch(/refused/)
    }
    expect(decidePopup({ url: 'https://user:pw@login.example/', loopbackOrigins: [] })).toEqual({
      allow: false,
      reason: 'URLs with credentials are refused',
    })
    expect(decidePopup({ url: 'not a url', loopbackOrigins: [] })).toEqual({ allow: false, reason: 'not a valid URL' })
  })
})
