/**
 * Electron glue for widget attempts (architecture.md, "The live widget" 1, 2, 3, 6). For each attempt:
 * - a pooled in-memory session (core/widget/partition-pool), its permissions decided by core/permission-policy;
 * - the host page served ONCE at the profile's registered origin, after which the scheme is unhandled so every
 *   other request of the partition runs natively (see `arm` below for why that is correct);
 * - the guest's main frame locked to the host page; a reload of it is served the host page again;
 * - consent popups allowed by core's popup policy, kept in the attempt's partition, navigable within that
 *   policy, watched for a provider that refuses embedded browsers, and closed with the attempt;
 * - on release: popups closed, every kind of state in the partition wiped, then the partition goes back to
 *   the pool.
 * The decisions live in electron/core; this file only moves Electron objects around.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, Session, WebContents } from 'electron'
import type { HostPlacement, WidgetHostAdapter, WidgetService } from '../core/widget'
import { detectEmbeddedBrowserRefusal, hostPageUrl } from '../core/widget'
import { decidePermission } from '../core/permission-policy'
import { setPermissionPolicy, type WidgetContentsPolicy } from './security'
import { isAppUrl } from './app-url'

export interface WidgetSessionDeps {
  fromPartition(partition: string): Session
  preloadPath: string
  widget: () => WidgetService | null
  log?: (msg: string) => void
}

interface Live {
  attemptId: string
  partition: string
  session: Session
  scheme: string
  hostUrl: string
  html: string
  csp: string
  guests: Set<WebContents>
  popups: Set<BrowserWindow>
  announced: WeakSet<BrowserWindow>
}

interface NavigationDetails {
  url: string
  isMainFrame: boolean
  isSameDocument: boolean
}

export interface ElectronWidgetHost extends WidgetHostAdapter, WidgetContentsPolicy {
  /** Call for every new webContents (from `web-contents-created`): tracks guests and the popups they open. */
  watchContents(contents: WebContents): void
  /**
   * Call for each app window: when its renderer reloads, navigates to another document, crashes or is destroyed,
   * every attempt it opened is closed (audit line, grant revoked, partition wiped).
   */
  watchOwner(contents: WebContents, ownerId: string): void
  /** Partitions with a live attempt (tests and diagnostics). */
  livePartitions(): string[]
}

/** Same URL for our purposes: scheme, host, port, path and query (the fragment never reaches the handler). */
export function sameUrl(a: string, b: string): boolean {
  try {
    const x = new URL(a)
    const y = new URL(b)
    return x.origin === y.origin && x.pathname === y.pathname && x.search === y.search
  } catch {
    return false
  }
}

/** Preferences of a consent popup: isolated, sandboxed, no Node, no preload, in the attempt's partition. */
export function popupPreferences(partition: string): BrowserWindowConstructorOptions {
  return {
    width: 520,
    height: 680,
    autoHideMenuBar: true,
    webPreferences: {
      partition,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  }
}

export function createElectronWidgetHost(deps: WidgetSessionDeps): ElectronWidgetHost {
  const log = deps.log ?? (() => {})
  const live = new Map<string, Live>() // attemptId -> live
  const bySession = new Map<Session, Live>()
  const popupOwner = new WeakMap<WebContents, Live>()

  const liveFor = (contents: WebContents): Live | undefined => bySession.get(contents.session)

  function hostPageResponse(l: Live): Response {
    return new Response(l.html, {
      status: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': l.csp,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      },
    })
  }

  /**
   * Serve the host page for the next request of it, then hand the scheme back to the network.
   *
   * Why this keeps the widget's traffic in the partition: `protocol.handle('https')` intercepts the scheme for
   * this session only (lib/browser/api/protocol.ts: a built-in scheme goes through `interceptProtocol`), and the
   * session's URL loader factory looks the intercepted schemes up on every request through a live reference to
   * that map (shell/browser/net/proxying_url_loader_factory.{h,cc}: `raw_ref<const HandlersMap>
   * intercepted_handlers_`, checked in CreateLoaderAndStart). So once `unhandle` ran, the very next request, the
   * Workato iframe's included, takes Chromium's own network path in this partition: its cookie jar, its cache,
   * real redirects the renderer follows itself. Nothing goes through `net.fetch`, which would use the default
   * session (docs/api/net.md) and drop `Set-Cookie` (electron/electron#39525).
   *
   * While armed, any other request of the scheme in this partition is answered 503 rather than fetched: nothing
   * else is loaded before the host page, and a reload tears the old document down anyway.
   */
  function arm(l: Live): void {
    if (l.session.protocol.isProtocolHandled(l.scheme)) return
    l.session.protocol.handle(l.scheme, async (req) => {
      if (req.method === 'GET' && sameUrl(req.url, l.hostUrl)) {
        disarm(l)
        return hostPageResponse(l)
      }
      return new Response('The widget host page is loading; this request was not sent.', { status: 503, headers: { 'content-type': 'text/plain' } })
    })
  }

  function disarm(l: Live): void {
    try {
      if (l.session.protocol.isProtocolHandled(l.scheme)) l.session.protocol.unhandle(l.scheme)
    } catch (e) {
      log(`widget: unhandle failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  async function wipe(s: Session): Promise<void> {
    // Everything a session keeps between pages (docs/api/session.md): `clearData` is Chromium's
    // BrowsingDataRemover over every data type (more than clearStorageData: background fetch, file systems,
    // shared dictionaries); then cookies and web storage again, the HTTP cache, HTTP auth, DNS answers, compiled
    // code, and open sockets that would carry the old connection state.
    await s.clearData()
    await s.clearStorageData()
    await s.clearCache()
    await s.clearAuthCache()
    await s.clearHostResolverCache()
    await s.clearCodeCaches({})
    await s.closeAllConnections()
  }

  async function inspectPopup(l: Live, win: BrowserWindow): Promise<void> {
    if (win.isDestroyed()) return
    const wc = win.webContents
    let title = ''
    let bodyText = ''
    try {
      title = wc.getTitle()
      // Read-only peek at what the provider shows; the popup is sandboxed and isolated, this runs in its main world.
      const text: unknown = await wc.executeJavaScript('document.body ? document.body.innerText.slice(0, 20000) : ""', false)
      bodyText = typeof text === 'string' ? text : ''
    } catch {
      /* the page navigated away mid-read; the next load event reads again */
    }
    const url = wc.getURL()
    const widget = deps.widget()
    if (!l.announced.has(win)) {
      l.announced.add(win)
      widget?.popupReport(l.partition, { url, state: 'opened' })
    }
    if (detectEmbeddedBrowserRefusal({ url, title, bodyText })) {
      widget?.popupReport(l.partition, { url, state: 'refused_embedded', title, bodyText })
      // Its page is only Google's refusal; the renderer offers the system browser instead.
      if (!win.isDestroyed()) win.close()
    }
  }

  function adoptPopup(l: Live, win: BrowserWindow): void {
    // A consent popup must run in the attempt's partition, so its cookies die with the attempt.
    if (win.webContents.session !== l.session) {
      log('widget: popup opened outside the attempt partition; closed')
      win.close()
      return
    }
    l.popups.add(win)
    popupOwner.set(win.webContents, l)
    const check = () => void inspectPopup(l, win)
    win.webContents.on('did-finish-load', check)
    win.webContents.on('page-title-updated', check)
    // Popups of popups (a provider's own account chooser) follow the same policy and close with the attempt.
    win.webContents.on('did-create-window', (child: BrowserWindow) => adoptPopup(l, child))
    win.on('closed', () => {
      l.popups.delete(win)
      deps.widget()?.popupReport(l.partition, { url: '', state: 'closed' })
    })
  }

  const host: ElectronWidgetHost = {
    embed: 'webview',
    preloadPath: deps.preloadPath,

    async prepare({ originUrl, attemptId }): Promise<HostPlacement> {
      const origin = new URL(originUrl).origin
      return { hostUrl: hostPageUrl(origin, attemptId), hostOrigin: origin }
    },

    async publish({ attemptId, partition, hostUrl, html, csp }) {
      if (partition.startsWith('persist:')) throw new Error('widget partitions must be in memory')
      const s = deps.fromPartition(partition)
      // Main hardened the session when it was created (`session-created`); the partition is pooled, so only its
      // permission handlers are set again, for this attempt, from core's decisions.
      setPermissionPolicy(s, (_wc, permission, requesting) =>
        decidePermission(deps.widget()?.permissionAsker(partition) ?? { kind: 'none' }, { permission, requesting }),
      )
      const l: Live = {
        attemptId,
        partition,
        session: s,
        scheme: new URL(hostUrl).protocol.replace(/:$/, ''),
        hostUrl,
        html,
        csp,
        guests: new Set(),
        popups: new Set(),
        announced: new WeakSet(),
      }
      live.set(attemptId, l)
      bySession.set(s, l)
      // The one choke point every main-frame load of this partition passes, whoever started it: the renderer
      // setting the <webview>'s src (a programmatic loadURL, which `will-navigate` never sees), a link, a
      // redirect (onBeforeRequest runs again for each hop), or a popup's first URL. Electron's loader factory runs
      // webRequest for intercepted requests too (shell/browser/net/proxying_url_loader_factory.cc,
      // CreateLoaderAndStart builds an InProgressRequest whenever a listener is set), so the host page is checked
      // like everything else. One listener per session and event (docs/api/web-request.md): set again on reuse.
      s.webRequest.onBeforeRequest({ urls: ['<all_urls>'], types: ['mainFrame'] }, (details, callback) => {
        const allowed = details.webContents ? host.mayNavigateMainFrame(details.webContents, details.url) : false
        if (!allowed) log(`widget: blocked a main-frame load in ${partition}`)
        callback(allowed ? {} : { cancel: true })
      })
      arm(l)
    },

    async release({ attemptId, partition }) {
      const l = live.get(attemptId)
      live.delete(attemptId)
      const s = l?.session ?? deps.fromPartition(partition)
      if (l) {
        bySession.delete(l.session)
        for (const w of l.popups) if (!w.isDestroyed()) w.close()
        l.popups.clear()
        // A guest the renderer has not removed yet must not keep the old page (and its token) in a partition that
        // the pool will hand to another customer: it is emptied (about:blank makes no request).
        for (const g of l.guests) if (!g.isDestroyed()) void g.loadURL('about:blank').catch(() => {})
        l.guests.clear()
        disarm(l)
      }
      // One customer's IdP cookies must never reach another customer's widget (architecture.md step 1).
      await wipe(s)
    },

    roleOf(contents) {
      if (contents.getType() === 'webview') return liveFor(contents) ? 'guest' : null
      const owner = popupOwner.get(contents)
      if (owner && live.get(owner.attemptId) === owner) return 'popup'
      // A popup's webContents navigates before `did-create-window` names it: its partition says whose it is.
      return contents.getType() === 'window' && liveFor(contents) ? 'popup' : null
    },

    windowOpen(contents, url) {
      const l = liveFor(contents)
      const widget = deps.widget()
      if (!l || !widget) {
        log('widget: popup from a webContents that is not a live attempt refused')
        return { action: 'deny' }
      }
      if (!widget.decidePopup(l.partition, url, 'open').allow) return { action: 'deny' }
      return { action: 'allow', overrideBrowserWindowOptions: popupPreferences(l.partition) }
    },

    mayNavigateMainFrame(contents, url) {
      const l = liveFor(contents)
      if (!l) return false
      if (contents.getType() === 'webview') return sameUrl(url, l.hostUrl)
      return deps.widget()?.decidePopup(l.partition, url, 'navigate').allow ?? false
    },

    watchContents(contents) {
      if (contents.getType() !== 'webview') return
      liveFor(contents)?.guests.add(contents)
      contents.on('did-create-window', (win: BrowserWindow) => {
        const l = liveFor(contents)
        if (!l) {
          win.close()
          return
        }
        adoptPopup(l, win)
      })
      // A reload of the guest (location.reload(), or the embedder's webview.reload()) asks for the host page again.
      // Arming here, before the request starts, serves it from memory: `did-start-navigation` is emitted from
      // WebContentsObserver::DidStartNavigation, which Chromium runs before the navigation's WillStartRequest and
      // its URL loader (shell/browser/api/electron_api_web_contents.cc). The real origin's server never sees it.
      contents.on('did-start-navigation', (details: NavigationDetails) => {
        const l = liveFor(contents)
        if (!l || !details.isMainFrame || details.isSameDocument) return
        if (sameUrl(details.url, l.hostUrl)) arm(l)
      })
      // If that navigation never reached the handler (stopped, failed), the scheme must not stay intercepted: the
      // widget and its popups would get 503s. Once the guest's main frame settled, the network is the partition's.
      const settle = (isMainFrame: boolean) => {
        const l = liveFor(contents)
        if (l && isMainFrame) disarm(l)
      }
      contents.on('did-stop-loading', () => settle(true))
      contents.on('did-fail-load', (_e: unknown, _code: number, _desc: string, _url: string, isMainFrame: boolean) => settle(isMainFrame))
      // The widget frame (the direct link the host page iframes) finished loading: read what it shows, so a reason
      // on Workato's error page reaches the inspector (reference §7.4). The host page and its preload cannot read a
      // frame at Workato's origin; main can (WebFrameMain). Only the host page's own child frame, only its text.
      // Electron docs: docs/api/web-contents.md, event 'did-frame-finish-load' (event, isMainFrame, frameProcessId,
      // frameRoutingId); docs/api/web-frame-main.md, `framesInSubtree`, `parent`, `url` and `executeJavaScript`,
      // which runs in the frame's main world and resolves with the script's value (a page may return anything, so
      // only a string is kept, and core bounds it again in `pageReport`).
      contents.on('did-frame-finish-load', (_e: unknown, isMainFrame: boolean, processId: number, routingId: number) => {
        const l = liveFor(contents)
        if (!l || isMainFrame) return
        const top = contents.mainFrame
        const frame = top.framesInSubtree.find((f) => f.processId === processId && f.routingId === routingId)
        if (!frame || frame.parent !== top || !frame.url.includes('/direct_link/')) return
        const url = frame.url
        frame.executeJavaScript('document.body ? document.body.innerText.slice(0, 20000) : ""').then(
          (text: unknown) => deps.widget()?.pageReport(l.attemptId, { url, text: typeof text === 'string' ? text : '' }),
          () => log('widget: the widget frame could not be read'),
        )
      })
    },

    watchOwner(contents, ownerId) {
      const closeOwned = (why: string) => void deps.widget()?.closeOwnedBy(ownerId, why)
      // A new document in the app window (a reload, or another app page) cannot know the attempts the old one
      // opened. Hash routing is same-document and does not count; an outside URL is blocked by hardenWebContents
      // (after this event, which comes first) and leaves the old document, and its attempts, in place.
      contents.on('did-start-navigation', (details: NavigationDetails) => {
        if (details.isMainFrame && !details.isSameDocument && isAppUrl(details.url)) closeOwned('the app window reloaded')
      })
      contents.on('render-process-gone', () => closeOwned('the app window renderer is gone'))
      contents.once('destroyed', () => closeOwned('the app window closed'))
    },

    livePartitions: () => [...live.values()].map((l) => l.partition),
  }
  return host
}

/**
 * The policy `hardenWebContents` consults, resolved at each call: webContents are hardened from
 * `web-contents-created`, which can fire before main has built the widget host.
 */
export function lazyWidgetPolicy(current: () => WidgetContentsPolicy | null): WidgetContentsPolicy {
  return {
    roleOf: (contents) => current()?.roleOf(contents) ?? null,
    windowOpen: (contents, url) => current()?.windowOpen(contents, url) ?? { action: 'deny' },
    mayNavigateMainFrame: (contents, url) => current()?.mayNavigateMainFrame(contents, url) ?? false,
  }
}
