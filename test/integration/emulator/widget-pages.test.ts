/**
 * Reference §8: the widget page after a good token, over real HTTP: API-key form and OAuth button, the calls
 * the page makes (connect, disconnect, status), the consent popup and Google's disallowed_useragent page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionRecord, CustomerRecord, EmulatorHandle } from '../../../electron/emulator/index'
import { pageConfig, rsaKeys, sandbox, signToken } from './helpers'

const vendorOrigin = 'https://vendor.example'
const keys = rsaKeys()
let h: EmulatorHandle

beforeAll(async () => {
  ;({ h } = await sandbox({ customers: 40, vendorOrigins: [vendorOrigin], publicKeyPem: keys.publicPem }))
})
afterAll(() => h.close())

function find(pred: (c: ConnectionRecord) => boolean): { customer: CustomerRecord; conn: ConnectionRecord } {
  for (const customer of h.state.listCustomers()) {
    for (const conn of h.state.workspace(customer).connections.values()) if (pred(conn)) return { customer, conn }
  }
  throw new Error('no matching seeded connection')
}

async function openWidget(customer: CustomerRecord, conn: ConnectionRecord) {
  const token = await signToken(keys.privatePem, { sub: `${h.vendorId}:${customer.id}`, origin: vendorOrigin })
  const res = await fetch(`${h.baseUrl}/direct_link/embedded/connections/${conn.id}?workato_dl_token=${token}`)
  const html = await res.text()
  const config = pageConfig(html) as { targetOrigin: string; api: string; oauthUrl: string | null; snapshot: string }
  // The page uses relative URLs; resolve them against the sandbox like the browser does.
  return { res, html, config: { ...config, api: h.baseUrl + config.api, oauthUrl: config.oauthUrl === null ? null : h.baseUrl + config.oauthUrl } }
}

async function call(api: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(api + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', Origin: h.baseUrl, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('API-key connection (zendesk/jira/netsuite)', () => {
  it('renders a form with the provider fields, name, initials and status pill, under a nonce CSP', async () => {
    const { customer, conn } = find((c) => c.provider === 'zendesk' && c.authorization_status !== 'success')
    const { res, html, config } = await openWidget(customer, conn)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const csp = res.headers.get('content-security-policy') ?? ''
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1]
    expect(nonce).toBeTruthy()
    expect(html).toContain(`<script nonce="${nonce}">`)
    expect(csp).toContain("default-src 'none'")
    expect(html).not.toMatch(/(src|href)="https?:/)
    expect(html).toContain('<form id="wk-form"')
    expect(html).toContain('name="subdomain"')
    expect(html).toContain('name="api_key"')
    expect(html).toContain('>ZD<')
    expect(html).toContain(conn.name.replace(/&/g, '&amp;'))
    expect(html).toMatch(/class="pill pill-(off|bad)"/)
    expect(config.targetOrigin).toBe(vendorOrigin)
    expect(config.oauthUrl).toBeNull()
  })

  it('a "bad" or empty value fails visibly and marks the connection failed; good values connect', async () => {
    const { customer, conn } = find((c) => c.provider === 'jira' && c.authorization_status !== 'success' && !c.runtime)
    const { config } = await openWidget(customer, conn)
    const bad = await call(config.api, '/connect', { input: { host_name: 'acme.atlassian.net', email: 'a@b.example', apitoken: 'bad' } })
    expect(bad.status).toBe(200)
    expect(bad.body.html).toContain('role="alert"')
    expect(bad.body.html).toMatch(/rejected the credentials/)
    expect(bad.body.event).toEqual({ id: conn.id, provider: 'jira', connected: false, error: expect.stringMatching(/401/) })
    expect(conn.authorization_status).toBe('failed')
    const empty = await call(config.api, '/connect', { input: { host_name: '', email: 'a@b.example', apitoken: 'x' } })
    expect(empty.body.event).toMatchObject({ connected: false, error: 'Host name is required' })
    const good = await call(config.api, '/connect', { input: { host_name: 'acme.atlassian.net', email: 'a@b.example', apitoken: 't0k3n' } })
    expect(good.body.event).toEqual({ id: conn.id, provider: 'jira', connected: true })
    expect(good.body.html).toContain('Disconnect')
    expect(conn.authorization_status).toBe('success')
    expect(conn.authorized_at).toEqual(expect.any(String))
    // The API sees the same state.
    const list = await fetch(`${h.baseUrl}/api/managed_users/${customer.id}/connections?provider=jira`, {
      headers: { Authorization: `Bearer ${h.token}` },
    })
    const row = ((await list.json()) as { result: { id: number; authorization_status: string }[] }).result.find((r) => r.id === conn.id)
    expect(row?.authorization_status).toBe('success')
  })

  it('refuses session calls from another origin or without JSON', async () => {
    const { customer, conn } = find((c) => c.provider === 'netsuite')
    const { config } = await openWidget(customer, conn)
    expect((await call(config.api, '/connect', { input: {} }, { Origin: 'https://evil.example' })).status).toBe(403)
    const form = await fetch(config.api + '/connect', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=b',
    })
    expect(form.status).toBe(415)
    expect((await call(`${h.baseUrl}/direct_link/embedded/sessions/nope`, '/status')).status).toBe(404)
  })
})

describe('connected connection', () => {
  it('shows Connected and a Disconnect button; disconnect is refused while running recipes use it', async () => {
    let busy: { customer: CustomerRecord; conn: ConnectionRecord } | undefined
    for (const customer of h.state.listCustomers()) {
      const ws = h.state.workspace(customer)
      const conn = [...ws.connections.values()].find((c) => h.state.runningRecipesUsing(ws, c.id).length > 0)
      if (conn) {
        busy = { customer, conn }
        break
      }
    }
    if (!busy) throw new Error('seed has no busy connection')
    const { html, config } = await openWidget(busy.customer, busy.conn)
    expect(html).toContain('class="pill pill-ok"')
    expect(html).toContain('data-action="disconnect"')
    const refused = await call(config.api, '/disconnect', {})
    expect(refused.status).toBe(409)
    expect(String(refused.body.note)).toMatch(/Stop the running recipes/)
    expect(busy.conn.authorization_status).toBe('success')
    const ws = h.state.workspace(busy.customer)
    for (const r of h.state.runningRecipesUsing(ws, busy.conn.id)) r.running = false
    const done = await call(config.api, '/disconnect', {})
    expect(done.body.event).toEqual({ id: busy.conn.id, provider: busy.conn.provider, connected: false })
    expect(busy.conn.authorization_status).toBeNull()
  })
})

describe('OAuth connection', () => {
  it('renders a Connect button whose popup URL is a sandbox consent page; Approve connects', async () => {
    const { customer, conn } = find((c) => c.provider === 'salesforce' && c.authorization_status !== 'success' && !c.runtime)
    const { html, config } = await openWidget(customer, conn)
    expect(html).toContain('data-action="oauth"')
    expect(html).not.toContain('<form')
    expect(config.oauthUrl).toMatch(new RegExp(`^${h.baseUrl}/oauth/authorize\\?`))
    const consent = await fetch(config.oauthUrl ?? '')
    expect(consent.status).toBe(200)
    const consentHtml = await consent.text()
    expect(consentHtml).toContain('data-decision="approve"')
    expect(consentHtml).toContain('data-decision="deny"')
    const { session, state } = pageConfig(consentHtml) as { session: string; state: string }
    const before = await call(config.api, '/status')
    expect(before.body.snapshot).toBe(config.snapshot)
    const wrongState = await call(h.baseUrl, '/oauth/decision', { session, state: 'forged', decision: 'approve' })
    expect(wrongState.status).toBe(400)
    const approved = await call(h.baseUrl, '/oauth/decision', { session, state, decision: 'approve' })
    expect(approved.body.connected).toBe(true)
    const after = await call(config.api, '/status')
    expect(after.body.snapshot).not.toBe(config.snapshot)
    expect(after.body.event).toEqual({ id: conn.id, provider: 'salesforce', connected: true })
    expect(conn.authorization_status).toBe('success')
  })

  it('Deny marks the connection failed with access_denied', async () => {
    const { customer, conn } = find((c) => c.provider === 'hubspot' && c.authorization_status !== 'success' && !c.runtime)
    const { config } = await openWidget(customer, conn)
    const { session, state } = pageConfig(await (await fetch(config.oauthUrl ?? '')).text()) as { session: string; state: string }
    const denied = await call(h.baseUrl, '/oauth/decision', { session, state, decision: 'deny' })
    expect(denied.body.connected).toBe(false)
    expect(conn.authorization_status).toBe('failed')
    expect(conn.authorization_error).toMatch(/^access_denied/)
  })

  it('Google providers show Error 403: disallowed_useragent to an Electron user agent only', async () => {
    const { customer, conn } = find((c) => c.provider === 'google_sheets')
    const { config } = await openWidget(customer, conn)
    const electronUa =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) EmbeddedConsole/0.1.0 Chrome/140.0 Electron/45.4.1 Safari/537.36'
    const blocked = await fetch(config.oauthUrl ?? '', { headers: { 'User-Agent': electronUa } })
    expect(blocked.status).toBe(403)
    const text = await blocked.text()
    expect(text).toContain('Error 403: disallowed_useragent')
    expect(text).toContain('This browser or app may not be secure')
    const chrome = await fetch(config.oauthUrl ?? '', { headers: { 'User-Agent': 'Mozilla/5.0 Chrome/140.0 Safari/537.36' } })
    expect(chrome.status).toBe(200)
    // Salesforce does not refuse embedded browsers.
    const sf = find((c) => c.provider === 'salesforce')
    const sfPage = await openWidget(sf.customer, sf.conn)
    expect((await fetch(sfPage.config.oauthUrl ?? 'http://127.0.0.1:9/none', { headers: { 'User-Agent': electronUa } })).status).toBe(200)
  })
})
