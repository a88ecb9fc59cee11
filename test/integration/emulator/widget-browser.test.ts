/**
 * The widget in real Chromium, iframed by a partner page on another origin: what the partner page actually
 * receives (§8.2 JSON strings with wk:true, from the sandbox origin), only when its origin is allowlisted (§8.4),
 * through the API-key form, the OAuth popup and Google's embedded-browser refusal.
 * Skips with a notice when /usr/bin/chromium is not installed.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from '@playwright/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionRecord, CustomerRecord, EmulatorHandle } from '../../../electron/emulator/index'
import { widgetMessageSchema, type WidgetMessage } from '../../../shared/domain/widget'
import { startHostPage } from './host-page'
import { rsaKeys, sandbox, signToken } from './helpers'

const executablePath = '/usr/bin/chromium'
const hasChromium = existsSync(executablePath)
if (!hasChromium) console.warn(`[widget-browser] skipped: ${executablePath} not found`)

const keys = rsaKeys()
/** Generous: the suite runs beside other integration files that also start browsers and servers. */
const slow = { timeout: 10_000, interval: 50 }
let h: EmulatorHandle
let host: Awaited<ReturnType<typeof startHostPage>>
let browser: Browser

beforeAll(async () => {
  if (!hasChromium) return
  ;({ h } = await sandbox({ customers: 40, publicKeyPem: keys.publicPem }))
  host = await startHostPage()
  h.addVendorOrigin(host.origin)
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
})
afterAll(async () => {
  await browser?.close()
  await host?.close()
  await h?.close()
})

function find(pred: (c: ConnectionRecord) => boolean): { customer: CustomerRecord; conn: ConnectionRecord } {
  for (const customer of h.state.listCustomers()) {
    if (customer.origin_url !== null) continue
    for (const conn of h.state.workspace(customer).connections.values()) if (pred(conn)) return { customer, conn }
  }
  throw new Error('no matching seeded connection')
}

async function widgetUrl(customer: CustomerRecord, conn: ConnectionRecord, claims: Record<string, unknown> = {}): Promise<string> {
  const token = await signToken(keys.privatePem, { sub: `${h.vendorId}:${customer.id}`, ...claims })
  return `${h.baseUrl}/direct_link/embedded/connections/${conn.id}?workato_dl_token=${token}`
}

async function messages(page: Page): Promise<{ origin: string; message: WidgetMessage }[]> {
  const raw = (await page.evaluate('window.__messages')) as { origin: string; data: unknown }[]
  return raw.map((m) => {
    expect(typeof m.data).toBe('string') // §8.2: event.data is a JSON string
    const parsed = widgetMessageSchema.safeParse(JSON.parse(String(m.data)))
    if (!parsed.success) throw new Error(`unexpected message ${String(m.data)}`)
    return { origin: m.origin, message: parsed.data }
  })
}

/**
 * What the widget posted before now, for asserting it posted nothing: a sentinel is posted from inside the widget
 * frame, and messages from one frame arrive in order, so once the sentinel is in, anything the widget had posted
 * is in too (no fixed sleep that passes when a message is merely late).
 */
async function messagesBeforeSentinel(page: Page): Promise<{ origin: string; message: WidgetMessage }[]> {
  const frame = page.frames().find((f) => f.url().startsWith(h.baseUrl))
  if (!frame) throw new Error('no widget frame')
  await frame.evaluate(() => window.parent.postMessage('__sentinel__', '*'))
  await expect
    .poll(async () => ((await page.evaluate('window.__messages')) as { data: unknown }[]).some((m) => m.data === '__sentinel__'), slow)
    .toBe(true)
  const raw = (await page.evaluate('window.__messages')) as { origin: string; data: unknown }[]
  return raw
    .slice(
      0,
      raw.findIndex((m) => m.data === '__sentinel__'),
    )
    .map((m) => {
      const parsed = widgetMessageSchema.safeParse(JSON.parse(String(m.data)))
      if (!parsed.success) throw new Error(`unexpected message ${String(m.data)}`)
      return { origin: m.origin, message: parsed.data }
    })
}

async function waitForMessage(page: Page, pred: (m: WidgetMessage) => boolean): Promise<WidgetMessage> {
  for (let i = 0; i < 200; i++) {
    const hit = (await messages(page)).find((m) => pred(m.message))
    if (hit) return hit.message
    await page.waitForTimeout(50)
  }
  throw new Error('message did not arrive')
}

describe.skipIf(!hasChromium)('widget in Chromium', () => {
  it('posts heightChange, then connectionStatusChange for a failed and a good API-key attempt, only from the sandbox origin', async () => {
    const { customer, conn } = find((c) => c.provider === 'zendesk' && c.authorization_status !== 'success')
    const page = await browser.newPage()
    await page.goto(host.url(await widgetUrl(customer, conn)))
    const height = await waitForMessage(page, (m) => m.type === 'heightChange')
    expect(height.type === 'heightChange' && height.payload.height).toBeGreaterThan(100)
    const frame = page.frameLocator('#w')
    await frame.locator('input[name=subdomain]').fill('acme')
    await frame.locator('input[name=api_key]').fill('bad')
    await frame.locator('button[type=submit]').click()
    await expect.poll(() => frame.locator('[role=alert]').textContent(), slow).toMatch(/rejected the credentials/)
    const failed = await waitForMessage(page, (m) => m.type === 'connectionStatusChange')
    expect(failed).toEqual({
      wk: true,
      type: 'connectionStatusChange',
      payload: { id: conn.id, provider: 'zendesk', connected: false, error: expect.stringMatching(/401/) },
    })
    // What was typed survives the re-render, except the secret.
    expect(await frame.locator('input[name=subdomain]').inputValue()).toBe('acme')
    expect(await frame.locator('input[name=api_key]').inputValue()).toBe('')
    await frame.locator('input[name=api_key]').fill('a-good-key')
    await frame.locator('button[type=submit]').click()
    await waitForMessage(page, (m) => m.type === 'connectionStatusChange' && m.payload.connected === true)
    await expect.poll(() => frame.locator('#wk-pill').textContent(), slow).toBe('Connected')
    expect(conn.authorization_status).toBe('success')
    const all = await messages(page)
    expect(new Set(all.map((m) => m.origin))).toEqual(new Set([h.baseUrl]))
    await page.close()
  })

  it('posts nothing to a partner page whose origin is not allowlisted, although the widget renders', async () => {
    const { customer, conn } = find((c) => c.provider === 'jira' && c.authorization_status !== 'success')
    // The token names another allowlisted origin; the host page is not it.
    h.addVendorOrigin('https://vendor.example')
    const page = await browser.newPage()
    await page.goto(host.url(await widgetUrl(customer, conn, { origin: 'https://vendor.example' })))
    const frame = page.frameLocator('#w')
    await expect.poll(() => frame.locator('#wk-form').count(), slow).toBe(1)
    await frame.locator('input[name=host_name]').fill('x')
    await frame.locator('input[name=email]').fill('x@y.example')
    await frame.locator('input[name=apitoken]').fill('bad')
    await frame.locator('button[type=submit]').click()
    await expect.poll(() => frame.locator('[role=alert]').count(), slow).toBe(1)
    expect(await messagesBeforeSentinel(page)).toEqual([])
    // And a token whose origin claim is not allowlisted: error page, still nothing posted.
    await page.goto(host.url(await widgetUrl(customer, conn, { origin: 'https://evil.example' })))
    await expect.poll(() => frame.locator('#wk-reason').textContent(), slow).toBe('Fatal embedding error: origin_not_allowed')
    expect(await messagesBeforeSentinel(page)).toEqual([])
    await page.close()
  })

  it('posts the FatalEmbeddingError error message to an allowlisted host on a refused token', async () => {
    const { customer, conn } = find(() => true)
    const page = await browser.newPage()
    await page.goto(host.url(await widgetUrl(customer, conn, { sub: `${h.vendorId}:1`, origin: host.origin })))
    const err = await waitForMessage(page, (m) => m.type === 'error')
    expect(err).toEqual({
      wk: true,
      type: 'error',
      payload: { type: 'FatalEmbeddingError', message: 'Fatal embedding error: customer_not_found', details: { reason: 'customer_not_found' } },
    })
    await page.close()
  })

  it('OAuth: Connect opens the consent popup; Approve closes it and the widget reports connected', async () => {
    const { customer, conn } = find((c) => c.provider === 'salesforce' && c.authorization_status !== 'success' && !c.runtime)
    const page = await browser.newPage()
    await page.goto(host.url(await widgetUrl(customer, conn, { origin: host.origin })))
    const frame = page.frameLocator('#w')
    const [popup] = await Promise.all([page.waitForEvent('popup'), frame.locator('[data-action=oauth]').click()])
    await popup.waitForLoadState()
    expect(await popup.locator('h1').textContent()).toMatch(/Salesforce/)
    await Promise.all([popup.waitForEvent('close'), popup.locator('[data-decision=approve]').click()])
    const msg = await waitForMessage(page, (m) => m.type === 'connectionStatusChange')
    expect(msg).toEqual({ wk: true, type: 'connectionStatusChange', payload: { id: conn.id, provider: 'salesforce', connected: true } })
    await expect.poll(() => frame.locator('#wk-pill').textContent(), slow).toBe('Connected')
    await page.close()
  })

  it('Google Sheets in an Electron user agent: the popup shows Error 403: disallowed_useragent', async () => {
    const { customer, conn } = find((c) => c.provider === 'google_sheets' && c.authorization_status !== 'success')
    const context = await browser.newContext({
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0.0.0 Electron/45.4.1 Safari/537.36',
    })
    const page = await context.newPage()
    await page.goto(host.url(await widgetUrl(customer, conn, { origin: host.origin })))
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.frameLocator('#w').locator('[data-action=oauth]').click()])
    await popup.waitForLoadState()
    expect(await popup.textContent('body')).toContain('Error 403: disallowed_useragent')
    await popup.close()
    // The widget notices the popup closed without success.
    await expect.poll(() => page.frameLocator('#w').locator('#wk-note').textContent(), slow).toMatch(/closed before access was approved/)
    await context.close()
  })
})

describe.skipIf(!hasChromium)('widget when the sign-in leaves the embedded browser', () => {
  it('keeps polling when window.open gives no handle, and updates once the connection is authorized elsewhere', async () => {
    const { customer, conn } = find((c) => c.provider === 'slack' && c.authorization_status !== 'success' && !c.runtime)
    const page = await browser.newPage()
    // Stand-in for an app that opens the consent URL in the system browser: window.open returns null.
    await page.addInitScript(() => {
      window.open = () => null
    })
    await page.goto(host.url(await widgetUrl(customer, conn, { origin: host.origin })))
    const frame = page.frameLocator('#w')
    await frame.locator('[data-action=oauth]').click()
    await expect.poll(() => frame.locator('#wk-note').textContent(), slow).toMatch(/window that opened/)
    h.state.setConnected(conn, true)
    const msg = await waitForMessage(page, (m) => m.type === 'connectionStatusChange')
    expect(msg).toEqual({ wk: true, type: 'connectionStatusChange', payload: { id: conn.id, provider: 'slack', connected: true } })
    await expect.poll(() => frame.locator('#wk-pill').textContent(), slow).toBe('Connected')
    await page.close()
  })
})
