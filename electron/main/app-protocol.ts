/**
 * Serves the built renderer over `app://bundle/` with a path-traversal guard: a request may only ever resolve
 * to a file inside the renderer folder, whatever encoding tricks its URL uses.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { APP_HOST } from './app-url'
import { RENDERER_CSP } from './csp'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
}

/**
 * Maps an app:// URL to a file under `root`, or null when it would escape it (`..`, encoded `%2e%2e`,
 * backslashes, NUL bytes, absolute paths, another host).
 */
export function resolveAppPath(root: string, requestUrl: string): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (url.host !== APP_HOST) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null
  const rel = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '')
  const absRoot = path.resolve(root)
  const target = path.resolve(absRoot, rel)
  if (target !== absRoot && !target.startsWith(absRoot + path.sep)) return null
  return target
}

/** A protocol handler for `app://`: files from `root`, with the CSP and nosniff headers. */
export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET') return new Response('Method not allowed', { status: 405 })
    const file = resolveAppPath(root, request.url)
    if (!file) return new Response('Forbidden', { status: 403 })
    try {
      const body = await readFile(file)
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          'content-security-policy': RENDERER_CSP,
          'x-content-type-options': 'nosniff',
          'cross-origin-opener-policy': 'same-origin',
        },
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  }
}
