/**
 * Connection Widget endpoints (reference §7.3, §8): the token-gated widget page, the per-page session calls the
 * page makes afterwards (connect, disconnect, status), and the emulator OAuth consent popup.
 * A widget session is created only after the token verified; its random id is the capability for later calls,
 * because the token itself is single-use (§7.2 jti).
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { WidgetRejectionReason } from '../../../shared/domain/widget'
import { HttpError, readBody } from '../http'
import { checkCredentials, findProvider, type Provider } from '../providers'
import type { ConnectionRecord } from '../records'
import type { EmulatorState, WidgetSession } from '../state'
import { newNonce, sendHtml, sendJson } from './html'
import { connectionPage, consentPage, disallowedUserAgentPage, errorPage, messagePage, renderCard, statusOf } from './pages'
import { verifyWidgetToken } from './token'

export interface WidgetDeps {
  state: EmulatorState
  baseUrl: () => string
}

const sessionTtlMs = 60 * 60_000

const statusForReason = (r: WidgetRejectionReason): number =>
  r === 'customer_not_found' || r === 'connection_not_found'
    ? 404
    : r === 'origin_not_allowed' || r === 'connection_not_in_customer'
      ? 403
      : r === 'http_request_invalid' || r === 'path_invalid'
        ? 400
        : 401

/**
 * §7.4 `http_request_invalid`: a direct link must be a normal request for an HTML page, not an XHR. A browser
 * marks a script's request `Sec-Fetch-Dest: empty` (a page or iframe load says `document` or `iframe`), jQuery-style
 * XHRs add `X-Requested-With`, and a client that asks only for JSON is not after a page either. A request without
 * these headers (curl; Node's fetch, which sends no `Sec-Fetch-Dest`) is taken as a page load.
 */
export function isScriptedRequest(headers: IncomingMessage['headers']): boolean {
  const h = (name: string) => String(headers[name] ?? '').toLowerCase()
  if (h('x-requested-with') === 'xmlhttprequest') return true
  if (h('sec-fetch-dest') === 'empty') return true
  const accept = h('accept')
  return accept !== '' && !accept.includes('text/html') && !accept.includes('*/*')
}

function snapshot(c: ConnectionRecord): string {
  return `${c.authorization_status ?? 'none'}|${c.authorized_at ?? ''}|${c.authorization_error ?? ''}`
}

/** §8.3 connectionStatusChange payload. */
function statusEvent(c: ConnectionRecord, error?: string): { id: number; provider: string; connected: boolean; error?: string } {
  const connected = statusOf(c) === 'connected'
  return error ? { id: c.id, provider: c.provider, connected, error } : { id: c.id, provider: c.provider, connected }
}

export function createWidgetHandler(deps: WidgetDeps): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const { state } = deps

  function liveSession(sid: string): { session: WidgetSession; conn: ConnectionRecord; provider: Provider } {
    const session = state.widgetSessions.get(sid)
    const gone = new HttpError(404, { message: 'This widget session has expired or does not exist. Reload the widget with a freshly signed token.' })
    if (!session || session.expiresAt < Date.now()) {
      state.widgetSessions.delete(sid)
      throw gone
    }
    const customer = state.getCustomer(session.customerId)
    const conn = customer ? state.workspace(customer).connections.get(session.connectionId) : undefined
    const provider = conn ? findProvider(conn.provider) : undefined
    if (!conn || !provider) throw new HttpError(404, { message: 'This connection no longer exists.' })
    return { session, conn, provider }
  }

  /** Session calls must come from the emulator's own pages: same Origin, JSON bodies. */
  async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
    const origin = req.headers.origin
    if (origin !== undefined && (!URL.canParse(origin) || new URL(origin).host !== req.headers.host))
      throw new HttpError(403, { message: 'Cross-origin call refused' })
    if (!String(req.headers['content-type'] ?? '').includes('application/json')) throw new HttpError(415, { message: 'Send JSON' })
    const raw = await readBody(req, 64_000)
    try {
      const v: unknown = raw ? JSON.parse(raw) : {}
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>
    } catch {
      // fall through
    }
    throw new HttpError(400, { message: 'Body must be a JSON object' })
  }

  function cardResponse(conn: ConnectionRecord, provider: Provider, flash: { kind: 'error' | 'ok'; text: string } | null, error?: string) {
    return {
      html: renderCard(conn, provider, flash),
      snapshot: snapshot(conn),
      event: statusEvent(conn, error),
      connected: statusOf(conn) === 'connected',
    }
  }

  /** A refusal decided before the token is read (so its jti stays unused): an error page that posts nothing. */
  function refuse(res: ServerResponse, reason: WidgetRejectionReason): void {
    const nonce = newNonce()
    sendHtml(res, statusForReason(reason), errorPage(nonce, reason, null), nonce, null, { 'X-Workato-Embedding-Error': reason })
  }

  async function widgetPage(req: IncomingMessage, res: ServerResponse, url: URL, connectionIdRaw: string): Promise<void> {
    if (isScriptedRequest(req.headers)) return refuse(res, 'http_request_invalid')
    // §7.4 `path_invalid`: the connection id is the only variable part of the widget path (§7.3).
    if (!/^\d+$/.test(connectionIdRaw)) return refuse(res, 'path_invalid')
    // §7.3 names workato_dl_token; the reference preface says accept workato_session_token as an alias.
    const token = url.searchParams.get('workato_dl_token') ?? url.searchParams.get('workato_session_token')
    const check = await verifyWidgetToken(state, token, connectionIdRaw)
    const nonce = newNonce()
    if (!check.ok) {
      // The reason also goes in a header so logs and tools can see it without parsing HTML.
      sendHtml(res, statusForReason(check.reason), errorPage(nonce, check.reason, check.targetOrigin), nonce, null, {
        'X-Workato-Embedding-Error': check.reason,
      })
      return
    }
    const provider = findProvider(check.connection.provider)
    if (!provider) throw new HttpError(500, { message: `Unknown provider ${check.connection.provider}` })
    const now = Date.now()
    for (const [id, s] of state.widgetSessions) if (s.expiresAt < now) state.widgetSessions.delete(id)
    const sid = randomBytes(18).toString('base64url')
    const oauthState = randomBytes(12).toString('base64url')
    state.widgetSessions.set(sid, {
      id: sid,
      customerId: check.customer.id,
      connectionId: check.connection.id,
      origin: check.origin,
      oauthState,
      expiresAt: now + sessionTtlMs,
    })
    // Relative URLs: the page works whichever loopback host name it was loaded through.
    const html = connectionPage(nonce, check.connection, provider, {
      mode: 'connection',
      targetOrigin: check.origin,
      api: `/direct_link/embedded/sessions/${sid}`,
      oauthUrl:
        provider.kind === 'oauth'
          ? `/oauth/authorize?session=${encodeURIComponent(sid)}&state=${encodeURIComponent(oauthState)}&provider=${provider.key}`
          : null,
      connection: { id: check.connection.id, provider: provider.key },
      snapshot: snapshot(check.connection),
    })
    // §5.4: a customer's frame_ancestors restrict who may frame the widget (CSP). Without it the page renders
    // anywhere; §8.4: an unlisted embedding page still sees the widget but receives no messages.
    const extra = (check.customer.frame_ancestors ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    sendHtml(res, 200, html, nonce, extra.length ? [check.origin, ...extra] : null)
  }

  async function sessionCall(req: IncomingMessage, res: ServerResponse, sid: string, action: string): Promise<void> {
    const method = req.method ?? 'GET'
    const { session, conn, provider } = liveSession(sid)
    if (action === 'status' && method === 'GET') {
      sendJson(res, 200, cardResponse(conn, provider, null))
      return
    }
    if (method !== 'POST') throw new HttpError(405, { message: 'Method not allowed' })
    const body = await readJson(req)
    if (action === 'connect') {
      if (provider.kind !== 'api_key') throw new HttpError(400, { message: `${provider.title} connects through its sign-in window, not a form.` })
      const input = body.input && typeof body.input === 'object' && !Array.isArray(body.input) ? (body.input as Record<string, unknown>) : {}
      const problem = checkCredentials(provider, input)
      if (problem) {
        state.setConnected(conn, false, problem)
        sendJson(res, 200, cardResponse(conn, provider, { kind: 'error', text: problem }, problem))
        return
      }
      conn.input = { ...input }
      state.setConnected(conn, true)
      sendJson(res, 200, cardResponse(conn, provider, { kind: 'ok', text: `Connected to ${provider.title}.` }))
      return
    }
    if (action === 'disconnect') {
      const customer = state.getCustomer(session.customerId)
      const running = customer ? state.runningRecipesUsing(state.workspace(customer), conn.id) : []
      if (running.length) {
        const names = running.map((r) => `"${r.name}"`).join(', ')
        sendJson(res, 409, {
          ...cardResponse(conn, provider, null),
          note: `Stop the running recipes that use this connection first: ${names}.`,
          noteBad: true,
          event: undefined,
        })
        return
      }
      state.setConnected(conn, false)
      sendJson(res, 200, cardResponse(conn, provider, null))
      return
    }
    throw new HttpError(404, { message: 'Not found' })
  }

  async function oauthAuthorize(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const nonce = newNonce()
    const sid = url.searchParams.get('session') ?? ''
    let live: ReturnType<typeof liveSession>
    try {
      live = liveSession(sid)
    } catch {
      sendHtml(res, 400, messagePage(nonce, 'Sign-in link expired', 'Close this window and press Connect again in the widget.'), nonce, ["'none'"])
      return
    }
    const { session, conn, provider } = live
    if (url.searchParams.get('state') !== session.oauthState || provider.kind !== 'oauth') {
      sendHtml(res, 400, messagePage(nonce, 'Invalid sign-in request', 'The request does not match the widget that opened it.'), nonce, ["'none'"])
      return
    }
    // Google refuses embedded browsers on its sign-in page (architecture, "The live widget" point 6).
    if (provider.refusesEmbeddedBrowser && /Electron/i.test(String(req.headers['user-agent'] ?? ''))) {
      sendHtml(res, 403, disallowedUserAgentPage(nonce, provider), nonce, ["'none'"])
      return
    }
    sendHtml(res, 200, consentPage(nonce, provider, conn, sid, session.oauthState), nonce, ["'none'"])
  }

  async function oauthDecision(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req)
    const { session, conn, provider } = liveSession(String(body.session ?? ''))
    if (body.state !== session.oauthState)
      throw new HttpError(400, { message: 'State mismatch: the sign-in request was not started by this widget.' })
    if (body.decision === 'approve') {
      state.setConnected(conn, true)
      sendJson(res, 200, { connected: true, message: `Access approved. ${provider.title} is connected; you can close this window.` })
    } else {
      const error = `access_denied: You denied Workato access to ${provider.title}.`
      state.setConnected(conn, false, error)
      sendJson(res, 200, { connected: false, message: 'Access denied. The connection was not authorized.' })
    }
  }

  return async (req, res, url) => {
    const parts = url.pathname.split('/').filter(Boolean)
    const method = req.method ?? 'GET'
    try {
      // §7.3 widget URL; the singular `connection` form is the Oct 2019 original.
      if (
        method === 'GET' &&
        parts.length === 4 &&
        parts[0] === 'direct_link' &&
        parts[1] === 'embedded' &&
        (parts[2] === 'connections' || parts[2] === 'connection')
      ) {
        await widgetPage(req, res, url, decodeURIComponent(parts[3] ?? ''))
        return
      }
      // Any other direct-link path is not one Workato serves (§7.3, §7.4 `path_invalid`).
      if (method === 'GET' && parts[0] === 'direct_link' && parts[1] === 'embedded' && parts[2] !== 'sessions') {
        refuse(res, 'path_invalid')
        return
      }
      if (parts.length === 5 && parts[0] === 'direct_link' && parts[1] === 'embedded' && parts[2] === 'sessions') {
        await sessionCall(req, res, parts[3] ?? '', parts[4] ?? '')
        return
      }
      if (method === 'GET' && url.pathname === '/oauth/authorize') return await oauthAuthorize(req, res, url)
      if (method === 'POST' && url.pathname === '/oauth/decision') return await oauthDecision(req, res)
      if (method === 'GET' && url.pathname === '/') {
        sendJson(res, 200, { name: 'Workato Embedded sandbox', api: `${deps.baseUrl()}/api`, vendor_id: state.vendorId })
        return
      }
      sendJson(res, 404, { message: 'Not found' })
    } catch (e) {
      if (e instanceof HttpError) sendJson(res, e.status, e.body)
      else throw e
    }
  }
}
