/**
 * Widget attempts through the real core and the real in-process sandbox over HTTP: the minted token opens the
 * widget (RS256, sub, origin claim all accepted by the sandbox's verifier), it is single use (jti), the API
 * confirms the connection only after it is authorised, and the audit log records the attempt without the token.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../electron/core/create-core'
import type { WidgetHostAdapter } from '../../../electron/core/widget'
import { createMemoryVault } from '../../support/memory-vault'
import { sharedSandboxKey } from '../../support/sandbox-key'

const HOST_ORIGIN = 'https://console.embedded.local'
let core: Core
let dataDir: string
let pages: Map<string, string>
const ctx = () => ({ signal: new AbortController().signal })

function capturingHost(): WidgetHostAdapter {
  return {
    embed: 'webview',
    preloadPath: '/preload/widget.cjs',
    prepare: async ({ attemptId }) => ({ hostUrl: `${HOST_ORIGIN}/__embedded_console/widget-host?attempt=${attemptId}`, hostOrigin: HOST_ORIGIN }),
    publish: async ({ hostUrl, html }) => void pages.set(hostUrl, html),
    release: async () => {},
  }
}

/** The iframe src the host page would load (HTML-unescaped). */
function iframeSrc(html: string): string {
  const m = /id="workato-widget"[^>]*src="([^"]+)"/.exec(html)
  if (!m?.[1]) throw new Error('no widget iframe in the host page')
  return m[1].replace(/&#38;/g, '&')
}

beforeEach(async () => {
  pages = new Map()
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-int-widget-'))
  core = await createCore({
    dataDir,
    appVersion: 'test',
    transport: 'harness',
    vault: createMemoryVault(),
    events: { emit: () => {} },
    openExternal: async () => {},
    sandbox: { customers: 20, seed: 7, generateKey: sharedSandboxKey },
  })
  core.widget.setHost(capturingHost())
})
afterEach(async () => {
  await core.dispose()
  await rm(dataDir, { recursive: true, force: true })
})

function apiKeyConnection(): { customerId: number; connectionId: number } {
  const sb = core.sandbox()
  if (!sb) throw new Error('sandbox not started')
  for (const c of sb.state.listCustomers()) {
    for (const conn of sb.state.workspace(c).connections.values()) {
      if (['zendesk', 'jira', 'netsuite'].includes(conn.provider) && conn.authorization_status !== 'success')
        return { customerId: c.id, connectionId: conn.id }
    }
  }
  throw new Error('no API-key connection')
}

describe('widget attempts against the sandbox', () => {
  it('mints a token the sandbox accepts once, for the host origin', async () => {
    const t = apiKeyConnection()
    const a = await core.handlers['widget:open']({ profileId: 'sandbox', ...t }, ctx())
    const html = pages.get(a.hostUrl) ?? ''
    const src = iframeSrc(html)
    expect(src.startsWith(`${a.appOrigin}/direct_link/embedded/connections/${t.connectionId}?workato_dl_token=`)).toBe(true)
    const first = await fetch(src)
    const body = await first.text()
    expect(first.status).toBe(200)
    expect(body).toContain(`"targetOrigin":"${HOST_ORIGIN}"`)
    // Single use: the same URL again is refused as a replay.
    const again = await fetch(src)
    expect(again.status).toBe(401)
    expect(await again.text()).toContain('jti_reused')
  })

  it('says connected only once the API does, and audits the attempt without the token', async () => {
    const t = apiKeyConnection()
    const a = await core.handlers['widget:open']({ profileId: 'sandbox', ...t }, ctx())
    expect((await core.handlers['widget:check']({ attemptId: a.attemptId }, ctx())).connected).toBe(false)
    const sb = core.sandbox()
    const customer = sb?.state.getCustomer(t.customerId)
    const conn = customer ? sb?.state.workspace(customer).connections.get(t.connectionId) : undefined
    if (!sb || !conn) throw new Error('connection missing')
    sb.state.setConnected(conn, true)
    const check = await core.handlers['widget:check']({ attemptId: a.attemptId }, ctx())
    expect(check).toMatchObject({ connected: true, status: 'success' })
    const closed = await core.handlers['widget:close']({ attemptId: a.attemptId }, ctx())
    expect(closed.outcome).toBe('connected')
    expect(core.widgetGrant(a.partition)).toBeUndefined()
    const token = iframeSrc(pages.get(a.hostUrl) ?? '').split('workato_dl_token=')[1] ?? ''
    const info = await core.handlers['app:info'](undefined, ctx())
    // The one chained trail also holds staff actions; this test is about the attempt's two lines.
    const audit = await readFile(path.join(info.dataDir, 'audit', 'audit.jsonl'), 'utf8')
    expect(
      audit
        .trim()
        .split('\n')
        .filter((l) => l.includes('"action":"widget.')),
    ).toHaveLength(2)
    expect(audit).toContain(`"connectionId":${t.connectionId}`)
    expect(token.length).toBeGreaterThan(100)
    expect(audit).not.toContain(token)
  })

  it("editing the Sandbox profile's origin URLs takes effect in the running sandbox at once", async () => {
    // As the app does: the host page is served at the profile's first origin URL.
    core.widget.setHost({
      ...capturingHost(),
      prepare: async ({ attemptId, originUrl }) => ({
        hostUrl: `${originUrl}/__embedded_console/widget-host?attempt=${attemptId}`,
        hostOrigin: new URL(originUrl).origin,
      }),
    })
    const t = apiKeyConnection()
    const sb = core.sandbox()
    const customer = sb?.state.getCustomer(t.customerId)
    if (!sb || !customer) throw new Error('sandbox not started')
    customer.origin_url = null // only the account-level origins (§5.4) decide
    const NEW = 'https://support.acme.example'
    await core.handlers['profiles:update']({ profileId: 'sandbox', patch: { originUrls: [NEW] } }, ctx())
    const a = await core.handlers['widget:open']({ profileId: 'sandbox', ...t }, ctx())
    expect(a.hostOrigin).toBe(NEW)
    const page = await fetch(iframeSrc(pages.get(a.hostUrl) ?? ''))
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(`"targetOrigin":"${NEW}"`)
    await core.handlers['widget:close']({ attemptId: a.attemptId }, ctx())
    // The origin it replaced is withdrawn from the account's list.
    expect(sb.state.vendorOrigins).toContain(NEW)
    expect(sb.state.vendorOrigins).not.toContain(HOST_ORIGIN)
  })
})
