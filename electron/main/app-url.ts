/**
 * Where the UI is served from. Production: the custom `app://bundle/` protocol (not file://, so the renderer
 * gets a real origin, a CSP header and no access to the file system). Development (`electron-vite dev`): the
 * Vite server that electron-vite names in ELECTRON_RENDERER_URL.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'bundle'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

export function rendererEntryUrl(devServerUrl = process.env.ELECTRON_RENDERER_URL): string {
  return devServerUrl ? devServerUrl : `${APP_ORIGIN}/index.html`
}

/** True when `url` belongs to our UI (same origin as the entry). Everything else is foreign. */
export function isAppUrl(url: string, devServerUrl = process.env.ELECTRON_RENDERER_URL): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (devServerUrl) {
    try {
      if (u.origin === new URL(devServerUrl).origin) return true
    } catch {
      /* fall through */
    }
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST
}
