/**
 * The HTTP server: `/api/**` goes to the API pipeline, `/__emulator/**` to the scenario switches, `/direct_link/**`
 * and `/oauth/**` to the widget pages.
 * Listens on 127.0.0.1 only; the emulator is never reachable from the network.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

export type SubHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>

/** One line per request for the standalone console. Path only: query strings can carry widget tokens. */
export interface RequestLogEntry {
  method: string
  path: string
  status: number
  ms: number
  /** Widget token refusal reason, when there was one. */
  reason?: string
}

export function createEmulatorServer(api: SubHandler, widget: SubHandler, onRequest?: (e: RequestLogEntry) => void, control?: SubHandler): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (onRequest) {
      const t0 = performance.now()
      res.on('finish', () => {
        const reason = res.getHeader('x-workato-embedding-error')
        onRequest({
          method: req.method ?? 'GET',
          path: url.pathname,
          status: res.statusCode,
          ms: performance.now() - t0,
          ...(typeof reason === 'string' ? { reason } : {}),
        })
      })
    }
    // `/__emulator/` is the test-only control namespace (scenario switches and the truth, scenarios.ts).
    const target =
      url.pathname === '/api' || url.pathname.startsWith('/api/') ? api : control && url.pathname.startsWith('/__emulator/') ? control : widget
    target(req, res, url).catch((e: unknown) => {
      console.error('[emulator] unhandled', e)
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ message: 'Server error' }))
    })
  })
}

export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      const addr = server.address()
      if (addr && typeof addr === 'object') resolve(addr.port)
      else reject(new Error('Emulator server has no address'))
    })
  })
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()))
    server.closeAllConnections()
  })
}
