/**
 * Electron's security checklist, applied in one place: every BrowserWindow gets `secureWebPreferences`, every
 * session `hardenSession`, every webContents `hardenWebContents`. Deny by default; allow by name.
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { BrowserWindowConstructorOptions, Session, WebContents, WebPreferences } from 'electron'
import type { WebviewGrant } from '../core/widget-grants'
import { decidePermission } from '../core/permission-policy'
import { isAppUrl, rendererEntryUrl } from './app-url'

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    navigateOnDragDrop: false,
    safeDialogs: true,
    // The live Connection Widget runs in a <webview>; `will-attach-webview` below decides what may attach.
    webviewTag: true,
    spellcheck: false,
  }
}

/** Only https leaves the app, and only to the system browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' && u.username === '' && u.password === ''
  } catch {
    return false
  }
}

/** Decides one permission for a webContents (null: Electron did not say which) and the asking frame's origin/URL. */
export type PermissionDecider = (contents: WebContents | null, permission: string, requesting: string) => boolean

const denyAll: PermissionDecider = () => false

/**
 * Permissions: deny by default, allow by name through `decide` (core/permission-policy). Both handlers are set
 * because most web APIs check first and request only if the check is denied (docs/api/session.md,
 * setPermissionCheckHandler). Devices (HID, serial, USB) and screen capture are always refused.
 */
export function hardenSession(session: Session, decide: PermissionDecider = denyAll): void {
  setPermissionPolicy(session, decide)
  session.on('will-download', (event) => event.preventDefault())
}

/** The permission half of `hardenSession`, safe to call again on a reused session (setters replace, no listeners pile up). */
export function setPermissionPolicy(session: Session, decide: PermissionDecider): void {
  session.setPermissionRequestHandler((wc, permission, callback, details) => {
    // A subframe's request names its own URL; the webContents URL is the top frame's (docs: "use requestingUrl").
    callback(decide(wc, permission, details.requestingUrl ?? ''))
  })
  session.setPermissionCheckHandler((wc, permission, requestingOrigin) => decide(wc, permission, requestingOrigin))
  session.setDevicePermissionHandler?.(() => false)
  session.setDisplayMediaRequestHandler?.((_req, callback) => callback({}))
}

/** The default session's permissions: the app window (a trusted webContents on our own origin) may write the clipboard. */
export function appPermissions(isTrustedWindow: (webContentsId: number) => boolean, entryUrl: string = rendererEntryUrl()): PermissionDecider {
  return (wc, permission, requesting) =>
    decidePermission(
      { kind: 'app', appOrigin: entryUrl, trustedWindow: wc !== null && isTrustedWindow(wc.id) && isAppUrl(wc.getURL()) },
      { permission, requesting },
    )
}

export type { WebviewGrant }

/**
 * What the widget host (widget-session.ts) decides for the webContents of live widget attempts: their guests
 * (`<webview>`) and the consent popups those open.
 */
export interface WidgetContentsPolicy {
  /** 'guest': a widget <webview>; 'popup': a window opened from a guest or popup of a live attempt; null: neither. */
  roleOf(contents: WebContents): 'guest' | 'popup' | null
  /** window.open from a guest or popup. */
  windowOpen(
    contents: WebContents,
    url: string,
  ): { action: 'deny' } | { action: 'allow'; overrideBrowserWindowOptions: BrowserWindowConstructorOptions }
  /** A main-frame navigation or redirect of a guest (host page only) or popup (popup policy). */
  mayNavigateMainFrame(contents: WebContents, url: string): boolean
}

export interface HardenOptions {
  openExternal: (url: string) => void
  /** Looks up the grant for a partition; undefined = no such attempt, refuse. */
  webviewGrant: (partition: string) => WebviewGrant | undefined
  /** Widget guests and popups; without it they are refused everything. */
  widget?: WidgetContentsPolicy
  log?: (msg: string) => void
}

interface NavDetails {
  url?: string
  isMainFrame?: boolean
  preventDefault(): void
}

/**
 * Applies to every webContents the app ever creates (wired to `app.on('web-contents-created')`). Three kinds:
 * - our own windows may only show app:// pages; https links open in the system browser; nothing else;
 * - a widget guest's main frame may only show its granted host page; its subframes (the Workato iframe and what
 *   it loads) navigate freely inside the partition;
 * - a widget consent popup may navigate, redirect and open further popups within the popup policy.
 * The role is looked up at each event: a popup's webContents exists before `did-create-window` says whose it is.
 */
export function hardenWebContents(contents: WebContents, opts: HardenOptions): void {
  const log = opts.log ?? (() => {})
  const role = (): 'app' | 'guest' | 'popup' | 'foreign' => {
    const r = opts.widget?.roleOf(contents) ?? null
    if (r) return r
    // A webview or popup that no live attempt owns (closed, or never granted) may do nothing at all.
    return contents.getType() === 'webview' || inMemoryWindow(contents) ? 'foreign' : 'app'
  }
  const mayGo = (url: string, isMainFrame: boolean): boolean => {
    const r = role()
    if (r === 'app') return isAppUrl(url)
    if (!isMainFrame) return r === 'guest' || r === 'popup' // subframes live inside the partition
    if (r === 'foreign') return false
    return opts.widget?.mayNavigateMainFrame(contents, url) ?? false
  }
  // `will-frame-navigate` covers the main frame and subframes of renderer-initiated navigations (Electron 45
  // docs/api/web-contents.md); `will-navigate` is the main-frame event of the same step; both run one check.
  // Programmatic loads fire neither: widget partitions are also guarded by webRequest (widget-session.ts).
  const onNavigate = (details: NavDetails, legacyUrl?: string) => {
    const url = details.url ?? legacyUrl ?? ''
    const isMainFrame = details.isMainFrame ?? true
    if (!mayGo(url, isMainFrame)) {
      details.preventDefault()
      log(`blocked navigation to ${safeUrl(url)}`)
    }
  }
  contents.on('will-frame-navigate', (details: NavDetails) => onNavigate(details))
  contents.on('will-navigate', (details: NavDetails, legacyUrl?: string) =>
    onNavigate({ url: details.url, isMainFrame: true, preventDefault: () => details.preventDefault() }, legacyUrl),
  )
  contents.on('will-redirect', (details: NavDetails, legacyUrl?: string) => {
    const url = details.url ?? legacyUrl ?? ''
    if (!mayGo(url, details.isMainFrame ?? true)) {
      details.preventDefault()
      log(`blocked redirect to ${safeUrl(url)}`)
    }
  })

  contents.setWindowOpenHandler(({ url }) => {
    const r = role()
    if ((r === 'guest' || r === 'popup') && opts.widget) return opts.widget.windowOpen(contents, url)
    if (r === 'app' && isSafeExternalUrl(url)) opts.openExternal(url)
    else log(`blocked window.open of ${safeUrl(url)}`)
    return { action: 'deny' }
  })

  contents.on('will-attach-webview', (event, webPreferences, params) => {
    const grant = role() === 'app' && params.partition ? opts.webviewGrant(params.partition) : undefined
    if (!grant || params.src !== grant.src) {
      event.preventDefault()
      log(`refused a <webview> (partition ${params.partition || 'none'})`)
      return
    }
    enforceGuestPreferences(webPreferences, grant)
  })
}

/**
 * Our own window lives in the persistent default session; the only in-memory sessions are widget partitions, so a
 * window in one that no live attempt owns is a stray popup.
 */
function inMemoryWindow(contents: WebContents): boolean {
  return contents.getType() === 'window' && contents.session.isPersistent() === false
}

/** Overwrites whatever the renderer asked for: the guest gets our preload, our partition and no Node. */
export function enforceGuestPreferences(
  webPreferences: WebPreferences & { preloadURL?: string; disablePopups?: boolean },
  grant: WebviewGrant,
): void {
  delete webPreferences.preloadURL
  // The renderer's `allowpopups` attribute becomes `disablePopups` here (lib/browser/guest-view-manager.ts,
  // makeWebPreferences); main decides instead. With popups disabled window.open returns null in the guest
  // (shell/browser/electron_browser_client.cc, CanCreateWindow).
  webPreferences.disablePopups = !grant.allowPopups
  webPreferences.preload = grant.preload
  webPreferences.partition = grant.partition
  webPreferences.nodeIntegration = false
  webPreferences.nodeIntegrationInSubFrames = false
  webPreferences.nodeIntegrationInWorker = false
  webPreferences.contextIsolation = true
  webPreferences.sandbox = true
  webPreferences.webSecurity = true
  webPreferences.allowRunningInsecureContent = false
  webPreferences.experimentalFeatures = false
  webPreferences.webviewTag = false
  webPreferences.enableBlinkFeatures = ''
}

function safeUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}${u.pathname}`
  } catch {
    return '(invalid url)'
  }
}
