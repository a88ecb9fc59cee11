/**
 * Faithful stand-ins for the few Electron objects the widget glue touches. They behave like the real ones where
 * it matters to the code under test:
 * - Session.protocol: `handle` throws when the scheme is already handled and `unhandle` when it is not
 *   (lib/browser/api/protocol.ts), and the session's requests look the handler up on every request, as Electron's
 *   URL loader factory does (shell/browser/net/proxying_url_loader_factory.cc). `fetch` plays a request of a page
 *   in this partition: it answers from the handler, or says it went to the network.
 * - Permission handlers are recorded so a test can ask them like Chromium would, with `details`.
 * - WebContents records `on` and `setWindowOpenHandler`; `navigate` fires `will-frame-navigate` (and
 *   `will-navigate` for the main frame, as Electron does) with a details event whose `preventDefault` sticks.
 */
import { EventEmitter } from 'node:events'

type ProtocolHandler = (req: Request) => Response | Promise<Response>
type RequestHandler = (
  wc: unknown,
  permission: string,
  callback: (ok: boolean) => void,
  details: { requestingUrl?: string; isMainFrame: boolean },
) => void
type CheckHandler = (wc: unknown, permission: string, requestingOrigin: string, details: Record<string, unknown>) => boolean

export class FakeSession extends EventEmitter {
  readonly handlers = new Map<string, ProtocolHandler>()
  readonly wipes = {
    clearData: 0,
    clearStorageData: 0,
    clearCache: 0,
    clearAuthCache: 0,
    clearHostResolverCache: 0,
    clearCodeCaches: 0,
    closeAllConnections: 0,
  }
  requestHandler: RequestHandler | null = null
  checkHandler: CheckHandler | null = null
  deviceHandler: (() => boolean) | null = null
  displayMediaHandler: ((req: unknown, cb: (streams: Record<string, unknown>) => void) => void) | null = null
  /** Makes the next wipe step wait (or fail) until the test says so. */
  gate: Promise<void> | null = null
  readonly network: string[] = []
  beforeRequest: {
    filter: { urls: string[]; types?: string[] }
    listener: (details: { url: string; resourceType: string; webContents?: unknown }, cb: (r: { cancel?: boolean }) => void) => void
  } | null = null

  readonly webRequest = {
    // Only the last listener counts (docs/api/web-request.md).
    onBeforeRequest: (filter: { urls: string[]; types?: string[] }, listener: NonNullable<FakeSession['beforeRequest']>['listener']) => {
      this.beforeRequest = { filter, listener }
    },
  }

  /** A load about to start in this session: true when webRequest lets it go (no listener, or not filtered in). */
  load(url: string, resourceType: string, webContents?: FakeWebContents): boolean {
    const b = this.beforeRequest
    if (!b || (b.filter.types && !b.filter.types.includes(resourceType))) return true
    let cancel = false
    b.listener({ url, resourceType, webContents }, (r) => (cancel = r.cancel === true))
    return !cancel
  }

  constructor(readonly partition: string) {
    super()
  }

  readonly protocol = {
    handle: (scheme: string, h: ProtocolHandler) => {
      if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`)
      this.handlers.set(scheme, h)
    },
    unhandle: (scheme: string) => {
      if (!this.handlers.delete(scheme)) throw new Error(`Failed to unhandle protocol: ${scheme}`)
    },
    isProtocolHandled: (scheme: string) => this.handlers.has(scheme),
  }

  /** A request made by a page in this partition. */
  async fetch(url: string, method = 'GET'): Promise<{ from: 'handler' | 'network'; status: number; body: string; headers: Headers }> {
    const h = this.handlers.get(new URL(url).protocol.replace(/:$/, ''))
    if (h) {
      const res = await h(new Request(url, { method }))
      return { from: 'handler', status: res.status, body: await res.text(), headers: res.headers }
    }
    this.network.push(url)
    return { from: 'network', status: 200, body: '', headers: new Headers() }
  }

  isPersistent(): boolean {
    return false
  }
  setPermissionRequestHandler(h: RequestHandler | null): void {
    this.requestHandler = h
  }
  setPermissionCheckHandler(h: CheckHandler | null): void {
    this.checkHandler = h
  }
  setDevicePermissionHandler(h: (() => boolean) | null): void {
    this.deviceHandler = h
  }
  setDisplayMediaRequestHandler(h: FakeSession['displayMediaHandler']): void {
    this.displayMediaHandler = h
  }

  /**
   * What Chromium would get back from both handlers for an ask from a frame on `origin`. Without a handler
   * Electron grants (docs/api/session.md), so an unset handler answers true here too.
   */
  ask(wc: FakeWebContents | null, permission: string, origin: string): { request: boolean; check: boolean } {
    let granted: boolean | null = null
    this.requestHandler?.(wc, permission, (ok) => (granted = ok), { requestingUrl: `${origin}/page`, isMainFrame: true })
    const check = this.checkHandler?.(wc, permission, origin, {}) ?? true
    return { request: this.requestHandler ? granted === true : true, check }
  }

  private async step(name: keyof FakeSession['wipes']): Promise<void> {
    if (this.gate) await this.gate
    this.wipes[name]++
  }
  clearData = () => this.step('clearData')
  clearStorageData = () => this.step('clearStorageData')
  clearCache = () => this.step('clearCache')
  clearAuthCache = () => this.step('clearAuthCache')
  clearHostResolverCache = () => this.step('clearHostResolverCache')
  clearCodeCaches = (_o: Record<string, unknown>) => this.step('clearCodeCaches')
  closeAllConnections = () => this.step('closeAllConnections')
}

export interface NavEvent {
  url: string
  isMainFrame: boolean
  isSameDocument: boolean
  defaultPrevented: boolean
  preventDefault(): void
}

function navEvent(url: string, isMainFrame: boolean, isSameDocument = false): NavEvent {
  return {
    url,
    isMainFrame,
    isSameDocument,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true
    },
  }
}

let nextId = 100

/** A WebFrameMain: its place in the frame tree and what `executeJavaScript` answers there. */
export class FakeFrame {
  readonly processId: number
  readonly routingId: number
  readonly scripts: string[] = []
  constructor(
    public url: string,
    public parent: FakeFrame | null,
    public text = '',
    ids: { processId?: number; routingId?: number } = {},
  ) {
    this.processId = ids.processId ?? 1
    this.routingId = ids.routingId ?? nextId++
  }
  async executeJavaScript(code: string): Promise<unknown> {
    this.scripts.push(code)
    return this.text
  }
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++
  url = ''
  /** The frame tree: `mainFrame.framesInSubtree` is the main frame and every frame below it, as in Electron. */
  readonly mainFrame: FakeFrame & { framesInSubtree: FakeFrame[] } = Object.assign(new FakeFrame('', null), { framesInSubtree: [] as FakeFrame[] })
  /** Adds a child frame of the main frame (an iframe of the page) and emits nothing. */
  addFrame(url: string, text = ''): FakeFrame {
    if (this.mainFrame.framesInSubtree.length === 0) this.mainFrame.framesInSubtree.push(this.mainFrame)
    const f = new FakeFrame(url, this.mainFrame, text)
    this.mainFrame.framesInSubtree.push(f)
    return f
  }
  openHandler: ((d: { url: string }) => unknown) | null = null

  constructor(
    readonly type: 'window' | 'webview',
    readonly session: FakeSession | { isPersistent(): boolean },
  ) {
    super()
  }
  getType(): string {
    return this.type
  }
  getURL(): string {
    return this.url
  }
  getTitle(): string {
    return ''
  }
  destroyed = false
  isDestroyed(): boolean {
    return this.destroyed
  }
  /** Programmatic loads (no will-navigate, as in Electron). */
  readonly loaded: string[] = []
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url)
    this.url = url
  }
  async executeJavaScript(): Promise<string> {
    return ''
  }
  setWindowOpenHandler(h: (d: { url: string }) => unknown): void {
    this.openHandler = h
  }
  /** window.open from the page: what the handler answered. */
  open(url: string): unknown {
    return this.openHandler?.({ url })
  }
  /** A renderer-initiated navigation; true when it went ahead. */
  navigate(url: string, isMainFrame = true): boolean {
    const ev = navEvent(url, isMainFrame)
    this.emit('will-frame-navigate', ev)
    if (isMainFrame && !ev.defaultPrevented) this.emit('will-navigate', ev, url)
    if (!ev.defaultPrevented && isMainFrame) this.url = url
    return !ev.defaultPrevented
  }
  redirect(url: string, isMainFrame = true): boolean {
    const ev = navEvent(url, isMainFrame)
    this.emit('will-redirect', ev, url)
    return !ev.defaultPrevented
  }
  /** `did-start-navigation`, which Chromium emits before the request starts (also for reloads). */
  startNavigation(url: string, opts: { isMainFrame?: boolean; isSameDocument?: boolean } = {}): void {
    this.emit('did-start-navigation', navEvent(url, opts.isMainFrame ?? true, opts.isSameDocument ?? false))
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents: FakeWebContents
  private destroyed = false
  closes = 0
  constructor(session: FakeSession | { isPersistent(): boolean }) {
    super()
    this.webContents = new FakeWebContents('window', session)
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  close(): void {
    this.closes++
    if (this.destroyed) return
    this.destroyed = true
    this.emit('closed')
  }
}

/** The default session: persistent, where the app window lives. */
export const defaultSessionLike = { isPersistent: () => true }
