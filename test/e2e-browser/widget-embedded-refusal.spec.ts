/**
 * A provider that refuses embedded browsers (Google's `disallowed_useragent`). The browser harness has no main
 * process to watch popups, so the test plays main's part with the real pieces: the sandbox's consent popup is
 * opened with an Electron user agent, and what it shows (URL, title, text) is handed to core exactly as
 * electron/main/widget-session.ts does. Everything after that is the product: detection, the offer to continue
 * in the system browser, and polling the API until the connection is authorised.
 */
import { expect, test } from './fixtures'

test.use({
  userAgent:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) EmbeddedConsole/0.1.0 Chrome/140.0.0.0 Electron/45.4.1 Safari/537.36',
})

test('disallowed_useragent is detected; the console continues in the system browser and polls the API', async ({ page, harness }) => {
  const sb = harness.core.sandbox()
  if (!sb) throw new Error('no sandbox')
  let target: { customerId: number; connectionId: number } | null = null
  for (const c of sb.state.listCustomers()) {
    for (const conn of sb.state.workspace(c).connections.values()) {
      if (['google_sheets', 'gmail'].includes(conn.provider) && conn.authorization_status !== 'success')
        target ??= { customerId: c.id, connectionId: conn.id }
    }
  }
  if (!target) throw new Error('no Google connection in the sandbox')
  const t = target
  await page.goto(`${harness.url}/#/widget?profileId=sandbox&customerId=${t.customerId}&connectionId=${t.connectionId}`)
  await expect(page.getByTestId('widget-status')).toContainText('Live')
  const widget = page.frames().find((f) => f.url().includes('/direct_link/embedded/connections/'))
  if (!widget) throw new Error('no widget frame')

  const popupPromise = page.waitForEvent('popup')
  await widget.locator('#wk-connect').click()
  const popup = await popupPromise
  await popup.waitForLoadState()
  const attempt = harness.core.widget.attempts()[0]
  if (!attempt) throw new Error('no attempt')
  const url = popup.url()
  // What main does: decide on window.open, then report what the popup shows.
  expect(harness.core.widget.decidePopup(attempt.partition, url)).toEqual({ allow: true })
  harness.core.widget.popupReport(attempt.partition, {
    url,
    state: 'opened',
    title: await popup.title(),
    bodyText: await popup.locator('body').innerText(),
  })
  await popup.close()

  await expect(page.getByTestId('widget-popup-refused')).toContainText('disallowed_useragent')
  await expect(page.getByTestId('inspector-row').and(page.locator('[data-type="popup:refused_embedded"]'))).toHaveCount(1)
  await page.getByTestId('widget-continue-browser').click()
  await expect(page.getByTestId('widget-polling')).toBeVisible()

  // The customer finishes in the system browser; the next poll sees it through the API.
  const customer = sb.state.getCustomer(t.customerId)
  const conn = customer ? sb.state.workspace(customer).connections.get(t.connectionId) : undefined
  if (!conn) throw new Error('connection missing')
  sb.state.setConnected(conn, true)
  await expect(page.getByTestId('widget-connected')).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('widget-polling')).toHaveCount(0)
  await expect(page.getByTestId('inspector-row').and(page.locator('[data-type="externalBrowser"]'))).toHaveCount(1)
})
