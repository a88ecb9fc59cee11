/**
 * The Electron glue of the live widget against faithful fakes (test/unit/node/main/electron-fakes.ts) and the
 * real widget service, grants and security hardening: the host page is served once and then the scheme goes back
 * to the network (so the widget's traffic is the partition's own), a guest reload is served from memory, the
 * guest's main frame is locked to the host page, consent popups follow the one popup policy, permissions are
 * granted only where needed, and partitions are pooled, wiped, and cleaned up when the app window reloads.
 */
import { readFile } from 'node:fs/promises'
import { describe, expect, it, vi } from 'vitest'
import { createElectronWidgetHost, sameUrl } from '../../../../electron/main/widget-session'
import { appPermissions, hardenSession, hardenWebContents } from '../../../../electron/main/security'
import { WIDGET_PARTITION_POOL_SIZE } from '../../../../electron/core/widget'
import { defaultSessionLike, FakeBrowserWindow, FakeFrame, FakeSession, FakeWebContents } from '../main/electron-fakes'
import { APP_ORIGIN, fakeProfile, HOST_ORIGIN, setup } from './fakes'

const SANDBOX = 'http://127.0.0.1:4555'

async function electronSetup(opts: { appOrigin?: string } = {}) {
  const t = await setup({
    host: undefined,
    ...(opts.appOrigin
      ? {
          profiles: {
            getProfile: async () => fakeProfile(),
            apiTarget: async () => ({ profileId: 'acme', apiOrigin: opts.appOrigin ?? '', appOrigin: opts.appOrigin ?? '', apiToken: 't' }),
          },
        }
      : {}),
  })
  const sessions = new Map<string, FakeSession>()
  const fromPartition = (p: string) => {
    const s = sessions.get(p) ?? new FakeSession(p)
    sessions.set(p, s)
    return s
  }
  const host = createElectronWidgetHost({
    fromPartition: fromPartition as never,
    preloadPath: '/app/out/preload/widget.cjs',
    widget: () => t.service,
  })
  t.service.setHost(host)
  const log = vi.fn()
  /** A webContents as `web-contents-created` hands it to main: hardened, and watched by the widget host. */
  const created = <T extends FakeWebContents>(wc: T): T => {
    hardenWebContents(wc as never, { openExternal: vi.fn(), webviewGrant: (p) => t.grants.grant(p), widget: host, log })
    host.watchContents(wc as never)
    return wc
  }
  const open = async (customerId = 5, owner?: string) => {
    const a = await t.service.open({ profileId: 'acme', customerId, connectionId: 11 }, owner)
    const s = fromPartition(a.partition)
    return { a, s }
  }
  /** The guest the renderer's <webview> becomes once `will-attach-webview` let it through, loading the host page. */
  const attachGuest = async (s: FakeSession, hostUrl: string) => {
    const guest = created(new FakeWebContents('webview', s))
    guest.startNavigation(hostUrl)
    guest.url = hostUrl
    const page = await s.fetch(hostUrl)
    return { guest, page }
  }
  return { ...t, host, sessions, created, open, attachGuest, log }
}

describe("the host page, then the partition's own network", () => {
  it('serves the host page once from memory, then unhandles the scheme so every other request runs natively in the partition', async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    const page = await s.fetch(a.hostUrl)
    expect(page.from).toBe('handler')
    expect(page.headers.get('content-security-policy')).toMatch(/frame-src https:\/\/app\.workato\.com/)
    expect(page.body).toContain('id="workato-widget"')
    // The Workato iframe, its redirects and the identity provider: Chromium's own loader in this session.
    expect(s.protocol.isProtocolHandled('https')).toBe(false)
    const widget = await s.fetch(`${APP_ORIGIN}/direct_link/embedded/connections/11?workato_dl_token=x`)
    const idp = await s.fetch('https://login.salesforce.com/services/oauth2/authorize')
    expect([widget.from, idp.from]).toEqual(['network', 'network'])
    expect(s.network).toEqual([
      `${APP_ORIGIN}/direct_link/embedded/connections/11?workato_dl_token=x`,
      'https://login.salesforce.com/services/oauth2/authorize',
    ])
    expect(t.host.livePartitions()).toEqual([a.partition])
  })

  it('before the host page has loaded, answers other requests of the scheme itself instead of fetching them', async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    const other = await s.fetch(`${HOST_ORIGIN}/other`)
    expect(other).toMatchObject({ from: 'handler', status: 503 })
    expect(s.network).toEqual([])
    // Another attempt's host URL on the same origin is not this page either.
    expect((await s.fetch(a.hostUrl.replace(a.attemptId, 'another'))).status).toBe(503)
    expect((await s.fetch(a.hostUrl)).status).toBe(200)
  })

  it('a guest reload of the host page is served from memory again, never by the real origin', async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    const { guest, page } = await t.attachGuest(s, a.hostUrl)
    expect(page.status).toBe(200)
    guest.startNavigation(a.hostUrl) // location.reload(), or the embedder's webview.reload()
    const again = await s.fetch(a.hostUrl)
    expect(again).toMatchObject({ from: 'handler', status: 200 })
    expect(again.body).toContain('id="workato-widget"')
    expect(s.network).toEqual([])
    expect(s.protocol.isProtocolHandled('https')).toBe(false)
    // A subframe or same-document navigation does not re-arm anything.
    guest.startNavigation(a.hostUrl, { isMainFrame: false })
    guest.startNavigation(`${a.hostUrl}#x`, { isSameDocument: true })
    expect(s.protocol.isProtocolHandled('https')).toBe(false)
  })

  it('a reload that never reached the host page (stopped or failed) does not leave the scheme intercepted', async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    const { guest } = await t.attachGuest(s, a.hostUrl)
    guest.startNavigation(a.hostUrl)
    expect(s.protocol.isProtocolHandled('https')).toBe(true)
    guest.emit('did-fail-load', {}, -3, 'ERR_ABORTED', a.hostUrl, false) // a subframe failing changes nothing
    expect(s.protocol.isProtocolHandled('https')).toBe(true)
    guest.emit('did-stop-loading', {})
    expect(s.protocol.isProtocolHandled('https')).toBe(false)
    expect(await s.fetch(`${APP_ORIGIN}/direct_link/embedded/connections/11`)).toMatchObject({ from: 'network' })
    guest.startNavigation(a.hostUrl)
    guest.emit('did-fail-load', {}, -3, 'ERR_ABORTED', a.hostUrl, true)
    expect(s.protocol.isProtocolHandled('https')).toBe(false)
  })

  it("reads the widget frame's text when it finishes loading, so the page's reason reaches the inspector", async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    const { guest } = await t.attachGuest(s, a.hostUrl)
    const widgetFrame = guest.addFrame(
      `${APP_ORIGIN}/direct_link/embedded/connections/11?workato_dl_token=x`,
      'Unable to open this connection\nFatal embedding error: origin_not_allowed',
    )
    // A frame that is not the host page's child (an ad, a nested frame) is never read.
    const nested = new FakeFrame(`${APP_ORIGIN}/direct_link/embedded/connections/11`, widgetFrame, 'Fatal embedding error: jti_reused')
    guest.mainFrame.framesInSubtree.push(nested)
    guest.emit('did-frame-finish-load', {}, false, nested.processId, nested.routingId)
    guest.emit('did-frame-finish-load', {}, true, guest.mainFrame.processId, guest.mainFrame.routingId)
    expect(nested.scripts).toEqual([])
    guest.emit('did-frame-finish-load', {}, false, widgetFrame.processId, widgetFrame.routingId)
    await vi.waitFor(() => expect(t.service.messages(a.attemptId, -1, 10).entries.map((e) => e.type)).toEqual(['widgetPage']))
    expect(t.service.attempts()[0]?.lastErrorReason).toBe('origin_not_allowed')
    expect(t.events.emit).toHaveBeenCalledWith('widget:page', expect.objectContaining({ attemptId: a.attemptId, reason: 'origin_not_allowed' }))
  })

  it('compares host URLs by origin, path and query only', () => {
    expect(sameUrl('https://a.example/p?attempt=1', 'https://a.example/p?attempt=1#x')).toBe(true)
    expect(sameUrl('https://a.example/p?attempt=1', 'https://a.example/p?attempt=2')).toBe(false)
    expect(sameUrl('https://a.example:444/p?attempt=1', 'https://a.example/p?attempt=1')).toBe(false)
  })
})

describe('the guest main frame is locked to its host page', () => {
  it('may show only the granted host page; its subframes (the Workato iframe) navigate freely; after close nothing', async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    const { guest } = await t.attachGuest(s, a.hostUrl)
    expect(guest.navigate('https://phish.example/login')).toBe(false)
    expect(guest.navigate(`${APP_ORIGIN}/direct_link/embedded/connections/11`)).toBe(false)
    expect(guest.redirect('https://phish.example/')).toBe(false)
    expect(guest.navigate(a.hostUrl)).toBe(true)
    expect(guest.navigate('https://login.salesforce.com/', false)).toBe(true)
    expect(guest.redirect('https://login.salesforce.com/next', false)).toBe(true)
    await t.service.close(a.attemptId)
    // A guest the renderer has not removed yet is emptied: the old page and its token do not stay in a pooled partition.
    expect(guest.loaded).toEqual(['about:blank'])
    expect(guest.navigate(a.hostUrl)).toBe(false)
    expect(guest.navigate('https://login.salesforce.com/', false)).toBe(false)
  })
})

describe('every main-frame load of the partition is checked, however it started', () => {
  it('the renderer setting the webview src (a programmatic load will-navigate never sees) cannot take the guest elsewhere', async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    const { guest } = await t.attachGuest(s, a.hostUrl)
    expect(s.load(a.hostUrl, 'mainFrame', guest)).toBe(true)
    expect(s.load('https://phish.example/', 'mainFrame', guest)).toBe(false)
    expect(s.load(`${APP_ORIGIN}/direct_link/embedded/connections/11`, 'mainFrame', guest)).toBe(false)
    // The Workato iframe and what it loads are not main frames: not this listener's business.
    expect(s.load('https://login.salesforce.com/', 'subFrame', guest)).toBe(true)
    expect(s.load(`${APP_ORIGIN}/api/x`, 'xhr', guest)).toBe(true)
  })

  it("a popup's loads and redirects follow the popup policy; a load without a webContents is refused; after close nothing loads", async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    const { guest } = await t.attachGuest(s, a.hostUrl)
    const popup = new FakeBrowserWindow(s)
    t.created(popup.webContents)
    guest.emit('did-create-window', popup)
    expect(s.load('https://login.salesforce.com/authorize', 'mainFrame', popup.webContents)).toBe(true)
    expect(s.load('http://evil.example/', 'mainFrame', popup.webContents)).toBe(false)
    expect(s.load('https://x.example/', 'mainFrame')).toBe(false)
    await t.service.close(a.attemptId)
    expect(s.load(a.hostUrl, 'mainFrame', guest)).toBe(false)
  })
})

describe('webview attach: main decides, the renderer asks', () => {
  it('popups are on because main granted them, whatever the allowpopups attribute said; a grant without popups turns them off', async () => {
    const t = await electronSetup()
    const { a } = await t.open()
    const app = t.created(new FakeWebContents('window', defaultSessionLike))
    // What Electron builds from a <webview> without allowpopups (lib/browser/guest-view-manager.ts).
    const prefs: Record<string, unknown> = { disablePopups: true, partition: a.partition, nodeIntegration: true }
    const ev = { defaultPrevented: false, preventDefault: vi.fn() }
    app.emit('will-attach-webview', ev, prefs, { partition: a.partition, src: a.hostUrl })
    expect(ev.preventDefault).not.toHaveBeenCalled()
    expect(prefs).toMatchObject({ disablePopups: false, nodeIntegration: false, sandbox: true, contextIsolation: true })

    t.grants.add({ partition: 'widget-no-popups', src: 'https://x.example/h', preload: '/p', allowPopups: false })
    const asked: Record<string, unknown> = { disablePopups: false }
    app.emit('will-attach-webview', { preventDefault: vi.fn() }, asked, {
      partition: 'widget-no-popups',
      src: 'https://x.example/h',
      allowpopups: 'true',
    })
    expect(asked.disablePopups).toBe(true)
  })

  it('refuses a webview for a partition without a live grant, or with another src', async () => {
    const t = await electronSetup()
    const { a } = await t.open()
    const app = t.created(new FakeWebContents('window', defaultSessionLike))
    const wrongSrc = { preventDefault: vi.fn() }
    app.emit('will-attach-webview', wrongSrc, {}, { partition: a.partition, src: `${APP_ORIGIN}/direct_link/embedded/connections/11` })
    expect(wrongSrc.preventDefault).toHaveBeenCalled()
    await t.service.close(a.attemptId)
    const after = { preventDefault: vi.fn() }
    app.emit('will-attach-webview', after, {}, { partition: a.partition, src: a.hostUrl })
    expect(after.preventDefault).toHaveBeenCalled()
  })
})

describe('consent popups', () => {
  it('open from the guest in the attempt partition, sandboxed and isolated, for https only', async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    const { guest } = await t.attachGuest(s, a.hostUrl)
    const allowed = guest.open(`${APP_ORIGIN}/oauth/authorize?connection_id=11`) as {
      action: string
      overrideBrowserWindowOptions?: { webPreferences?: Record<string, unknown> }
    }
    expect(allowed.action).toBe('allow')
    expect(allowed.overrideBrowserWindowOptions?.webPreferences).toMatchObject({
      partition: a.partition,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
    })
    expect(allowed.overrideBrowserWindowOptions?.webPreferences).not.toHaveProperty('preload')
    expect(guest.open('http://app.workato.com/oauth/authorize')).toEqual({ action: 'deny' })
    expect(guest.open('javascript:alert(1)')).toEqual({ action: 'deny' })
    expect(guest.open('file:///etc/passwd')).toEqual({ action: 'deny' })
    expect(t.events.emit).toHaveBeenCalledWith('widget:popup', expect.objectContaining({ attemptId: a.attemptId, state: 'blocked' }))
  })

  it('can navigate and redirect through the provider (https), but not to app:, file: or plain http; its own popups follow the same policy and all close with the attempt', async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    const { guest } = await t.attachGuest(s, a.hostUrl)
    const popup = new FakeBrowserWindow(s)
    // Electron creates the popup's webContents (web-contents-created) before did-create-window names its opener.
    t.created(popup.webContents)
    expect(popup.webContents.navigate('https://login.salesforce.com/')).toBe(true)
    guest.emit('did-create-window', popup)
    expect(popup.closes).toBe(0)
    expect(popup.webContents.navigate('https://login.salesforce.com/authorize?client_id=1')).toBe(true)
    expect(popup.webContents.redirect(`${APP_ORIGIN}/oauth/callback?code=1`)).toBe(true)
    expect(popup.webContents.navigate('app://bundle/index.html')).toBe(false)
    expect(popup.webContents.navigate('file:///etc/passwd')).toBe(false)
    expect(popup.webContents.redirect('http://evil.example/')).toBe(false)

    // A popup of the popup (an account chooser): same policy, same partition.
    expect(popup.webContents.open('https://login.salesforce.com/chooser')).toMatchObject({
      action: 'allow',
      overrideBrowserWindowOptions: { webPreferences: { partition: a.partition, sandbox: true } },
    })
    expect(popup.webContents.open('data:text/html,hi')).toEqual({ action: 'deny' })
    const child = new FakeBrowserWindow(s)
    t.created(child.webContents)
    popup.webContents.emit('did-create-window', child)
    expect(child.webContents.navigate('https://login.salesforce.com/chooser?u=2')).toBe(true)

    await t.service.close(a.attemptId)
    expect(popup.isDestroyed()).toBe(true)
    expect(child.isDestroyed()).toBe(true)
    expect(popup.webContents.navigate('https://login.salesforce.com/')).toBe(false)
  })

  it('closes a popup that is not in the attempt partition, or whose opener is no live attempt', async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    const { guest } = await t.attachGuest(s, a.hostUrl)
    const foreign = new FakeBrowserWindow(new FakeSession('elsewhere'))
    guest.emit('did-create-window', foreign)
    expect(foreign.isDestroyed()).toBe(true)
    const stranger = t.created(new FakeWebContents('webview', new FakeSession('widget-none')))
    expect(stranger.open(`${APP_ORIGIN}/oauth/authorize`)).toEqual({ action: 'deny' })
    expect(stranger.navigate('https://x.example/')).toBe(false)
  })

  it('the Sandbox popup on its loopback origin is allowed for a Sandbox attempt', async () => {
    const t = await electronSetup({ appOrigin: SANDBOX })
    const { a, s } = await t.open()
    const { guest } = await t.attachGuest(s, a.hostUrl)
    expect(guest.open(`${SANDBOX}/oauth/authorize?session=1`)).toMatchObject({ action: 'allow' })
    expect(guest.open('http://127.0.0.1:9999/oauth/authorize')).toEqual({ action: 'deny' })
  })

  it('detects disallowed_useragent in a popup and offers the system browser', async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    const { guest } = await t.attachGuest(s, a.hostUrl)
    guest.open(`${APP_ORIGIN}/oauth/authorize?connection_id=11`)
    const popup = new FakeBrowserWindow(s)
    popup.webContents.getTitle = () => 'Error 403: disallowed_useragent'
    popup.webContents.url = 'https://accounts.google.com/x'
    guest.emit('did-create-window', popup)
    popup.webContents.emit('did-finish-load')
    await vi.waitFor(() =>
      expect(t.events.emit).toHaveBeenCalledWith('widget:popup', expect.objectContaining({ attemptId: a.attemptId, state: 'refused_embedded' })),
    )
    expect(popup.isDestroyed()).toBe(true)
    await t.service.continueInBrowser(a.attemptId)
    expect(t.openExternal).toHaveBeenCalledWith(`${APP_ORIGIN}/oauth/authorize?connection_id=11`)
  })
})

describe('permissions: only what the app needs, only where it needs it', () => {
  it('a Sandbox attempt partition may reach the loopback Sandbox (Local Network Access), nothing else', async () => {
    const t = await electronSetup({ appOrigin: SANDBOX })
    const { a, s } = await t.open()
    const { guest } = await t.attachGuest(s, a.hostUrl)
    for (const p of ['local-network-access', 'local-network', 'loopback-network']) {
      expect(s.ask(guest, p, HOST_ORIGIN)).toEqual({ request: true, check: true })
      expect(s.ask(null, p, SANDBOX)).toEqual({ request: true, check: true })
      expect(s.ask(guest, p, 'https://evil.example')).toEqual({ request: false, check: false })
    }
    for (const p of ['clipboard-sanitized-write', 'clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal']) {
      expect(s.ask(guest, p, HOST_ORIGIN)).toEqual({ request: false, check: false })
    }
    expect(s.deviceHandler?.()).toBe(false)
    const cb = vi.fn()
    s.displayMediaHandler?.({}, cb)
    expect(cb).toHaveBeenCalledWith({})
    await t.service.close(a.attemptId)
    expect(s.ask(guest, 'local-network-access', HOST_ORIGIN)).toEqual({ request: false, check: false })
  })

  it('an attempt against a real data center gets no local network access', async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    const { guest } = await t.attachGuest(s, a.hostUrl)
    expect(s.ask(guest, 'local-network-access', HOST_ORIGIN)).toEqual({ request: false, check: false })
    expect(s.ask(guest, 'loopback-network', APP_ORIGIN)).toEqual({ request: false, check: false })
  })

  it('the app window may write the clipboard (Copy buttons); other webContents and origins may not, and nothing else is granted', () => {
    const s = new FakeSession('default')
    const appWindow = new FakeWebContents('window', defaultSessionLike)
    appWindow.url = 'app://bundle/index.html#/customers'
    const other = new FakeWebContents('window', defaultSessionLike)
    other.url = 'app://bundle/index.html'
    const trusted = new Set([appWindow.id])
    // The same call main makes for the default session.
    hardenSession(
      s as never,
      appPermissions((id) => trusted.has(id), 'app://bundle/index.html'),
    )
    expect(s.ask(appWindow, 'clipboard-sanitized-write', 'app://bundle')).toEqual({ request: true, check: true })
    expect(s.ask(other, 'clipboard-sanitized-write', 'app://bundle')).toEqual({ request: false, check: false })
    expect(s.ask(null, 'clipboard-sanitized-write', 'app://bundle')).toEqual({ request: false, check: false })
    expect(s.ask(appWindow, 'clipboard-sanitized-write', 'https://evil.example')).toEqual({ request: false, check: false })
    for (const p of ['clipboard-read', 'media', 'notifications', 'local-network-access', 'openExternal']) {
      expect(s.ask(appWindow, p, 'app://bundle')).toEqual({ request: false, check: false })
    }
  })
})

describe('partitions are pooled, wiped, and reused only when clean', () => {
  it('closing wipes every kind of state, unhandles, revokes the grant; the next attempt reuses the wiped partition', async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    await s.fetch(a.hostUrl)
    await t.service.close(a.attemptId)
    expect(s.wipes).toEqual({
      clearData: 1,
      clearStorageData: 1,
      clearCache: 1,
      clearAuthCache: 1,
      clearHostResolverCache: 1,
      clearCodeCaches: 1,
      closeAllConnections: 1,
    })
    expect(s.protocol.isProtocolHandled('https')).toBe(false)
    expect(t.grants.grant(a.partition)).toBeUndefined()
    expect(t.host.livePartitions()).toEqual([])
    const names = new Set<string>()
    // Reusing a partition replaces its handlers; nothing accumulates on the session.
    expect(s.listenerCount('will-download')).toBe(0)
    for (let i = 0; i < 3 * WIDGET_PARTITION_POOL_SIZE; i++) {
      const { a: b } = await t.open(6 + i)
      names.add(b.partition)
      await t.service.close(b.attemptId)
    }
    // However many attempts, never more sessions than the pool holds.
    expect(names.size).toBeLessThanOrEqual(WIDGET_PARTITION_POOL_SIZE)
    expect(t.sessions.size).toBeLessThanOrEqual(WIDGET_PARTITION_POOL_SIZE)
  })

  it('refuses one attempt more than the pool, saying what to do, and hands a partition out again only after its wipe finished', async () => {
    const t = await electronSetup()
    const open = []
    for (let i = 0; i < WIDGET_PARTITION_POOL_SIZE; i++) open.push((await t.open(10 + i)).a)
    expect(new Set(open.map((a) => a.partition)).size).toBe(WIDGET_PARTITION_POOL_SIZE)
    await expect(t.open(99)).rejects.toMatchObject({ data: { code: 'conflict', hint: expect.stringMatching(/Close one/) } })

    const first = open[0]
    if (!first) throw new Error('no attempt')
    const s = t.sessions.get(first.partition)
    if (!s) throw new Error('no session')
    let finish: () => void = () => {}
    s.gate = new Promise<void>((r) => (finish = r))
    const closing = t.service.close(first.attemptId)
    // Still wiping: the partition is not free yet.
    await expect(t.open(100)).rejects.toMatchObject({ data: { code: 'conflict' } })
    finish()
    await closing
    const next = await t.open(101)
    expect(next.a.partition).toBe(first.partition)
    expect(s.wipes.clearStorageData).toBe(1)
  })

  it('a partition whose wipe failed is never handed out again', async () => {
    const t = await electronSetup()
    const { a, s } = await t.open()
    s.gate = Promise.reject(new Error('disk full'))
    await expect(t.service.close(a.attemptId)).rejects.toThrow('disk full')
    const audit = await readFile(t.audit.file, 'utf8')
    expect(audit).toMatch(/partition wipe failed, partition retired/)
    s.gate = null
    const seen: string[] = []
    for (let i = 0; i < WIDGET_PARTITION_POOL_SIZE - 1; i++) seen.push((await t.open(20 + i)).a.partition)
    expect(seen).not.toContain(a.partition)
    await expect(t.open(30)).rejects.toMatchObject({ data: { code: 'conflict' } })
  })
})

describe('the app window reloading or going away closes the attempts it opened', () => {
  it('a reload closes its attempts (audit open and close, grant revoked, partition wiped); hash routing and other owners do not', async () => {
    const t = await electronSetup()
    const appWindow = t.created(new FakeWebContents('window', defaultSessionLike))
    t.host.watchOwner(appWindow as never, 'webContents:1')
    const { a, s } = await t.open(5, 'webContents:1')
    const { a: other } = await t.open(6, 'webContents:2')

    appWindow.startNavigation('app://bundle/index.html#/widget?x=1', { isSameDocument: true })
    appWindow.startNavigation('https://evil.example/') // blocked by hardenWebContents; the page stays
    expect(t.service.byPartition(a.partition)?.closedAt).toBeNull()

    appWindow.startNavigation('app://bundle/index.html') // Ctrl+R, or location.reload()
    await vi.waitFor(() => expect(t.service.attempts().find((x) => x.attemptId === a.attemptId)).toMatchObject({ outcome: 'abandoned' }))
    expect(s.wipes).toMatchObject({ clearStorageData: 1, clearCache: 1, clearAuthCache: 1 })
    expect(t.grants.grant(a.partition)).toBeUndefined()
    expect(t.service.attempts().find((x) => x.attemptId === other.attemptId)?.closedAt).toBeNull()
    const lines = (await readFile(t.audit.file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; attemptId: string; detail: string })
    const mine = lines.filter((l) => l.attemptId === a.attemptId)
    expect(mine.map((l) => l.action)).toEqual(['widget.open', 'widget.close'])
    expect(mine[1]?.detail).toMatch(/the app window reloaded/)
  })

  it('a crashed or destroyed app window closes its attempts too', async () => {
    const t = await electronSetup()
    const crashed = t.created(new FakeWebContents('window', defaultSessionLike))
    const gone = t.created(new FakeWebContents('window', defaultSessionLike))
    t.host.watchOwner(crashed as never, 'webContents:1')
    t.host.watchOwner(gone as never, 'webContents:2')
    const { a } = await t.open(5, 'webContents:1')
    const { a: b } = await t.open(6, 'webContents:2')
    crashed.emit('render-process-gone', {}, { reason: 'crashed' })
    gone.emit('destroyed')
    await vi.waitFor(() =>
      expect(
        t.service
          .attempts()
          .filter((x) => x.closedAt !== null)
          .map((x) => x.attemptId)
          .sort(),
      ).toEqual([a.attemptId, b.attemptId].sort()),
    )
  })
})
