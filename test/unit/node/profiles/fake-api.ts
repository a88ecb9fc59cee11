/**
 * A tiny stand-in for the two Embedded endpoints the profile part calls, on 127.0.0.1:0. The full sandbox is
 * exercised by the integration tests; here we want to see exactly what was sent.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Seen {
  method: string
  url: string
  authorization: string | undefined
  body: unknown
}

export async function startFakeApi(opts: { token: string; vendorId?: string; status?: () => number | null }) {
  const seen: Seen[] = []
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = ''
      req.on('data', (c: Buffer) => (s += c.toString('utf8')))
      req.on('end', () => resolve(s))
    })
  const server = createServer(async (req, res) => {
    const raw = await readBody(req)
    let body: unknown = null
    try {
      body = raw ? JSON.parse(raw) : null
    } catch {
      body = raw
    }
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body })
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(json))
    }
    const forced = opts.status?.() ?? null
    if (forced) return send(forced, { message: 'Forced' })
    if (req.headers.authorization !== `Bearer ${opts.token}`) return send(401, { message: 'Unauthorized' })
    if (req.method === 'GET' && req.url?.startsWith('/api/managed_users')) return send(200, { result: [{ id: 1, name: 'Acme' }] })
    if (req.method === 'PUT' && req.url === '/api/account/signature_verification_key') {
      const key = (body as { key?: unknown } | null)?.key
      if (typeof key !== 'string' || !key.startsWith('-----BEGIN PUBLIC KEY-----')) return send(400, { message: 'Bad request' })
      return send(200, { vendor_id: opts.vendorId ?? 'we9898zgsgsgw38394', success: true })
    }
    send(404, { message: 'Not found' })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
