/**
 * Hands `embedded-console://` links from the OS to the UI. They arrive three ways:
 * - macOS: `open-url`, which may fire before `ready` (even before a window exists), so links are queued;
 * - Windows/Linux, app already running: the second instance's argv, via `second-instance`;
 * - Windows/Linux, first launch: this process's own argv.
 * Every link is parsed by shared/deep-link.ts; a refused one is logged (its reason, never the raw link), and the
 * window is told why (`deepLinkRefused`), so a person who clicked a damaged link sees more than nothing.
 * https://www.electronjs.org/docs/latest/tutorial/launch-app-from-url-in-another-app
 */
import path from 'node:path'
import { DEEP_LINK_SCHEME, describeDeepLink, parseDeepLink, type DeepLink } from '../../shared/deep-link'
import type { DeepLinkRefused } from '../../shared/contract/search'

export interface DeepLinkHandoffOptions {
  /** Delivers a parsed link to the UI (the app window's `deepLink` event). */
  deliver: (link: DeepLink) => void
  /** Tells the UI a link was refused (the window's `deepLinkRefused` event): the reason, never the link. */
  refuse?: (refusal: DeepLinkRefused) => void
  log: { info: (m: string) => void; warn: (m: string) => void }
}

export interface DeepLinkHandoff {
  /** A URL from `open-url` or argv. Queued until `ready()`. */
  receive(url: string): void
  /** Takes the links in an argv (first launch or `second-instance`). */
  receiveArgv(argv: readonly string[]): void
  /** The UI can take links now: flushes the queue in arrival order. */
  ready(): void
  /** The UI went away (window closed): queue again until the next `ready()`. */
  notReady(): void
}

/** argv entries that look like one of our links (Windows/Linux pass the whole link as one argument). */
export function deepLinksInArgv(argv: readonly string[]): string[] {
  return argv.filter((a) => a.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`))
}

/** A bounded queue: a flood of links before the window exists must not grow memory without limit. */
const MAX_QUEUED = 20

export function createDeepLinkHandoff(opts: DeepLinkHandoffOptions): DeepLinkHandoff {
  let isReady = false
  type Item = { link: DeepLink } | { refusal: DeepLinkRefused }
  const queue: Item[] = []
  const send = (item: Item) => ('link' in item ? opts.deliver(item.link) : opts.refuse?.(item.refusal))
  const enqueue = (item: Item) => {
    if (isReady) {
      send(item)
      return
    }
    if (queue.length >= MAX_QUEUED) {
      opts.log.warn(`dropped a deep link: more than ${MAX_QUEUED} arrived before the window was ready`)
      return
    }
    queue.push(item)
  }
  const handoff: DeepLinkHandoff = {
    receive(url) {
      const parsed = parseDeepLink(url)
      if (!parsed.ok) {
        opts.log.warn(`refused a deep link (${parsed.reason}): ${parsed.message}`)
        enqueue({ refusal: { reason: parsed.reason, message: parsed.message } })
        return
      }
      opts.log.info(`deep link: ${describeDeepLink(parsed.link)}`)
      enqueue({ link: parsed.link })
    },
    receiveArgv(argv) {
      for (const url of deepLinksInArgv(argv)) handoff.receive(url)
    },
    ready() {
      isReady = true
      for (const item of queue.splice(0)) send(item)
    },
    notReady() {
      isReady = false
    },
  }
  return handoff
}

export interface ProtocolClientApp {
  isPackaged: boolean
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean
}

/**
 * Registers the app as the handler of embedded-console://. Packaged: the plain form (the executable is the
 * app). Development on Windows: Electron's docs give the execPath + [script path] form, otherwise Windows would
 * start a bare electron.exe. Elsewhere in development we do not register: on macOS the scheme must be in the
 * packaged Info.plist anyway, and on Linux a dev checkout should not claim the scheme for the desktop.
 * Returns whether a registration was attempted and succeeded.
 */
export function registerProtocolClient(app: ProtocolClientApp, platform: NodeJS.Platform, execPath: string, argv: readonly string[]): boolean {
  if (app.isPackaged) return app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)
  const script = argv[1]
  if (platform === 'win32' && script) return app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, execPath, [path.resolve(script)])
  return false
}
