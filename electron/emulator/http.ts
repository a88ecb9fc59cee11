/**
 * The emulator's tiny HTTP layer: a request value, a response value, an error that carries its HTTP answer, and
 * a path router. Plain node:http underneath; no framework, because the emulator needs exact control over status,
 * headers and body bytes (fault injection corrupts and dribbles them).
 */
import type { IncomingMessage } from 'node:http'
import type { z } from 'zod'

export interface ApiRequest {
  method: string
  url: URL
  /** Path segments, percent-decoded, e.g. ['api', 'managed_users', 'EAM10:XV303']. */
  segments: string[]
  params: Record<string, string>
  query: URLSearchParams
  headers: IncomingMessage['headers']
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown
  /** The body's bytes, for routes registered with `rawBodyLimit` (RLCM imports take a raw zip, §5.2). */
  raw?: Buffer
}

export interface ApiResponse {
  status: number
  body: unknown
  headers?: Record<string, string>
}

/** Thrown by handlers to answer with a specific status and body. */
export class HttpError extends Error {
  readonly status: number
  readonly body: Record<string, unknown>
  readonly headers: Record<string, string>
  constructor(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`)
    this.status = status
    this.body = body
    this.headers = headers
  }
}

// §6.1 bodies.
export const notFound = (): HttpError => new HttpError(404, { message: 'Not found' })
export const badRequest = (message = 'Bad request'): HttpError => new HttpError(400, { message })
export const unauthorized = (): HttpError => new HttpError(401, { message: 'Unauthorized' })

export function validationFailed(errors: Record<string, string[]>): HttpError {
  return new HttpError(400, { message: 'Validation failed', errors })
}

/** zod issues → the §6.1 `errors` map (`{ field: [messages] }`). */
export function zodToErrors(err: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const issue of err.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : 'base'
    ;(out[key] ??= []).push(issue.message)
  }
  return out
}

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {})
  if (!r.success) throw validationFailed(zodToErrors(r.error))
  return r.data
}

export const ok = (body: unknown, status = 200): ApiResponse => ({ status, body })

export type Handler = (req: ApiRequest) => ApiResponse | Promise<ApiResponse>

export interface Route<F extends string> {
  method: string
  pattern: string[]
  family: F
  handler: Handler
  /** Set: the body is handed over as bytes (up to this many), not parsed as JSON. */
  rawBodyLimit?: number
}

export class Router<F extends string> {
  private readonly routes: Route<F>[] = []

  add(method: string, path: string, family: F, handler: Handler, opts: { rawBodyLimit?: number } = {}): this {
    this.routes.push({ method, pattern: path.split('/').filter(Boolean), family, handler, ...opts })
    return this
  }

  /** Finds the route for a method and decoded segments; `methodMismatch` tells 404 from 405 apart. */
  match(method: string, segments: string[]): { route: Route<F>; params: Record<string, string> } | { methodMismatch: boolean } {
    let methodMismatch = false
    for (const route of this.routes) {
      const params = matchPattern(route.pattern, segments)
      if (!params) continue
      if (route.method === method) return { route, params }
      methodMismatch = true
    }
    return { methodMismatch }
  }
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] ?? ''
    const s = segments[i] ?? ''
    if (p.startsWith(':')) params[p.slice(1)] = s
    else if (p !== s) return null
  }
  return params
}

/** Splits a raw path into decoded segments; a bad escape makes the path unroutable (404) rather than a crash. */
export function decodeSegments(pathname: string): string[] | null {
  try {
    return pathname
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s))
  } catch {
    return null
  }
}

export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return (await readRawBody(req, limit)).toString('utf8')
}

export async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > limit) throw new HttpError(413, { message: 'Request body too large' })
    chunks.push(buf)
  }
  return Buffer.concat(chunks)
}

// ---------- query helpers ----------

export function queryInt(q: URLSearchParams, name: string, def: number, min: number, max?: number): number {
  const raw = q.get(name)
  if (raw === null || raw === '') return def
  if (!/^-?\d+$/.test(raw)) throw validationFailed({ [name]: ['must be an integer'] })
  const n = Number(raw)
  if (n < min) throw validationFailed({ [name]: [`must be greater than or equal to ${min}`] })
  // Maxima are clamped, not refused: Workato caps per_page silently (reference §6.3, inferred).
  return max !== undefined ? Math.min(n, max) : n
}

export function queryBool(q: URLSearchParams, name: string): boolean | undefined {
  const raw = q.get(name)
  if (raw === null || raw === '') return undefined
  if (raw === 'true' || raw === '1') return true
  if (raw === 'false' || raw === '0') return false
  throw validationFailed({ [name]: ['must be true or false'] })
}

export function paginate<T>(items: T[], page: number, perPage: number): T[] {
  return items.slice((page - 1) * perPage, page * perPage)
}
