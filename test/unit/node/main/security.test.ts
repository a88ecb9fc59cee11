import { describe, expect, it, vi } from 'vitest'
import {
  enforceGuestPreferences,
  hardenSession,
  hardenWebContents,
  isSafeExternalUrl,
  secureWebPreferences,
} from '../../../../electron/main/security'
import type { WebviewGrant } from '../../../../electron/core/widget-grants'
import { defaultSessionLike, FakeSession, FakeWebContents } from './electron-fakes'

function fakeContents(type: 'window' | 'webview' = 'window') {
  return new FakeWebContents(type, defaultSessionLike)
}

function navEvent() {
  return { preventDefault: vi.fn() }
}

const grant: WebviewGrant = {
  partition: 'widget-abc',
  src: 'https://vendor.example/__widget_host',
  preload: '/app/out/preload/widget.cjs',
  allowPopups: true,
}

function setup(type: 'window' | 'webview' = 'window') {
  const wc = fakeContents(type)
  const openExternal = vi.fn()
  hardenWebContents(wc as never, { openExternal, webviewGrant: (p) => (p === grant.partition ? grant : undefined) })
  return { wc, openExternal }
}

describe('window security settings', () => {
  it('turns on isolation and the sandbox and turns off node', () => {
    const p = secureWebPreferences('/x/preload.cjs')
    expect(p).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    })
  })

  it('blocks navigation to an outside URL and lets our own pages through', () => {
    const { wc } = setup()
    expect(wc.navigate('https://evil.example/phish')).toBe(false)
    expect(wc.navigate('app://bundle/index.html#/customers')).toBe(true)
    expect(wc.navigate('file:///etc/passwd')).toBe(false)
    expect(wc.redirect('https://evil.example/')).toBe(false)
  })

  it('never opens new windows; https links go to the system browser, others nowhere', () => {
    const { wc, openExternal } = setup()
    expect(wc.open('https://docs.workato.com/oem')).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://docs.workato.com/oem')
    openExternal.mockClear()
    expect(wc.open('http://insecure.example')).toEqual({ action: 'deny' })
    expect(wc.open('file:///etc/passwd')).toEqual({ action: 'deny' })
    expect(wc.open('javascript:alert(1)')).toEqual({ action: 'deny' })
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('only allows https to leave the app', () => {
    expect(isSafeExternalUrl('https://a.example')).toBe(true)
    expect(isSafeExternalUrl('https://user:pw@a.example')).toBe(false)
    expect(isSafeExternalUrl('http://a.example')).toBe(false)
    expect(isSafeExternalUrl('smb://share')).toBe(false)
    expect(isSafeExternalUrl('not a url')).toBe(false)
  })

  it('refuses a <webview> whose partition main did not grant', () => {
    const { wc } = setup()
    const ev = navEvent()
    const prefs = {}
    wc.emit('will-attach-webview', ev, prefs, { partition: 'persist:stolen', src: grant.src })
    expect(ev.preventDefault).toHaveBeenCalled()
  })

  it('refuses a <webview> that asks for another src than the granted one', () => {
    const { wc } = setup()
    const ev = navEvent()
    wc.emit('will-attach-webview', ev, {}, { partition: grant.partition, src: 'https://evil.example/' })
    expect(ev.preventDefault).toHaveBeenCalled()
  })

  it('overrides hostile renderer attributes on a granted <webview>', () => {
    const { wc } = setup()
    const ev = navEvent()
    const hostile: Record<string, unknown> = {
      preload: '/tmp/evil.js',
      preloadURL: 'file:///tmp/evil.js',
      nodeIntegration: true,
      nodeIntegrationInSubFrames: true,
      contextIsolation: false,
      sandbox: false,
      webSecurity: false,
      allowRunningInsecureContent: true,
      webviewTag: true,
      partition: 'persist:shared',
    }
    wc.emit('will-attach-webview', ev, hostile, { partition: grant.partition, src: grant.src })
    expect(ev.preventDefault).not.toHaveBeenCalled()
    expect(hostile).toMatchObject({
      preload: grant.preload,
      partition: grant.partition,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
    expect(hostile).not.toHaveProperty('preloadURL')
  })

  it("enforceGuestPreferences leaves nothing of the renderer's choice", () => {
    const prefs: Record<string, unknown> = { nodeIntegrationInWorker: true, experimentalFeatures: true, enableBlinkFeatures: 'X' }
    enforceGuestPreferences(prefs, grant)
    expect(prefs).toMatchObject({ nodeIntegrationInWorker: false, experimentalFeatures: false, enableBlinkFeatures: '' })
  })
})

describe('session permissions', () => {
  it('denies every permission request and check by default, devices and screen capture included', () => {
    const s = new FakeSession('any')
    hardenSession(s as never)
    const wc = fakeContents()
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'clipboard-sanitized-write',
      'local-network-access',
      'openExternal',
    ]) {
      expect(s.ask(wc, p, 'app://bundle')).toEqual({ request: false, check: false })
    }
    expect(s.deviceHandler?.()).toBe(false)
    const cb = vi.fn()
    s.displayMediaHandler?.({}, cb)
    expect(cb).toHaveBeenCalledWith({})
    expect(s.listenerCount('will-download')).toBe(1)
  })

  it("asks the decider with the frame that asks: the request's requestingUrl, the check's requestingOrigin", () => {
    const s = new FakeSession('any')
    const seen: string[] = []
    hardenSession(s as never, (_wc, permission, requesting) => (seen.push(`${permission} ${requesting}`), permission === 'clipboard-sanitized-write'))
    expect(s.ask(fakeContents(), 'clipboard-sanitized-write', 'app://bundle')).toEqual({ request: true, check: true })
    expect(seen).toEqual(['clipboard-sanitized-write app://bundle/page', 'clipboard-sanitized-write app://bundle'])
  })
})

describe('app windows, guests and strays', () => {
  it('a webview that no live attempt owns may neither navigate its main frame nor open windows', () => {
    const wc = fakeContents('webview')
    hardenWebContents(wc as never, { openExternal: vi.fn(), webviewGrant: () => undefined })
    expect(wc.navigate('https://x.example/')).toBe(false)
    expect(wc.open('https://x.example/')).toEqual({ action: 'deny' })
  })

  it('a window in an in-memory session that no attempt owns (a stray popup) is refused everything', () => {
    const wc = new FakeWebContents('window', new FakeSession('widget-slot-1'))
    const openExternal = vi.fn()
    hardenWebContents(wc as never, { openExternal, webviewGrant: () => undefined })
    expect(wc.navigate('app://bundle/index.html')).toBe(false)
    expect(wc.open('https://docs.workato.com/')).toEqual({ action: 'deny' })
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('will-frame-navigate blocks an outside subframe in the app window too', () => {
    const { wc } = setup()
    expect(wc.navigate('https://evil.example/', false)).toBe(false)
    expect(wc.navigate('app://bundle/frame.html', false)).toBe(true)
  })
})
