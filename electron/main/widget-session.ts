/**
 * Electron glue for widget attempts (architecture.md, "The live widget" 1, 2, 6). For each attempt:
 * - a fresh in-memory session (`session.fromPartition('widget-<uuid>')`, never `persist:`), hardened;
 * - a session-scoped `protocol.handle` for the origin's scheme that answers ONLY the host page URL and passes
 *   every other request to the network untouched (`net.fetch` with `bypassCustomProtocolHandlers`);
 * - the consent popups its guest opens, allowed by core's popup policy, checked to share the partition, watched
 *   for a provider that refuses embedded browsers, and closed with the attempt;
 * - on release: unhandle, close popups, clear storage, cache and auth cache.
 * The decisions live in electron/core/widget; this file only moves Electron objects around.
 */
import type { BrowserWindow, Session, WebContents } from 'electron'
import type { HostPlacement, WidgetHostAdapter, WidgetService } from '../core/widget'
import { detectEmbeddedBrowserRefusal, hostPageUrl } from '../core/widget'

export interface WidgetSessionDeps {
  fromPartition(partition: string): Session
  /** `net.fetch(req, { bypassCustomProtocolHandlers: true })` */
  passThrough(req: Request): Promise<Response>
  harden(s: Session): void
  preloadPath: string
  widget: () => WidgetService | null
  log?: (msg: string) => void
}

interface Live {
  partition: string
  session: Session
  scheme: string
  hostUrl: string
  popups: Set<BrowserWindow>
  announced: WeakSet<BrowserWindow>
}

export interface ElectronWidgetHost extends WidgetHostAdapter {
  /** For `setWindowOpenHandler` of a webview guest: only live attempts' guests, only core-approved URLs. */
  guestWindowOpen(contents: WebContents, url: string): 'allow' | 'deny'
  /** Call for every webview guest (from `web-contents-created`) to track and inspect its popups. */
  watchGuest(contents: WebContents): void
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

export function createElectronWidgetHost(deps: WidgetSessionDeps): ElectronWidgetHost {
  const log = deps.log ?? (() => {})
  const live = new Map<string, Live>() // attemptId -> live
  const bySession = new Map<Session, Live>()

  const liveFor = (contents: WebContents): Live | undefined => bySession.get(contents.session)

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

  return {
    embed: 'webview',
    preloadPath: deps.preloadPath,

    async prepare({ originUrl, attemptId }): Promise<HostPlacement> {
      const origin = new URL(originUrl).origin
      return { hostUrl: hostPageUrl(origin, attemptId), hostOrigin: origin }
    },

    async publish({ attemptId, partition, hostUrl, html, csp }) {
      if (partition.startsWith('persist:')) throw new Error('widget partitions must be in memory')
      const s = deps.fromPartition(partition)
      deps.harden(s)
      const scheme = new URL(hostUrl).protocol.replace(/:$/, '')
      s.protocol.handle(scheme, async (req) => {
        if (req.method === 'GET' && sameUrl(req.url, hostUrl)) {
          return new Response(html, {
            status: 200,
            headers: {
              'content-type': 'text/html; charset=utf-8',
              'content-security-policy': csp,
              'cache-control': 'no-store',
              'x-content-type-options': 'nosniff',
              'referrer-policy': 'no-referrer',
            },
          })
        }
        return deps.passThrough(req)
      })
      const l: Live = { partition, session: s, scheme, hostUrl, popups: new Set(), announced: new WeakSet() }
      live.set(attemptId, l)
      bySession.set(s, l)
    },

    async release({ attemptId, partition }) {
      const l = live.get(attemptId)
      live.delete(attemptId)
      const s = l?.session ?? deps.fromPartition(partition)
      if (l) {
        bySession.delete(l.session)
        for (const w of l.popups) if (!w.isDestroyed()) w.close()
        l.popups.clear()
        try {
          if (s.protocol.isProtocolHandled(l.scheme)) s.protocol.unhandle(l.scheme)
        } catch (e) {
          log(`widget: unhandle failed: ${e instanceof Error ? e.message : String(e)}`)
        }
      }
      // One customer's IdP cookies must never reach another customer's widget (architecture.md step 1).
      await s.clearStorageData()
      await s.clearCache()
      await s.clearAuthCache()
    },

    guestWindowOpen(contents, url) {
      const l = liveFor(contents)
      const widget = deps.widget()
      if (!l || !widget) {
        log('widget: popup from a guest that is not a live attempt refused')
        return 'deny'
      }
      return widget.decidePopup(l.partition, url).allow ? 'allow' : 'deny'
    },

    watchGuest(contents) {
      contents.on('did-create-window', (win) => {
        const l = liveFor(contents)
        if (!l) {
          win.close()
          return
        }
        // A consent popup must run in the attempt's partition, so its cookies die with the attempt.
        if (win.webContents.session !== l.session) {
          log('widget: popup opened outside the attempt partition; closed')
          win.close()
          return
        }
        l.popups.add(win)
        const check = () => void inspectPopup(l, win)
        win.webContents.on('did-finish-load', check)
        win.webContents.on('page-title-updated', check)
        win.on('closed', () => {
          l.popups.delete(win)
          deps.widget()?.popupReport(l.partition, { url: '', state: 'closed' })
        })
      })
    },

    livePartitions: () => [...live.values()].map((l) => l.partition),
  }
}
