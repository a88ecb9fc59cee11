/**
 * Which <webview> may attach, decided by main for one widget attempt (architecture.md, "The live widget" 3).
 * The renderer's attributes are never trusted: `will-attach-webview` looks the partition up here and overwrites
 * the guest's preferences from the grant, popups included (the renderer's `allowpopups` is ignored).
 * Popup URLs are decided by core/widget/popup-policy, the only popup policy.
 */
export interface WebviewGrant {
  partition: string
  /** The exact URL the guest must load first, and the only one its main frame may show (the host page). */
  src: string
  /** Absolute path of the widget preload. */
  preload: string
  /** Whether the guest may open windows at all (OAuth consent); each URL is still checked by the popup policy. */
  allowPopups: boolean
}

export interface WidgetGrants {
  grant(partition: string): WebviewGrant | undefined
  add(g: WebviewGrant): void
  revoke(partition: string): void
}

export function createWidgetGrants(): WidgetGrants {
  const grants = new Map<string, WebviewGrant>()
  return {
    grant: (p) => grants.get(p),
    add: (g) => void grants.set(g.partition, g),
    revoke: (p) => void grants.delete(p),
  }
}
