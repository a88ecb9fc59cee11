/**
 * Which popups a widget attempt may open (architecture.md, "The live widget" 6): OAuth consent windows that
 * the widget opens on the data center's app origin, over https only. Plain http is allowed only for the
 * built-in sandbox, which listens on loopback. Everything else (other hosts, file:, javascript:, data:) is
 * refused, and the refusal says why.
 */

export type PopupDecision = { allow: true } | { allow: false; reason: string }

export interface PopupPolicyInput {
  url: string
  /** The attempt's data center app origin: consent popups start there (the widget's own /oauth/authorize). */
  appOrigin: string
  /** Loopback http origins that may open popups (the in-process sandbox). */
  loopbackOrigins: readonly string[]
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function decidePopup({ url, appOrigin, loopbackOrigins }: PopupPolicyInput): PopupDecision {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return { allow: false, reason: 'not a valid URL' }
  }
  if (u.username || u.password) return { allow: false, reason: 'URLs with credentials are refused' }
  if (u.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(u.hostname) || !loopbackOrigins.includes(u.origin)) {
      return { allow: false, reason: 'only https popups are allowed (plain http only for the built-in sandbox)' }
    }
  } else if (u.protocol !== 'https:') {
    return { allow: false, reason: `${u.protocol} popups are refused` }
  }
  let expected: string
  try {
    expected = new URL(appOrigin).origin
  } catch {
    return { allow: false, reason: 'the attempt has no valid app origin' }
  }
  if (u.origin !== expected) return { allow: false, reason: `popups may only open on ${expected}, not ${u.origin}` }
  return { allow: true }
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
