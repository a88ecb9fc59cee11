/**
 * Which web permissions the app grants, and to whom (Electron's security checklist, item 5: handle permission
 * requests). Deny by default; the app needs exactly two:
 *
 * - `clipboard-sanitized-write`, which `navigator.clipboard.writeText` asks for (every Copy button), only for our
 *   own app window: a trusted webContents whose requesting frame is on the app's own origin.
 * - Local Network Access, only for a widget attempt that talks to the running in-process Sandbox: its host page
 *   (on the partner's https origin) frames `http://127.0.0.1:<port>`, which Chromium's Local Network Access
 *   checks treat as a public-to-loopback request needing permission. Electron names these permissions
 *   `local-network-access`, `local-network` and `loopback-network` (shell/common/gin_converters/
 *   content_converter.cc, Converter<blink::PermissionType>::ToV8) and asks both the check and the request
 *   handler, like every permission (docs/api/session.md, setPermissionCheckHandler: "Most web APIs do a permission
 *   check and then make a permission request if the check is denied"). Electron 45 still ships with the
 *   `LocalNetworkAccessChecks` feature disabled (shell/browser/feature_list.cc), so today these are not asked;
 *   granting them narrowly keeps the Sandbox working the day the feature is turned on.
 *
 * Pure: main describes the asker, this decides.
 */

/** What Electron calls the Local Network Access permissions (all three, old and split names). */
export const LOCAL_NETWORK_PERMISSIONS: ReadonlySet<string> = new Set(['local-network-access', 'local-network', 'loopback-network'])
export const CLIPBOARD_WRITE_PERMISSION = 'clipboard-sanitized-write'

export type PermissionAsker =
  /** The default session, where only our app window lives. */
  | { kind: 'app'; appOrigin: string; trustedWindow: boolean }
  /** A widget partition with a live attempt. `sandboxOrigin`: the Sandbox loopback origin when its app origin is it. */
  | { kind: 'widget'; hostOrigin: string; sandboxOrigin: string | null }
  /** Anything else: a partition without a live attempt, a window we did not make. */
  | { kind: 'none' }

export interface PermissionAsk {
  permission: string
  /** Origin (or URL) of the frame asking; '' when Electron does not say. */
  requesting: string
}

/** scheme://host[:port]; WHATWG `URL.origin` is "null" for non-special schemes such as our `app:`. */
function originOf(s: string): string | null {
  try {
    const u = new URL(s)
    return u.host ? `${u.protocol}//${u.host}` : null
  } catch {
    return null
  }
}

export function decidePermission(asker: PermissionAsker, ask: PermissionAsk): boolean {
  const origin = originOf(ask.requesting)
  switch (asker.kind) {
    case 'app':
      return ask.permission === CLIPBOARD_WRITE_PERMISSION && asker.trustedWindow && origin !== null && origin === originOf(asker.appOrigin)
    case 'widget':
      // The host page asks to frame the Sandbox; the Sandbox's own pages ask for their subresources.
      return (
        LOCAL_NETWORK_PERMISSIONS.has(ask.permission) &&
        asker.sandboxOrigin !== null &&
        origin !== null &&
        (origin === originOf(asker.hostOrigin) || origin === originOf(asker.sandboxOrigin))
      )
    case 'none':
      return false
  }
}
