/**
 * Electron's security checklist, applied in one place: every BrowserWindow gets `secureWebPreferences`, every
 * session `hardenSession`, every webContents `hardenWebContents`. Deny by default; allow by name.
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { Session, WebContents, WebPreferences } from 'electron'
import type { WebviewGrant } from '../core/widget-grants'
import { isAppUrl } from './app-url'

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

/** Permissions: none. The console needs no camera, geolocation, notifications or MIDI. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler?.(() => false)
  session.setDisplayMediaRequestHandler?.((_req, callback) => callback({}))
  session.on('will-download', (event) => event.preventDefault())
}

export type { WebviewGrant }

export interface HardenOptions {
  openExternal: (url: string) => void
  /** Looks up the grant for a partition; undefined = no such attempt, refuse. */
  webviewGrant: (partition: string) => WebviewGrant | undefined
  /** Decides on popups from guests (the widget's OAuth consent). Default: deny. */
  guestWindowOpen?: (contents: WebContents, url: string) => 'allow' | 'deny'
  log?: (msg: string) => void
}

/**
 * Applies to every webContents the app ever creates (wired to `app.on('web-contents-created')`).
 * Our own windows may only show app:// pages; links to https open in the system browser; everything else is
 * refused. Guests (webviews) are handled by the widget code through `guestWindowOpen`.
 */
export function hardenWebContents(contents: WebContents, opts: HardenOptions): void {
  const log = opts.log ?? (() => {})
  const isGuest = contents.getType() === 'webview'

  contents.on('will-navigate', (event, url) => {
    if (isGuest) return // a guest navigates inside its own partition; its src was checked at attach time
    if (!isAppUrl(url)) {
      event.preventDefault()
      log(`blocked navigation to ${safeUrl(url)}`)
    }
  })
  contents.on('will-redirect', (event, url) => {
    if (!isGuest && !isAppUrl(url)) {
      event.preventDefault()
      log(`blocked redirect to ${safeUrl(url)}`)
    }
  })

  contents.setWindowOpenHandler(({ url }) => {
    if (isGuest && opts.guestWindowOpen) {
      return opts.guestWindowOpen(contents, url) === 'allow'
        ? { action: 'allow', overrideBrowserWindowOptions: { webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } } }
        : { action: 'deny' }
    }
    if (!isGuest && isSafeExternalUrl(url)) opts.openExternal(url)
    else log(`blocked window.open of ${safeUrl(url)}`)
    return { action: 'deny' }
  })

  contents.on('will-attach-webview', (event, webPreferences, params) => {
    const grant = params.partition ? opts.webviewGrant(params.partition) : undefined
    if (!grant || params.src !== grant.src) {
      event.preventDefault()
      log(`refused a <webview> (partition ${params.partition || 'none'})`)
      return
    }
    enforceGuestPreferences(webPreferences, grant)
  })
}

/** Overwrites whatever the renderer asked for: the guest gets our preload, our partition and no Node. */
export function enforceGuestPreferences(webPreferences: WebPreferences & { preloadURL?: string }, grant: WebviewGrant): void {
  delete webPreferences.preloadURL
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
