/**
 * The one popup policy of a widget attempt (architecture.md, "The live widget" 6). It answers two questions with
 * the same rule: may a guest (or a popup of the attempt) open this URL in a new window, and may a popup window
 * navigate or be redirected to it. OAuth consent starts on Workato's app origin and then walks through the
 * identity provider's own pages, so the rule is about the scheme, not the host: https, or plain http only on the
 * running built-in Sandbox's loopback origin. Everything else (file:, data:, javascript:, app:, other http, URLs
 * carrying credentials) is refused, and the refusal says why.
 */

export type PopupDecision = { allow: true } | { allow: false; reason: string }

export interface PopupPolicyInput {
  url: string
  /** Loopback http origins that may be shown (the in-process sandbox's `http://127.0.0.1:<port>`). */
  loopbackOrigins: readonly string[]
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function decidePopup({ url, loopbackOrigins }: PopupPolicyInput): PopupDecision {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return { allow: false, reason: 'not a valid URL' }
  }
  if (u.username || u.password) return { allow: false, reason: 'URLs with credentials are refused' }
  if (u.protocol === 'https:') return { allow: true }
  if (u.protocol === 'http:') {
    if (LOOPBACK_HOSTS.has(u.hostname) && loopbackOrigins.includes(u.origin)) return { allow: true }
    return { allow: false, reason: 'only https pages may open in a consent window (plain http only for the built-in Sandbox)' }
  }
  return { allow: false, reason: `${u.protocol} pages are refused in a consent window` }
}

/**
 * Providers that refuse embedded browsers: Google answers `disallowed_useragent` ("This browser or app may not
 * be secure") when the user agent looks like a WebView (architecture.md, "The live widget" 6). Detected from
 * what the popup shows: its URL, title or visible text.
 */
export function detectEmbeddedBrowserRefusal(page: { url?: string; title?: string; bodyText?: string }): boolean {
  const hay = [page.url ?? '', page.title ?? '', (page.bodyText ?? '').slice(0, 20_000)].join('\n')
  return /disallowed_useragent|this browser or app may not be secure|use a secure browser/i.test(hay)
}
