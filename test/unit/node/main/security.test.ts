import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { enforceGuestPreferences, hardenSession, hardenWebContents, isSafeExternalUrl, secureWebPreferences } from '../../../../electron/main/security'
import type { WebviewGrant } from '../../../../electron/core/widget-grants'

function fakeContents(type: 'window' | 'webview' = 'window') {
  const ee = new EventEmitter()
  let openHandler: ((d: { url: string }) => { action: string }) | null = null
  return Object.assign(ee, {
    getType: () => type,
    setWindowOpenHandler: (h: typeof openHandler) => void (openHandler = h),
    open: (url: string) => openHandler?.({ url }),
  })
}

function navEvent() {
  return { preventDefault: vi.fn() }
}

const grant: WebviewGrant = { partition: 'widget-abc', src: 'https://vendor.example/__widget_host', preload: '/app/out/preload/widget.cjs' }

function setup(type: 'window' | 'webview' = 'window') {
  const wc = fakeContents(type)
  const openExternal = vi.fn()
  hardenWebContents(wc as never, { openExternal, webviewGrant: (p) => (p === grant.partition ? grant : undefined) })
  return { wc, openExternal }
}

describe('window security settings', () => {
  it('turns on isolation and the sandbox and turns off node', () => {
    const p = secureWebPreferences('/x/preload.cjs')
    expect(p).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, nodeIntegrationInWorker: false, webSecurity: true, allowRunningInsecureContent: false })
  })

  it('blocks navigation to an outside URL and lets our own pages through', () => {
    const { wc } = setup()
    const outside = navEvent()
    wc.emit('will-navigate', outside, 'https://evil.example/phish')
    expect(outside.preventDefault).toHaveBeenCalled()
    const own = navEvent()
    wc.emit('will-navigate', own, 'app://bundle/index.html#/customers')
    expect(own.preventDefault).not.toHaveBeenCalled()
    const fileNav = navEvent()
    wc.emit('will-navigate', fileNav, 'file:///etc/passwd')
    expect(fileNav.preventDefault).toHaveBeenCalled()
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

  it('enforceGuestPreferences leaves nothing of the renderer\'s choice', () => {
    const prefs: Record<string, unknown> = { nodeIntegrationInWorker: true, experimentalFeatures: true, enableBlinkFeatures: 'X' }
    enforceGuestPreferences(prefs, grant)
    expect(prefs).toMatchObject({ nodeIntegrationInWorker: false, experimentalFeatures: false, enableBlinkFeatures: '' })
  })
})

describe('session permissions', () => {
  it('denies every permission request and check', () => {
    type RequestHandler = (wc: unknown, p: string, cb: (ok: boolean) => void) => void
    type CheckHandler = (...a: unknown[]) => boolean
    const handlers: { request?: RequestHandler; check?: CheckHandler } = {}
    const on = vi.fn()
    const session = {
      setPermissionRequestHandler: (h: RequestHandler) => void (handlers.request = h),
      setPermissionCheckHandler: (h: CheckHandler) => void (handlers.check = h),
      on,
    }
    hardenSession(session as never)
    const { request, check } = handlers
    if (!request || !check) throw new Error('handlers not installed')
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn()
      request({}, p, cb)
      expect(cb).toHaveBeenCalledWith(false)
      expect(check({}, p, 'app://bundle', {})).toBe(false)
    }
    expect(on).toHaveBeenCalledWith('will-download', expect.any(Function))
  })
})
