/**
 * Self-contained HTML for the widget pages: escaping, a per-response nonce and a CSP that allows only the
 * page's own nonce'd style and script, same-origin fetches and no external resources.
 */
import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
}

/** JSON for a `<script type="application/json">` block: `<` escaped so no string can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
}

export function newNonce(): string {
  return randomBytes(16).toString('base64')
}

export interface PageOptions {
  title: string
  nonce: string
  css: string
  body: string
  /** Config handed to the script as JSON (never interpolated into JS). */
  config?: unknown
  script?: string
}

export function page(o: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(o.title)}</title>
<style nonce="${o.nonce}">${o.css}</style>
</head>
<body>
${o.body}
${o.config === undefined ? '' : `<script type="application/json" id="wk-config">${jsonForScript(o.config)}</script>`}
${o.script ? `<script nonce="${o.nonce}">${o.script}</script>` : ''}
</body>
</html>`
}

/**
 * `frameAncestors` null = no framing restriction (error pages must be visible wherever they land);
 * a list = only those origins may frame the page (§5.4 frame_ancestors).
 */
export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  nonce: string,
  frameAncestors: string[] | null,
  extraHeaders: Record<string, string> = {},
): void {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    'img-src data:',
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    ...(frameAncestors ? [`frame-ancestors ${frameAncestors.length ? frameAncestors.join(' ') : "'none'"}`] : []),
  ].join('; ')
  const headers: Record<string, string> = {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': csp,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...extraHeaders,
  }
  // setHeader (not writeHead's object) so the request logger can read them back with getHeader.
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v)
  res.writeHead(status)
  res.end(html)
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(JSON.stringify(body))
}
