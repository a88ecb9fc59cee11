/** Shared setup for the sandbox integration tests: a real sandbox on port 0, a fetch helper, RSA keys and tokens. */
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { request } from 'node:http'
import { SignJWT, importPKCS8, type JWTPayload } from 'jose'
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../../electron/emulator/index'

/**
 * Response bodies are asserted field by field with toMatchObject/toEqual, which is the point of these tests;
 * typing them as `any` keeps the assertions readable.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any

export interface Api {
  (
    path: string,
    init?: { method?: string; body?: unknown; token?: string | null; rawBody?: string },
  ): Promise<{ status: number; body: Body; headers: Headers }>
}

export async function sandbox(opts: EmulatorOptions = {}): Promise<{ h: EmulatorHandle; api: Api }> {
  const h = await startEmulator({ customers: 30, rateLimits: 'off', ...opts })
  const api: Api = async (path, init = {}) => {
    const headers: Record<string, string> = {}
    const token = init.token === undefined ? h.token : init.token
    if (token !== null) headers.Authorization = `Bearer ${token}`
    let body: string | undefined
    if (init.rawBody !== undefined) body = init.rawBody
    else if (init.body !== undefined) body = JSON.stringify(init.body)
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const method = init.method ?? 'GET'
    // fetch refuses GET bodies; §3.2's older docs send list filters that way, so use node:http for those.
    const { status, text, resHeaders } =
      method === 'GET' && body !== undefined
        ? await rawRequest(h.baseUrl + path, method, headers, body)
        : await fetch(h.baseUrl + path, { method, headers, body }).then(async (r) => ({
            status: r.status,
            text: await r.text(),
            resHeaders: r.headers,
          }))
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // keep text
    }
    return { status, body: parsed, headers: resHeaders }
  }
  return { h, api }
}

function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string; resHeaders: Headers }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const h = new Headers()
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v)
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), resHeaders: h })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

export function rsaKeys(bits = 2048): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
  return { publicPem: publicKey, privatePem: privateKey }
}

/** Signs a widget token; `claims` overrides or removes (undefined) the defaults. */
export async function signToken(privatePem: string, claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const alg = typeof header.alg === 'string' ? header.alg : 'RS256'
  const key = await importPKCS8(privatePem, alg)
  const payload: JWTPayload = { jti: randomUUID(), iat: Math.floor(Date.now() / 1000), ...claims }
  for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k]
  return new SignJWT(payload).setProtectedHeader({ typ: 'JWT', ...header, alg }).sign(key)
}

const b64url = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url')

/** An unsigned `alg: none` token, built by hand since jose refuses to make one. */
export function noneToken(claims: Record<string, unknown>): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`
}

export function hs256Token(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims as JWTPayload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'))
}

/** The JSON config block the widget page hands its script. */
export function pageConfig(html: string): Record<string, unknown> {
  const m = /<script type="application\/json" id="wk-config">([\s\S]*?)<\/script>/.exec(html)
  if (!m || m[1] === undefined) throw new Error('no wk-config in page')
  return JSON.parse(m[1]) as Record<string, unknown>
}
