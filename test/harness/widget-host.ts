/**
 * The browser harness's widget host: what main's session-scoped `protocol.handle` does in the app, done with one
 * loopback server per attempt. Each attempt gets its own origin (a fresh port), which is the harness's stand-in
 * for a fresh partition: the host page's storage is not shared between attempts, and once the attempt is
 * closed its server is gone. The page is the very HTML core builds, plus the relay bundle.
 */
import { build } from 'esbuild'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { hostPageUrl, HOST_PAGE_PATH, type WidgetHostAdapter } from '../../electron/core/widget'

const here = path.dirname(fileURLToPath(import.meta.url))
export const RELAY_PATH = '/__embedded_console/widget-relay.js'

let relayBundle: Promise<string> | null = null
/** The relay for the browser, bundled once per process (esbuild, ~20 ms). */
export function relayScript(): Promise<string> {
  relayBundle ??= build({
    entryPoints: [path.join(here, 'widget-host-relay.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
  }).then((r) => r.outputFiles[0]?.text ?? '')
  return relayBundle
}

interface Served {
  server: http.Server
  origin: string
  hostUrl: string
  html: string | null
  csp: string
}

export function createHarnessWidgetHost(opts: {
  consoleOrigin: string
  registerOrigin: (origin: string) => void
}): WidgetHostAdapter & { liveOrigins(): string[] } {
  const served = new Map<string, Served>()
  void relayScript() // warm the bundle so the first host page does not wait for esbuild
  return {
    embed: 'iframe',
    preloadPath: '',
    async prepare({ attemptId }) {
      const server = http.createServer()
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const hostUrl = hostPageUrl(origin, attemptId)
      const relaySrc = `${origin}${RELAY_PATH}?console=${encodeURIComponent(opts.consoleOrigin)}`
      const s: Served = { server, origin, hostUrl, html: null, csp: '' }
      served.set(attemptId, s)
      server.on('request', (req, res) => {
        const url = new URL(req.url ?? '/', origin)
        if (req.method === 'GET' && url.pathname === HOST_PAGE_PATH && url.search === new URL(hostUrl).search && s.html) {
          res.writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'content-security-policy': s.csp,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          })
          res.end(s.html)
          return
        }
        if (req.method === 'GET' && url.pathname === RELAY_PATH) {
          void relayScript().then((js) =>
            res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(js),
          )
          return
        }
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
      })
      // The sandbox posts only to registered origins (reference §8.4): this attempt's origin is one for its lifetime.
      opts.registerOrigin(origin)
      return { hostUrl, hostOrigin: origin, relayScriptSrc: relaySrc, frameAncestors: opts.consoleOrigin }
    },
    async publish({ attemptId, html, csp }) {
      const s = served.get(attemptId)
      if (!s) throw new Error(`attempt ${attemptId} was not prepared`)
      s.html = html
      s.csp = csp
    },
    async release({ attemptId }) {
      const s = served.get(attemptId)
      served.delete(attemptId)
      if (!s) return
      s.server.closeAllConnections()
      await new Promise<void>((resolve) => s.server.close(() => resolve()))
    },
    liveOrigins: () => [...served.values()].map((s) => s.origin),
  }
}
