/**
 * The live Connection Widget through the browser harness: the sandbox's widget runs in an iframe of the very
 * host page core builds, served on a fresh loopback origin per attempt, with the same relay code the app's
 * webview preload runs (shared/widget-relay.ts). Status is confirmed with the API, never taken from the widget.
 */
import type { Frame, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import type { Harness } from '../harness/server'

const PROFILE = 'sandbox'

interface Pick {
  customerId: number
  connectionId: number
  provider: string
}

/** A customer with a not-yet-connected connection of one of the given providers (from the sandbox's own state). */
function pickConnection(h: Harness, providers: string[], skipCustomers: number[] = []): Pick {
  const sb = h.core.sandbox()
  if (!sb) throw new Error('the sandbox is not running')
  for (const c of sb.state.listCustomers()) {
    if (skipCustomers.includes(c.id)) continue
    for (const conn of sb.state.workspace(c).connections.values()) {
      if (providers.includes(conn.provider) && conn.authorization_status !== 'success')
        return { customerId: c.id, connectionId: conn.id, provider: conn.provider }
    }
  }
  throw new Error(`no unconnected ${providers.join('/')} connection in the sandbox`)
}

function connectionStatus(h: Harness, p: Pick): string | null | undefined {
  const sb = h.core.sandbox()
  const c = sb?.state.getCustomer(p.customerId)
  return c ? sb?.state.workspace(c).connections.get(p.connectionId)?.authorization_status : undefined
}

async function openWidget(page: Page, h: Harness, p: { customerId: number; connectionId: number }) {
  await page.goto(`${h.url}/#/widget?profileId=${PROFILE}&customerId=${p.customerId}&connectionId=${p.connectionId}`)
  await expect(page.getByTestId('widget-target')).toContainText(`customer ${p.customerId}`)
}

async function frames(page: Page): Promise<{ host: Frame; widget: Frame }> {
  let host: Frame | undefined
  let widget: Frame | undefined
  await expect
    .poll(() => {
      host = page.frames().find((f) => f.url().includes('/__embedded_console/widget-host'))
      widget = page.frames().find((f) => f.url().includes('/direct_link/embedded/connections/'))
      return Boolean(host && widget)
    })
    .toBe(true)
  if (!host || !widget) throw new Error('frames not found')
  return { host, widget }
}

const rows = (page: Page) => page.getByTestId('inspector-row')

test('API-key connection: the form posts messages in order and "Connected" waits for the API', async ({ page, harness }) => {
  const p = pickConnection(harness, ['zendesk', 'jira', 'netsuite'])
  await openWidget(page, harness, p)
  const { widget } = await frames(page)
  // The first heightChange resizes the widget frame.
  await expect(
    rows(page)
      .filter({ has: page.locator('text=heightChange') })
      .first(),
  ).toBeVisible()
  await expect(page.getByTestId('widget-status')).toContainText('Live')

  for (const input of await widget.locator('#wk-form input').all()) await input.fill('demo-value')
  await widget.locator('#wk-connect').click()

  await expect(page.getByTestId('widget-connected')).toBeVisible()
  await expect(page.getByTestId('widget-status')).toHaveText('Connected (API)')
  expect(connectionStatus(harness, p)).toBe('success')

  // Messages in order: heights first, then the status change, then the console's API check. The inspector
  // re-renders once per frame, so wait for the API check's row before reading the order.
  await expect(rows(page).and(page.locator('[data-type="apiCheck"]')).first()).toBeVisible()
  const types = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-type')))
  const firstStatus = types.indexOf('connectionStatusChange')
  expect(types[0]).toBe('heightChange')
  expect(firstStatus).toBeGreaterThan(0)
  expect(types.indexOf('apiCheck')).toBeGreaterThan(firstStatus)
  await expect(rows(page).filter({ has: page.locator('[data-status="rejected"]') })).toHaveCount(0)

  // Selecting a row shows its JSON and raw text.
  await rows(page).filter({ hasText: 'connected' }).first().click()
  await expect(page.getByTestId('inspector-raw')).toContainText('"type":"connectionStatusChange"')
})

test('OAuth connection: the consent popup approves, the API confirms', async ({ page, harness }) => {
  const p = pickConnection(harness, ['salesforce', 'slack', 'hubspot'])
  await openWidget(page, harness, p)
  const { widget } = await frames(page)
  await expect(page.getByTestId('widget-status')).toContainText('Live')
  const popupPromise = page.waitForEvent('popup')
  await widget.locator('#wk-connect').click()
  const popup = await popupPromise
  await popup.locator('[data-decision="approve"]').click()
  await expect(page.getByTestId('widget-connected')).toBeVisible({ timeout: 15_000 })
  expect(connectionStatus(harness, p)).toBe('success')
  await expect(
    rows(page)
      .filter({ has: page.locator('text=connectionStatusChange') })
      .first(),
  ).toBeVisible()
})

test('rejected messages are recorded with their reason, greyed, never dropped', async ({ page, harness }) => {
  const p = pickConnection(harness, ['zendesk', 'jira', 'netsuite'])
  await openWidget(page, harness, p)
  const { host, widget } = await frames(page)
  await expect(page.getByTestId('widget-status')).toContainText('Live')
  const appOrigin = new URL(widget.url()).origin

  // From the Workato frame itself (right origin, right source): malformed, unknown type, oversized, bad shape.
  await widget.evaluate(() => {
    window.parent.postMessage('{not json', '*')
    window.parent.postMessage(JSON.stringify({ wk: true, type: 'totallyNewType', payload: {} }), '*')
    window.parent.postMessage(JSON.stringify({ wk: true, type: 'heightChange', payload: { height: 1, pad: 'x'.repeat(70 * 1024) } }), '*')
    window.parent.postMessage(JSON.stringify({ wk: true, type: 'heightChange', payload: { height: 'tall' } }), '*')
    window.parent.postMessage({ type: 'heightChange', payload: { height: 3 } }, '*')
  })
  // From the host page itself: wrong origin.
  await host.evaluate(() => window.postMessage(JSON.stringify({ wk: true, type: 'heightChange', payload: { height: 5 } }), '*'))
  // From a foreign frame on the app origin (right origin, wrong source).
  await host.evaluate((origin) => {
    const f = document.createElement('iframe')
    f.src = `${origin}/`
    f.id = 'foreign'
    document.body.appendChild(f)
  }, appOrigin)
  let foreign: Frame | undefined
  await expect.poll(() => (foreign = page.frames().find((f) => f.url() === `${appOrigin}/`)) !== undefined).toBe(true)
  await foreign?.evaluate(() => window.parent.postMessage(JSON.stringify({ wk: true, type: 'heightChange', payload: { height: 7 } }), '*'))

  await page.getByTestId('inspector-status-rejected').click()
  await expect(rows(page).and(page.locator('[data-status="accepted"]'))).toHaveCount(0)
  const reasons = ['not_json', 'unknown_type', 'too_large', 'bad_shape', 'not_workato', 'wrong_origin', 'wrong_source']
  for (const r of reasons) await expect(rows(page).and(page.locator(`[data-reason="${r}"]`))).toHaveCount(1)
  await expect(rows(page).first()).toHaveCSS('opacity', '0.5')
  await rows(page).and(page.locator('[data-reason="wrong_source"]')).click()
  await expect(page.getByTestId('inspector-reason')).toContainText('Not sent by the Workato widget frame')
  // The widget was not resized by any of them.
  const height = await page.getByTestId('widget-iframe').evaluate((el) => (el as HTMLIFrameElement).getBoundingClientRect().height)
  expect(height).toBeGreaterThan(100)
})

test('a refused token shows the plain-words explanation', async ({ page, harness }) => {
  const p = pickConnection(harness, ['zendesk', 'jira', 'netsuite'])
  await openWidget(page, harness, { customerId: p.customerId, connectionId: 987_654_321 })
  await expect(page.getByTestId('widget-error')).toBeVisible()
  await expect(page.getByTestId('widget-error-explanation')).toHaveText('The connection id in the widget URL does not exist.')
  await expect(page.getByTestId('widget-error-fix')).toContainText("List the customer's connections")
  await expect(page.getByTestId('widget-status')).toHaveText('Widget error')
  // The token inspector is one click away and shows claims, not the token.
  await page.getByTestId('widget-token').click()
  await expect(page.getByTestId('claim-sub')).toContainText(`:${p.customerId}`)
  await expect(page.getByTestId('token-panel')).not.toContainText('eyJ')
})

test('a second customer shares nothing with the first', async ({ page, harness }) => {
  const a = pickConnection(harness, ['zendesk', 'jira', 'netsuite'])
  const b = pickConnection(harness, ['zendesk', 'jira', 'netsuite'], [a.customerId])
  await openWidget(page, harness, a)
  const first = await frames(page)
  const firstHostUrl = first.host.url()
  await first.host.evaluate(() => localStorage.setItem('left-behind', 'customer A'))
  const firstAttempt = new URL(firstHostUrl).searchParams.get('attempt')

  await openWidget(page, harness, b)
  await expect.poll(() => page.frames().some((f) => f.url() === firstHostUrl)).toBe(false)
  const second = await frames(page)
  expect(new URL(second.host.url()).origin).not.toBe(new URL(firstHostUrl).origin)
  expect(await second.host.evaluate(() => localStorage.getItem('left-behind'))).toBeNull()
  // The first attempt's host is gone (its "partition" closed), and core recorded it as closed.
  await expect(fetch(firstHostUrl)).rejects.toThrow()
  const attempts = await harness.core.handlers['widget:attempts'](undefined, { signal: new AbortController().signal })
  expect(attempts.find((x) => x.attemptId === firstAttempt)?.closedAt).not.toBeNull()
  expect(attempts[0]?.customerId).toBe(b.customerId)
})

test('silence is diagnosed from the facts and the token one click away', async ({ page, harness }) => {
  const p = pickConnection(harness, ['zendesk', 'jira', 'netsuite'])
  // The sandbox posts only to registered origins: un-register every loopback origin as soon as it is added,
  // which is exactly "origin not registered for this customer" (reference §8.4).
  const sb = harness.core.sandbox()
  if (!sb) throw new Error('no sandbox')
  const original = sb.addVendorOrigin
  sb.addVendorOrigin = () => {}
  try {
    await openWidget(page, harness, p)
    await expect(page.getByTestId('widget-silence')).toBeVisible({ timeout: 15_000 })
    await expect(page.getByTestId('silence-headline')).toContainText("(also the token's origin claim) is not registered")
    await page.getByTestId('silence-inspect-token').click()
    await expect(page.getByTestId('check-origin')).toBeVisible()
    await expect(page.getByTestId('claim-origin')).toContainText('http://127.0.0.1:')
  } finally {
    sb.addVendorOrigin = original
  }
})

test('"Authenticate…" on a customer\'s connection opens the widget; the list shows the confirmed status after', async ({ page, harness }) => {
  const p = pickConnection(harness, ['zendesk', 'jira', 'netsuite'])
  await page.goto(`${harness.url}/#/customers/${p.customerId}?tab=connections`)
  const row = page.locator(`[data-testid="connections-table"] tbody [data-connection-id="${p.connectionId}"]`)
  await row.getByTestId('connection-authenticate').click()
  await expect(page.getByTestId('widget-target')).toContainText(`connection ${p.connectionId}`)
  const { widget } = await frames(page)
  for (const input of await widget.locator('#wk-form input').all()) await input.fill('demo-value')
  await widget.locator('#wk-connect').click()
  await expect(page.getByTestId('widget-connected')).toBeVisible()
  await page.goBack()
  await expect(row.getByTestId('connection-status')).toHaveText(/connected/i)
  await expect(row.getByTestId('connection-status')).not.toHaveText(/not connected/i)
  // Leaving the widget screen closed the attempt (partition wiped, grant revoked).
  const attempts = await harness.core.handlers['widget:attempts'](undefined, { signal: new AbortController().signal })
  expect(attempts[0]?.closedAt).not.toBeNull()
  expect(attempts[0]?.outcome).toBe('connected')
})

test('history reopens a closed attempt with its log and the token claims', async ({ page, harness }) => {
  const p = pickConnection(harness, ['zendesk', 'jira', 'netsuite'])
  await openWidget(page, harness, p)
  await frames(page)
  await expect(rows(page).first()).toBeVisible()
  await page.getByTestId('widget-close').click()
  await expect(page.getByTestId('widget-closed-note')).toBeVisible()
  await expect(page.getByTestId('widget-status')).toContainText('Closed')
  // The widget may still have posted a message after the first row showed: count what core holds once closed.
  const signal = new AbortController().signal
  const [closed] = await harness.core.handlers['widget:attempts'](undefined, { signal })
  if (!closed) throw new Error('no attempt in the history')
  const held = (await harness.core.handlers['widget:messages']({ attemptId: closed.attemptId, afterSeq: -1, limit: 10_000 }, { signal })).entries
    .length
  expect(held).toBeGreaterThan(0)
  await expect(rows(page)).toHaveCount(held)

  await page.getByTestId('widget-history-link').click()
  await expect(page.getByTestId('widget-history')).toContainText(String(p.customerId))
  await page.getByTestId('history-reopen').first().click()
  await expect(page.getByTestId('widget-target')).toContainText(`connection ${p.connectionId}`)
  await expect(rows(page)).toHaveCount(held)
  await expect(page.getByTestId('widget-facts')).toContainText(`:${p.customerId}`)
  // No frame: a closed attempt's partition is gone.
  await expect(page.getByTestId('widget-iframe')).toHaveCount(0)
  // The audit log on disk has the attempt, without the token.
  const { readFile } = await import('node:fs/promises')
  const audit = await readFile(`${harness.dataDir}/audit/audit.jsonl`, 'utf8')
  expect(audit).toContain('"action":"widget.close"')
  expect(audit).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./)
})

test('inspector: search, type filter, pause/resume, clear and a redacted export', async ({ page, harness }) => {
  const p = pickConnection(harness, ['zendesk', 'jira', 'netsuite'])
  await openWidget(page, harness, p)
  const { widget } = await frames(page)
  await expect(page.getByTestId('widget-status')).toContainText('Live')
  const post = (data: unknown) => widget.evaluate((d) => window.parent.postMessage(d, '*'), data)

  // A `loaded` message whose url carries a token: the log and the export must not show it.
  const fakeJwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl'
  await post(JSON.stringify({ wk: true, type: 'loaded', payload: { url: `/direct_link?workato_dl_token=${fakeJwt}` } }))
  await expect(rows(page).and(page.locator('[data-type="loaded"]'))).toHaveCount(1)
  await rows(page).and(page.locator('[data-type="loaded"]')).click()
  await expect(page.getByTestId('inspector-raw')).not.toContainText(fakeJwt)

  await page.getByTestId('inspector-search').locator('input').fill('loaded')
  await expect(rows(page)).toHaveCount(1)
  await page.getByTestId('inspector-search').locator('input').fill('')

  await page.getByTestId('inspector-type-filter').click()
  await page.locator('.n-base-select-option', { hasText: 'heightChange' }).click()
  await page.keyboard.press('Escape')
  await expect(rows(page).and(page.locator('[data-type="loaded"]'))).toHaveCount(0)
  const heights = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-type')))
  expect(new Set(heights)).toEqual(new Set(['heightChange']))
  await page.getByTestId('inspector-type-filter').locator('.n-base-clear').click({ force: true })
  await expect(rows(page).and(page.locator('[data-type="loaded"]'))).toHaveCount(1)

  await page.getByTestId('inspector-pause').click()
  const before = await rows(page).count()
  // A sentinel instead of a fixed sleep: the page adds a message to its list when core's answer to its
  // `widget:record` call comes back with it, so wait for that answer, then two animation frames, the time an
  // unpaused list takes to show it (a sleep would pass whenever the message is merely late).
  const recorded = page.waitForResponse(
    async (r) => decodeURIComponent(new URL(r.url()).pathname) === '/rpc/widget:record' && (await r.text()).includes('"type":"navigated"'),
  )
  await post(JSON.stringify({ wk: true, type: 'navigated', payload: { url: '/x', replaced: false } }))
  await recorded
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))))
  await expect(rows(page)).toHaveCount(before)
  await page.getByTestId('inspector-pause').click()
  await expect(rows(page).and(page.locator('[data-type="navigated"]'))).toHaveCount(1)

  const downloadPromise = page.waitForEvent('download')
  await page.getByTestId('inspector-export').click()
  const download = await downloadPromise
  const file = await download.path()
  const { readFile } = await import('node:fs/promises')
  const text = await readFile(file, 'utf8')
  const doc = JSON.parse(text) as { attempt: { customerId: number }; messages: { type: string }[] }
  expect(doc.attempt.customerId).toBe(p.customerId)
  expect(doc.messages.map((m) => m.type)).toEqual(expect.arrayContaining(['heightChange', 'loaded', 'navigated']))
  expect(text).not.toContain(fakeJwt)
  expect(download.suggestedFilename()).toMatch(new RegExp(`^widget-${p.customerId}-${p.connectionId}-.*\\.json$`))

  await page.getByTestId('inspector-clear').click()
  await expect(rows(page)).toHaveCount(0)
  await expect(page.getByTestId('inspector-counts')).toContainText('0 shown of 0 messages')
  await expect(page.getByTestId('inspector-counts')).toContainText('cleared from view (still in the export)')
})
