import { describe, expect, it } from 'vitest'
import { decidePermission, LOCAL_NETWORK_PERMISSIONS, type PermissionAsker } from '../../../../electron/core/permission-policy'

const app: PermissionAsker = { kind: 'app', appOrigin: 'app://bundle/index.html', trustedWindow: true }
const sandboxWidget: PermissionAsker = { kind: 'widget', hostOrigin: 'https://console.embedded.local', sandboxOrigin: 'http://127.0.0.1:4555' }
const realWidget: PermissionAsker = { kind: 'widget', hostOrigin: 'https://app.acme.example', sandboxOrigin: null }

describe('permission decisions', () => {
  it('clipboard write: only our trusted app window, only from our own origin', () => {
    expect(decidePermission(app, { permission: 'clipboard-sanitized-write', requesting: 'app://bundle' })).toBe(true)
    expect(decidePermission(app, { permission: 'clipboard-sanitized-write', requesting: 'app://bundle/index.html#/customers/5' })).toBe(true)
    expect(decidePermission({ ...app, trustedWindow: false }, { permission: 'clipboard-sanitized-write', requesting: 'app://bundle' })).toBe(false)
    expect(decidePermission(app, { permission: 'clipboard-sanitized-write', requesting: 'https://evil.example' })).toBe(false)
    expect(decidePermission(app, { permission: 'clipboard-sanitized-write', requesting: '' })).toBe(false)
    expect(decidePermission(sandboxWidget, { permission: 'clipboard-sanitized-write', requesting: 'https://console.embedded.local' })).toBe(false)
  })

  it('dev server: the app origin is whatever the renderer entry is', () => {
    const dev: PermissionAsker = { kind: 'app', appOrigin: 'http://localhost:5173/', trustedWindow: true }
    expect(decidePermission(dev, { permission: 'clipboard-sanitized-write', requesting: 'http://localhost:5173' })).toBe(true)
    expect(decidePermission(dev, { permission: 'clipboard-sanitized-write', requesting: 'app://bundle' })).toBe(false)
  })

  it('local network access: only a widget attempt on the running Sandbox, only from its host page or the Sandbox', () => {
    for (const permission of LOCAL_NETWORK_PERMISSIONS) {
      expect(decidePermission(sandboxWidget, { permission, requesting: 'https://console.embedded.local' })).toBe(true)
      expect(decidePermission(sandboxWidget, { permission, requesting: 'http://127.0.0.1:4555/widget' })).toBe(true)
      expect(decidePermission(sandboxWidget, { permission, requesting: 'https://evil.example' })).toBe(false)
      expect(decidePermission(realWidget, { permission, requesting: 'https://app.acme.example' })).toBe(false)
      expect(decidePermission(app, { permission, requesting: 'app://bundle' })).toBe(false)
      expect(decidePermission({ kind: 'none' }, { permission, requesting: 'https://console.embedded.local' })).toBe(false)
    }
  })

  it('everything else is denied to everyone', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'hid',
      'usb',
      'serial',
      'fullscreen',
      'unknown',
    ]) {
      for (const asker of [app, sandboxWidget, realWidget]) {
        expect(decidePermission(asker, { permission, requesting: 'app://bundle' })).toBe(false)
        expect(decidePermission(asker, { permission, requesting: 'https://console.embedded.local' })).toBe(false)
      }
    }
  })
})
