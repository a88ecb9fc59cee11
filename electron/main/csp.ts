/**
 * The renderer's Content-Security-Policy, sent as a header by the app:// handler (a header cannot be removed
 * by page content, a meta tag could be). Naive UI injects its styles at run time, hence 'unsafe-inline' for
 * styles only; scripts are ours alone.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
