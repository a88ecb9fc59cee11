/**
 * Where the UI is served from. Production: the custom `app://bundle/` protocol (not file://, so the renderer
 * gets a real origin, a CSP header and no access to the file system). Development (`electron-vite dev`): the
 * Vite server that electron-vite names in ELECTRON_RENDERER_URL.
 *
 * Environment overrides are honoured only in an unpackaged app: in a signed, packaged build any local process
 * could otherwise set ELECTRON_RENDERER_URL and have our window (with the full console API) load its page, or
 * point EC_USER_DATA at a profile it prepared. `devOverrides` is the one place that reads them.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'bundle'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

export interface DevOverrides {
  /** electron-vite's dev server (ELECTRON_RENDERER_URL). */
  rendererUrl?: string
  /** A throw-away profile directory (EC_USER_DATA), as the E2E specs use (Insomnia's habit). */
  userData?: string
}

export function devOverrides(isPackaged: boolean, env: Readonly<Record<string, string | undefined>>): DevOverrides {
  if (isPackaged) return {}
  return {
    ...(env.ELECTRON_RENDERER_URL ? { rendererUrl: env.ELECTRON_RENDERER_URL } : {}),
    ...(env.EC_USER_DATA ? { userData: env.EC_USER_DATA } : {}),
  }
}

// Set once at startup by main from `devOverrides`; undefined (the packaged default) means app:// only.
let devServerUrl: string | undefined

export function useDevServer(url: string | undefined): void {
  devServerUrl = url
}

export function rendererEntryUrl(devServer = devServerUrl): string {
  return devServer ? devServer : `${APP_ORIGIN}/index.html`
}

/** True when `url` belongs to our UI (same origin as the entry). Everything else is foreign. */
export function isAppUrl(url: string, devServer = devServerUrl): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (devServer) {
    try {
      if (u.origin === new URL(devServer).origin) return true
    } catch {
      /* fall through */
    }
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST
}
