/**
 * The browser harness: serves the built renderer and implements the IPC contract over loopback HTTP, backed by
 * the real core (and so by a real in-process sandbox). Playwright drives Debian's Chromium through it where the
 * Electron binary cannot be downloaded (architecture.md, "Testing when the Electron binary cannot be downloaded").
 *   POST /rpc/<op>   body = request JSON, answer = Result envelope (same dispatch as main's IPC handler)
 *   GET  /rpc        the list of operations
 *   GET  /events     server-sent events (the typed main → renderer events)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { operations } from '../../shared/contract'
import { createCore, type Core, type CoreOptions } from '../../electron/core/create-core'
import { dispatch } from '../../electron/core/rpc/dispatch'
import type { EventSink } from '../../electron/core/rpc/types'
import { log } from '../../electron/core/log'
import type { Vault } from '../../electron/core/services'
import { createMemoryVault } from '../support/memory-vault'
import { sharedSandboxKey } from '../support/sandbox-key'
import { createHarnessWidgetHost } from './widget-host'
import { createDeepLinkHandoff } from '../../electron/main/deep-link'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The browser specs' Sandbox: big enough for paging customers (seq 23, 123, 137, 223), small enough to start at once. */
export const harnessSandboxCustomers = 250

export interface HarnessOptions {
  port?: number
  /** Kept after close(); without it the harness makes a temporary one and removes it on close(). */
  dataDir?: string
  vault?: Vault
  rendererDir?: string
  sandbox?: CoreOptions['sandbox']
  retry?: CoreOptions['retry']
}

export interface Harness {
  url: string
  core: Core
  dataDir: string
  /**
   * Hands an `embedded-console://` link to the page the way main does (the same hand-off code: parsed, then a
   * `deepLink` or `deepLinkRefused` event), as if the OS had opened it.
   */
  openDeepLink(url: string): void
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'self' http://127.0.0.1:*; base-uri 'none'; form-action 'none'"

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const rendererDir = path.resolve(opts.rendererDir ?? path.join(repoRoot, 'out/renderer'))
  const ownsDataDir = opts.dataDir === undefined
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'ec-harness-')))
  const clients = new Set<http.ServerResponse>()
  const events: EventSink = {
    emit(event, payload) {
      const line = `data: ${JSON.stringify({ event, payload })}\n\n`
      for (const c of clients) c.write(line)
    },
  }

  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const core = await createCore({
    dataDir,
    appVersion: 'harness',
    transport: 'harness',
    vault: opts.vault ?? createMemoryVault(),
    events,
    openExternal: async (url) => log.info(`[harness] would open ${url} in the system browser`),
    // An explicit size, so the browser specs keep their small, fast Sandbox whatever EC_SANDBOX_* the shell has.
    sandbox: {
      generateKey: sharedSandboxKey,
      ...opts.sandbox,
      customers: opts.sandbox?.customers ?? harnessSandboxCustomers,
      vendorOrigins: opts.sandbox?.vendorOrigins ?? [origin, 'https://console.embedded.local'],
    },
    retry: opts.retry,
  })

  // The widget host pages: one loopback origin per attempt, registered with the in-process sandbox.
  core.widget.setHost(createHarnessWidgetHost({ consoleOrigin: origin, registerOrigin: (o) => core.sandbox()?.addVendorOrigin(o) }))

  server.on('request', (req, res) => {
    void handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(e instanceof Error ? e.message : 'error')
    })
  })

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin)
    // A loopback server still refuses other sites' pages (DNS rebinding, CSRF from a browser tab).
    if (req.headers.origin && req.headers.origin !== origin) {
      res.writeHead(403).end('Forbidden origin')
      return
    }
    if (url.pathname === '/rpc' && req.method === 'GET') {
      const list = Object.entries(operations).map(([name, def]) => ({ name, summary: def.summary }))
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ operations: list }))
      return
    }
    if (url.pathname.startsWith('/rpc/') && req.method === 'POST') {
      const channel = decodeURIComponent(url.pathname.slice(5))
      // The largest request is flows:importStart: a package of up to 20 MB as base64 (about 27 MB) in JSON.
      const body = await readBody(req, 28 * 1024 * 1024)
      let payload: unknown
      try {
        payload = body.length ? JSON.parse(body) : undefined
      } catch {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: false, error: { code: 'validation', message: 'Body is not JSON' } }))
        return
      }
      const controller = new AbortController()
      req.on('close', () => {
        if (!res.writableEnded) controller.abort()
      })
      const result = await dispatch(core.handlers, channel, payload === null ? undefined : payload, { signal: controller.signal }, () =>
        log.knownSecrets(),
      )
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result))
      return
    }
    if (url.pathname === '/events' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
      res.write(': connected\n\n')
      clients.add(res)
      req.on('close', () => {
        clients.delete(res)
        // The page's event stream ends when it reloads or closes; like main does for the app window, the attempts
        // it had open are closed (audit line, host server stopped) instead of outliving it.
        if (clients.size === 0) void core.widget.closeAll('the console page reloaded or closed')
      })
      return
    }
    if (url.pathname === '/__harness.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(`window.__EC_HARNESS__ = { rpcBase: '' };`)
      return
    }
    if (req.method !== 'GET') {
      res.writeHead(405).end()
      return
    }
    await serveStatic(url.pathname, res)
  }

  async function serveStatic(pathname: string, res: http.ServerResponse): Promise<void> {
    let rel: string
    try {
      rel = decodeURIComponent(pathname)
    } catch {
      res.writeHead(400).end()
      return
    }
    if (rel === '/' || rel === '') rel = '/index.html'
    const file = path.resolve(rendererDir, '.' + rel)
    if (!file.startsWith(rendererDir + path.sep) || rel.includes('\0')) {
      res.writeHead(403).end('Forbidden')
      return
    }
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      res.writeHead(404).end('Not found')
      return
    }
    const ext = path.extname(file)
    if (ext === '.html') {
      // The harness's only difference from the app: a flag that makes the renderer use HTTP instead of IPC.
      body = Buffer.from(body.toString('utf8').replace('<head>', '<head><script src="/__harness.js"></script>'))
    }
    res.writeHead(200, {
      'content-type': MIME[ext] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
    })
    res.end(body)
  }

  const deepLinks = createDeepLinkHandoff({
    deliver: (link) => events.emit('deepLink', link),
    refuse: (refusal) => events.emit('deepLinkRefused', refusal),
    log,
  })
  deepLinks.ready()

  return {
    url: origin,
    core,
    dataDir,
    openDeepLink: (link) => deepLinks.receive(link),
    async close() {
      for (const c of clients) c.end()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await core.dispose()
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true })
    },
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(new Error('Request body too large'))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
