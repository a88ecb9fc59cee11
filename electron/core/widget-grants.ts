/**
 * Which <webview> may attach, decided by main for one widget attempt (architecture.md, "The live widget" 3).
 * The renderer's attributes are never trusted: `will-attach-webview` looks the partition up here.
 */
export interface WebviewGrant {
  partition: string
  /** The exact URL the guest must load first (the host page at the profile's origin). */
  src: string
  /** Absolute path of the widget preload. */
  preload: string
}

export interface WidgetGrants {
  grant(partition: string): WebviewGrant | undefined
  /** OAuth consent popups from a widget guest: https only (loopback http for the built-in sandbox). */
  allowPopup(url: string): boolean
}

export function createWidgetGrants(): WidgetGrants & { add(g: WebviewGrant): void; revoke(partition: string): void; allowPopupOrigin(origin: string): void } {
  const grants = new Map<string, WebviewGrant>()
  const popupOrigins = new Set<string>()
  return {
    grant: (p) => grants.get(p),
    add: (g) => void grants.set(g.partition, g),
    revoke: (p) => void grants.delete(p),
    allowPopupOrigin: (o) => void popupOrigins.add(o),
    allowPopup(url) {
      let u: URL
      try {
        u = new URL(url)
      } catch {
        return false
      }
      if (u.protocol === 'https:') return true
      return u.protocol === 'http:' && popupOrigins.has(u.origin) && (u.hostname === '127.0.0.1' || u.hostname === 'localhost')
    },
  }
}
