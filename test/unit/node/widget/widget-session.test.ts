/**
 * The Electron glue with a mocked session: one attempt's protocol handler answers only its host page, closing
 * clears storage, cache and auth cache, popups are decided by core and closed with the attempt, and
 * `will-attach-webview` (security.ts) overrides a hostile renderer for a granted attempt and refuses it after.
 */
import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { createElectronWidgetHost, sameUrl } from '../../../../electron/main/widget-session'
import { hardenWebContents } from '../../../../electron/main/security'
import { APP_ORIGIN, setup } from './fakes'

type Handler = (req: Request) => Promise<Response>

function fakeSession(name: string) {
  const handlers = new Map<string, Handler>()
  return {
    name,
    handlers,
    protocol: {
      handle: vi.fn((scheme: string, h: Handler) => void handlers.set(scheme, h)),
      unhandle: vi.fn((scheme: string) => void handlers.delete(scheme)),
      isProtocolHandled: (scheme: string) => handlers.has(scheme),
    },
    clearStorageData: vi.fn(async () => {}),
    clearCache: vi.fn(async () => {}),
    clearAuthCache: vi.fn(async () => {}),
  }
}

function fakeWindow(session: unknown) {
  const ee = new EventEmitter()
  const wc = Object.assign(new EventEmitter(), { session, getTitle: () => 'Error 403: disallowed_useragent', getURL: () => 'https://accounts.google.com/x', executeJavaScript: async () => 'This browser or app may not be secure' })
  let destroyed = false
  return Object.assign(ee, {
    webContents: wc,
    isDestroyed: () => destroyed,
    close: vi.fn(() => {
      destroyed = true
      ee.emit('closed')
    }),
  })
}

async function electronSetup() {
  const t = await setup({ host: undefined })
  const sessions = new Map<string, ReturnType<typeof fakeSession>>()
  const passThrough = vi.fn(async (req: Request) => new Response(`network:${req.url}`))
  const harden = vi.fn()
  const host = createElectronWidgetHost({
    fromPartition: (p) => {
      const s = sessions.get(p) ?? fakeSession(p)
      sessions.set(p, s)
      return s as never
    },
    passThrough,
    harden,
    preloadPath: '/app/out/preload/widget.cjs',
    widget: () => t.service,
  })
  t.service.setHost(host)
  return { ...t, host, sessions, passThrough, harden }
}

describe('widget session (Electron glue, mocked)', () => {
  it('serves only the host page in the attempt partition and passes everything else to the network', async () => {
    const t = await electronSetup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const s = t.sessions.get(a.partition)
    expect(s).toBeDefined()
    expect(t.harden).toHaveBeenCalledWith(s)
    const handler = s?.handlers.get('https')
    if (!handler) throw new Error('no https handler')
    const page = await handler(new Request(a.hostUrl))
    expect(page.headers.get('content-security-policy')).toMatch(/frame-src https:\/\/app\.workato\.com/)
    expect(await page.text()).toContain('id="workato-widget"')
    // Same origin, other path or query: not ours.
    await handler(new Request('https://console.embedded.local/other'))
    await handler(new Request(a.hostUrl.replace(a.attemptId, 'another-attempt-id')))
    await handler(new Request(`${APP_ORIGIN}/direct_link/embedded/connections/11`))
    expect(t.passThrough.mock.calls.map((c) => (c[0] as Request).url)).toEqual([
      'https://console.embedded.local/other',
      a.hostUrl.replace(a.attemptId, 'another-attempt-id'),
      `${APP_ORIGIN}/direct_link/embedded/connections/11`,
    ])
    expect(t.host.livePartitions()).toEqual([a.partition])
  })

  it('closing clears storage, cache and auth cache, unhandles, revokes the grant; the next customer gets a new partition', async () => {
    const t = await electronSetup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    await t.service.close(a.attemptId)
    const s = t.sessions.get(a.partition)
    expect(s?.clearStorageData).toHaveBeenCalledTimes(1)
    expect(s?.clearCache).toHaveBeenCalledTimes(1)
    expect(s?.clearAuthCache).toHaveBeenCalledTimes(1)
    expect(s?.protocol.unhandle).toHaveBeenCalledWith('https')
    expect(t.grants.grant(a.partition)).toBeUndefined()
    expect(t.host.livePartitions()).toEqual([])
    const b = await t.service.open({ profileId: 'acme', customerId: 6, connectionId: 12 })
    expect(b.partition).not.toBe(a.partition)
    expect(t.sessions.get(b.partition)).not.toBe(s)
    expect(t.sessions.get(b.partition)?.clearStorageData).not.toHaveBeenCalled()
  })

  it('allows a consent popup only from a live attempt guest, https on the app origin, and closes it with the attempt', async () => {
    const t = await electronSetup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const s = t.sessions.get(a.partition)
    const guest = Object.assign(new EventEmitter(), { session: s })
    const stranger = Object.assign(new EventEmitter(), { session: fakeSession('other') })
    expect(t.host.guestWindowOpen(guest as never, `${APP_ORIGIN}/oauth/authorize?connection_id=11`)).toBe('allow')
    expect(t.host.guestWindowOpen(guest as never, 'http://app.workato.com/oauth/authorize')).toBe('deny')
    expect(t.host.guestWindowOpen(guest as never, 'https://phish.example/login')).toBe('deny')
    expect(t.host.guestWindowOpen(stranger as never, `${APP_ORIGIN}/oauth/authorize`)).toBe('deny')

    t.host.watchGuest(guest as never)
    const foreign = fakeWindow({ other: true })
    guest.emit('did-create-window', foreign)
    expect(foreign.close).toHaveBeenCalled() // not in the attempt partition

    const popup = fakeWindow(s)
    guest.emit('did-create-window', popup)
    expect(popup.close).not.toHaveBeenCalled()
    await t.service.close(a.attemptId)
    expect(popup.close).toHaveBeenCalled()
  })

  it('detects disallowed_useragent in a popup and offers the system browser', async () => {
    const t = await electronSetup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const s = t.sessions.get(a.partition)
    const guest = Object.assign(new EventEmitter(), { session: s })
    t.host.watchGuest(guest as never)
    t.host.guestWindowOpen(guest as never, `${APP_ORIGIN}/oauth/authorize?connection_id=11`)
    const popup = fakeWindow(s)
    guest.emit('did-create-window', popup)
    popup.webContents.emit('did-finish-load')
    await vi.waitFor(() => expect(t.events.emit).toHaveBeenCalledWith('widget:popup', expect.objectContaining({ attemptId: a.attemptId, state: 'refused_embedded' })))
    expect(popup.close).toHaveBeenCalled()
    await t.service.continueInBrowser(a.attemptId)
    expect(t.openExternal).toHaveBeenCalledWith(`${APP_ORIGIN}/oauth/authorize?connection_id=11`)
  })

  it('compares host URLs by origin, path and query only', () => {
    expect(sameUrl('https://a.example/p?attempt=1', 'https://a.example/p?attempt=1#x')).toBe(true)
    expect(sameUrl('https://a.example/p?attempt=1', 'https://a.example/p?attempt=2')).toBe(false)
    expect(sameUrl('https://a.example:444/p?attempt=1', 'https://a.example/p?attempt=1')).toBe(false)
  })
})

describe('will-attach-webview with real widget grants', () => {
  function contents() {
    const ee = new EventEmitter()
    return Object.assign(ee, { getType: () => 'window', setWindowOpenHandler: () => {} })
  }

  it('overrides hostile attributes for a live attempt and refuses the same partition once it is closed', async () => {
    const t = await electronSetup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const wc = contents()
    hardenWebContents(wc as never, { openExternal: vi.fn(), webviewGrant: (p) => t.grants.grant(p) })
    const hostile: Record<string, unknown> = { preload: '/tmp/evil.js', nodeIntegration: true, contextIsolation: false, sandbox: false, partition: 'persist:shared', webSecurity: false }
    const ev = { preventDefault: vi.fn() }
    wc.emit('will-attach-webview', ev, hostile, { partition: a.partition, src: a.hostUrl })
    expect(ev.preventDefault).not.toHaveBeenCalled()
    expect(hostile).toMatchObject({ preload: '/app/out/preload/widget.cjs', partition: a.partition, nodeIntegration: false, contextIsolation: true, sandbox: true, webSecurity: true })

    const wrongSrc = { preventDefault: vi.fn() }
    wc.emit('will-attach-webview', wrongSrc, {}, { partition: a.partition, src: `${APP_ORIGIN}/direct_link/embedded/connections/11` })
    expect(wrongSrc.preventDefault).toHaveBeenCalled()

    await t.service.close(a.attemptId)
    const after = { preventDefault: vi.fn() }
    wc.emit('will-attach-webview', after, {}, { partition: a.partition, src: a.hostUrl })
    expect(after.preventDefault).toHaveBeenCalled()
  })
})
