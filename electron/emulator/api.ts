/**
 * The `/api` pipeline: faults (latency) → Bearer auth → route → rate limit (one counter per family for the whole
 * account, §6.2) → injected 500/429 → handler → response writer (which may dribble or corrupt the body).
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isAuthorized } from './auth'
import type { FaultInjector, FaultPlan } from './faults'
import { HttpError, Router, decodeSegments, readBody, readRawBody, type ApiResponse } from './http'
import type { RateFamily, QuotaEnforcer } from './rate-limit'
import { accountRoutes } from './routes/account'
import { connectionRoutes } from './routes/connections'
import { customerRoutes } from './routes/customers'
import { folderRoutes } from './routes/folders'
import { jobRoutes } from './routes/jobs'
import { memberRoutes } from './routes/members'
import { recipeRoutes } from './routes/recipes'
import { recipeConnectRoutes } from './routes/recipe-connect'
import { rlcmRoutes } from './routes/rlcm'
import type { EmulatorState } from './state'

export interface ApiDeps {
  state: EmulatorState
  token: () => string
  limiter: QuotaEnforcer
  faults: FaultInjector
}

export function buildRouter(state: EmulatorState): Router<RateFamily> {
  const router = new Router<RateFamily>()
  const ctx = { state }
  customerRoutes(router, ctx)
  connectionRoutes(router, ctx)
  recipeRoutes(router, ctx)
  jobRoutes(router, ctx)
  folderRoutes(router, ctx)
  accountRoutes(router, ctx)
  rlcmRoutes(router, ctx)
  recipeConnectRoutes(router, ctx)
  memberRoutes(router, ctx)
  return router
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export function createApiHandler(deps: ApiDeps): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const router = buildRouter(deps.state)
  return async (req, res, url) => {
    const method = (req.method ?? 'GET').toUpperCase()
    const plan = deps.faults.plan(method)
    if (plan.delayMs > 0) await sleep(plan.delayMs)
    let response: ApiResponse
    try {
      response = await dispatch(req, url, plan)
    } catch (e) {
      if (e instanceof HttpError) response = { status: e.status, body: e.body, headers: e.headers }
      else if (req.destroyed || res.destroyed || (e as { code?: unknown } | null)?.code === 'ECONNRESET') {
        // The client went away mid-request (a cancelled refresh, a timeout): nobody to answer, nothing wrong here.
        return
      } else {
        // A bug in the emulator answers like Workato's 500 (§6.1) rather than crashing the server.
        console.error('[emulator] handler error', e)
        response = { status: 500, body: { message: 'Server error', id: 'emulator-internal' } }
      }
    }
    if (response.status >= 400) response = withCorrelationId(response)
    if (plan.cutAfterWrite && method !== 'GET' && response.status < 300) {
      // The write happened; the answer never arrives (a proxy or network cut after Workato acted).
      res.socket?.destroy()
      return
    }
    await writeJson(res, response, plan)
  }

  async function dispatch(req: IncomingMessage, url: URL, plan: FaultPlan): Promise<ApiResponse> {
    if (!isAuthorized(req.headers, deps.token())) throw new HttpError(401, { message: 'Unauthorized' })
    const segments = decodeSegments(url.pathname)
    const method = (req.method ?? 'GET').toUpperCase()
    if (!segments) throw new HttpError(404, { message: 'Not found' })
    const found = router.match(method, segments)
    if (!('route' in found)) {
      if (found.methodMismatch) throw new HttpError(405, { message: 'Method not allowed' })
      throw new HttpError(404, { message: 'Not found' })
    }
    const decision = deps.limiter.hit(found.route.family)
    if (!decision.allowed) {
      throw new HttpError(
        429,
        {
          message: `Rate limit exceeded: ${decision.limit} requests per ${Math.round(decision.windowMs / 1000)} s for this endpoint family. Retry after ${decision.retryAfterSeconds} s.`,
        },
        { 'Retry-After': String(decision.retryAfterSeconds) },
      )
    }
    if (plan.kind === 'error') throw new HttpError(500, { message: 'Server error', id: plan.correlationId })
    if (plan.kind === 'storm') {
      const s = deps.faults.stormRetryAfterSeconds
      throw new HttpError(429, { message: `Rate limit exceeded. Retry after ${s} s.` }, { 'Retry-After': String(s) })
    }
    const request = { method, url, segments, params: found.params, query: url.searchParams, headers: req.headers }
    if (found.route.rawBodyLimit) return found.route.handler({ ...request, body: undefined, raw: await readRawBody(req, found.route.rawBodyLimit) })
    const raw = await readBody(req)
    let body: unknown
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw)
      } catch {
        throw new HttpError(400, { message: 'Bad request', errors: { base: ['Request body is not valid JSON'] } })
      }
    }
    return found.route.handler({ ...request, body })
  }
}

/**
 * Workato's 500 body carries a correlation id (§6.1); the emulator also sends one as a header on every error, so
 * the console's way of finding and showing it is exercised on 4xx answers too. The body's id, when there is one,
 * is the same value.
 */
function withCorrelationId(r: ApiResponse): ApiResponse {
  const body = r.body as { id?: unknown } | null
  const id = body && typeof body === 'object' && typeof body.id === 'string' ? body.id : randomUUID()
  return { ...r, headers: { ...r.headers, 'X-Correlation-Id': id } }
}

async function writeJson(res: ServerResponse, r: ApiResponse, plan: FaultPlan): Promise<void> {
  let text = JSON.stringify(r.body)
  if (plan.malformed && r.status < 300) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)))
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...r.headers }
  if (!plan.slowBody) {
    res.writeHead(r.status, { ...headers, 'Content-Length': String(Buffer.byteLength(text)) })
    res.end(text)
    return
  }
  // Chunked dribble: no Content-Length, small writes with pauses.
  res.writeHead(r.status, headers)
  const buf = Buffer.from(text)
  for (let i = 0; i < buf.length; i += plan.slowBody.chunkBytes) {
    if (res.destroyed) return
    res.write(buf.subarray(i, i + plan.slowBody.chunkBytes))
    await sleep(plan.slowBody.delayMs)
  }
  res.end()
}
