/**
 * The widget host page: a tiny HTML document served at the partner's registered origin (architecture.md,
 * "The live widget" 2) whose only job is to iframe Workato's Connection Widget (reference §7.3), so the widget's
 * `window.parent` is a page at an allowlisted origin and its postMessages arrive (reference §8.4).
 *
 * The token is in this page's iframe src and nowhere else; the page is served only inside the attempt's own
 * partition (app) or on the attempt's own loopback origin (browser harness), and the CSP lets it frame nothing
 * but the data center's app origin.
 */

export const HOST_PAGE_PATH = '/__embedded_console/widget-host'
export const WIDGET_FRAME_ID = 'workato-widget'

export interface HostPageOptions {
  attemptId: string
  /** The data center's app origin, e.g. `https://app.workato.com` (reference §1.1). */
  appOrigin: string
  connectionId: number
  token: string
  /** Shown in the page title so a person looking at devtools knows which attempt this is. */
  label: string
  /** Extra script (the browser harness's relay bundle); none in the app, where the webview preload relays. */
  relayScriptSrc?: string
  /** Who may frame the host page: none in the app (a webview is top level), the harness's origin in tests. */
  frameAncestors?: string
}

/** `${appOrigin}/direct_link/embedded/connections/${id}?workato_dl_token=...` (reference §7.3). */
export function directLinkUrl(appOrigin: string, connectionId: number, token: string): string {
  const u = new URL(`/direct_link/embedded/connections/${encodeURIComponent(String(connectionId))}`, appOrigin)
  u.searchParams.set('workato_dl_token', token)
  return u.toString()
}

export function hostPageUrl(hostOrigin: string, attemptId: string): string {
  const u = new URL(HOST_PAGE_PATH, hostOrigin)
  u.searchParams.set('attempt', attemptId)
  return u.toString()
}

function scriptSource(src: string): string {
  const u = new URL(src)
  return `${u.origin}${u.pathname}`
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The CSP, sent as a header by both hosts; the meta copy omits frame-ancestors, which a meta tag cannot carry. */
export function hostPageCsp(opts: Pick<HostPageOptions, 'appOrigin' | 'relayScriptSrc' | 'frameAncestors'>, forMeta = false): string {
  const directives = [
    "default-src 'none'",
    `frame-src ${new URL(opts.appOrigin).origin}`,
    // A CSP source has no query part: allow the script's exact path, whatever its query says.
    opts.relayScriptSrc ? `script-src ${scriptSource(opts.relayScriptSrc)}` : "script-src 'none'",
    "style-src 'unsafe-inline'",
    "img-src 'none'",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${opts.frameAncestors ?? "'none'"}`,
  ]
  return (forMeta ? directives.filter((d) => !d.startsWith('frame-ancestors')) : directives).join('; ')
}

export function buildHostPage(opts: HostPageOptions): string {
  const appOrigin = new URL(opts.appOrigin).origin
  const src = directLinkUrl(appOrigin, opts.connectionId, opts.token)
  // Before the iframe, and blocking: the relay must listen before the widget can post its first message.
  const script = opts.relayScriptSrc ? `\n<script src="${escapeHtml(opts.relayScriptSrc)}"></script>` : ''
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(hostPageCsp(opts, true))}">
<meta name="referrer" content="no-referrer">
<meta name="workato-origin" content="${escapeHtml(appOrigin)}">
<meta name="widget-attempt" content="${escapeHtml(opts.attemptId)}">
<title>Widget host: ${escapeHtml(opts.label)}</title>
<style>html,body{margin:0;padding:0;background:transparent}iframe{display:block;width:100%;height:100vh;border:0}</style>
</head>
<body>${script}
<iframe id="${WIDGET_FRAME_ID}" title="Workato Connection Widget" src="${escapeHtml(src)}"></iframe>
</body>
</html>
`
}
