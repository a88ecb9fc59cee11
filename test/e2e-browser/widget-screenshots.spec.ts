/**
 * Screenshots of the widget screen for docs/screenshots (run with EC_SCREENSHOTS=1; skipped otherwise so the
 * normal suite does not rewrite tracked images). Same flows as widget-live.spec.ts.
 */
import path from 'node:path'
import type { Frame, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import type { Harness } from '../harness/server'

const out = (name: string) => path.resolve('docs/screenshots', name)
test.skip(!process.env.EC_SCREENSHOTS, 'set EC_SCREENSHOTS=1 to refresh docs/screenshots/widget-*.png')
test.use({ viewport: { width: 1440, height: 900 } })

function pick(h: Harness, providers: string[]): { customerId: number; connectionId: number } {
  const sb = h.core.sandbox()
  if (!sb) throw new Error('no sandbox')
  for (const c of sb.state.listCustomers()) {
    for (const conn of sb.state.workspace(c).connections.values()) {
      if (providers.includes(conn.provider) && conn.authorization_status !== 'success' && !conn.authorization_error) return { customerId: c.id, connectionId: conn.id }
    }
  }
  throw new Error('none')
}

async function open(page: Page, h: Harness, p: { customerId: number; connectionId: number }): Promise<Frame> {
  await page.goto(`${h.url}/#/widget?profileId=sandbox&customerId=${p.customerId}&connectionId=${p.connectionId}`)
  let widget: Frame | undefined
  await expect.poll(() => (widget = page.frames().find((f) => f.url().includes('/direct_link/embedded/connections/'))) !== undefined).toBe(true)
  if (!widget) throw new Error('no widget frame')
  return widget
}

test('connected', async ({ page, harness }) => {
  const widget = await open(page, harness, pick(harness, ['zendesk', 'jira']))
  await expect(page.getByTestId('widget-status')).toContainText('Live')
  for (const input of await widget.locator('#wk-form input').all()) await input.fill('demo-value')
  await widget.locator('#wk-connect').click()
  await expect(page.getByTestId('widget-connected')).toBeVisible()
  await page.getByTestId('inspector-row').filter({ hasText: 'connected' }).first().click()
  await page.waitForTimeout(400)
  await page.screenshot({ path: out('widget-connected.png') })
})

test('error', async ({ page, harness }) => {
  const p = pick(harness, ['zendesk', 'jira'])
  await open(page, harness, { customerId: p.customerId, connectionId: 987_654_321 })
  await expect(page.getByTestId('widget-error')).toBeVisible()
  await page.getByTestId('inspector-row').filter({ hasText: 'connection_not_found' }).first().click()
  await page.waitForTimeout(400)
  await page.screenshot({ path: out('widget-error.png') })
})

test('rejected', async ({ page, harness }) => {
  const widget = await open(page, harness, pick(harness, ['zendesk', 'jira']))
  await expect(page.getByTestId('widget-status')).toContainText('Live')
  const host = page.frames().find((f) => f.url().includes('/__embedded_console/widget-host'))
  await widget.evaluate(() => {
    window.parent.postMessage('{not json', '*')
    window.parent.postMessage(JSON.stringify({ wk: true, type: 'recipeSaved', payload: { id: 1 } }), '*')
    window.parent.postMessage(JSON.stringify({ wk: true, type: 'heightChange', payload: { height: 'tall' } }), '*')
    window.parent.postMessage({ type: 'heightChange', payload: { height: 3 } }, '*')
  })
  await host?.evaluate(() => window.postMessage(JSON.stringify({ wk: true, type: 'connectionStatusChange', payload: { id: 1, provider: 'x', connected: true } }), '*'))
  await expect(page.getByTestId('inspector-row').and(page.locator('[data-status="rejected"]'))).toHaveCount(5)
  await page.getByTestId('inspector-row').and(page.locator('[data-reason="bad_shape"]')).click()
  await page.waitForTimeout(400)
  await page.screenshot({ path: out('widget-rejected.png') })
})

test('silence and token', async ({ page, harness }) => {
  const sb = harness.core.sandbox()
  if (!sb) throw new Error('no sandbox')
  sb.addVendorOrigin = () => {}
  await open(page, harness, pick(harness, ['zendesk', 'jira']))
  await expect(page.getByTestId('widget-silence')).toBeVisible({ timeout: 15_000 })
  await page.screenshot({ path: out('widget-silence.png') })
  await page.getByTestId('silence-inspect-token').click()
  await expect(page.getByTestId('check-origin')).toBeVisible()
  await page.waitForTimeout(500)
  await page.screenshot({ path: out('widget-token.png') })
})

test('history', async ({ page, harness }) => {
  const widget = await open(page, harness, pick(harness, ['zendesk', 'jira']))
  await expect(page.getByTestId('widget-status')).toContainText('Live')
  for (const input of await widget.locator('#wk-form input').all()) await input.fill('demo-value')
  await widget.locator('#wk-connect').click()
  await expect(page.getByTestId('widget-connected')).toBeVisible()
  await page.getByTestId('widget-new-attempt').click()
  await expect(page.getByTestId('widget-status')).toContainText(/Live|Connected/)
  await page.getByTestId('widget-history-link').click()
  await expect(page.getByTestId('history-reopen')).toHaveCount(2)
  await page.screenshot({ path: out('widget-history.png') })
})

test('connected, dark', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/widget`)
  await page.getByTestId('theme-toggle').click()
  const widget = await open(page, harness, pick(harness, ['zendesk', 'jira']))
  await expect(page.getByTestId('widget-status')).toContainText('Live')
  for (const input of await widget.locator('#wk-form input').all()) await input.fill('demo-value')
  await widget.locator('#wk-connect').click()
  await expect(page.getByTestId('widget-connected')).toBeVisible()
  await page.getByTestId('inspector-row').filter({ hasText: 'connected' }).first().click()
  await page.waitForTimeout(400)
  await page.screenshot({ path: out('widget-connected-dark.png') })
})

test.describe('embedded refusal', () => {
  test.use({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Electron/45.4.1 Safari/537.36' })
  test('refused', async ({ page, harness }) => {
    const t = pick(harness, ['google_sheets', 'gmail'])
    const widget = await open(page, harness, t)
    await expect(page.getByTestId('widget-status')).toContainText('Live')
    const popupPromise = page.waitForEvent('popup')
    await widget.locator('#wk-connect').click()
    const popup = await popupPromise
    await popup.waitForLoadState()
    const attempt = harness.core.widget.attempts()[0]
    if (!attempt) throw new Error('no attempt')
    harness.core.widget.decidePopup(attempt.partition, popup.url())
    harness.core.widget.popupReport(attempt.partition, { url: popup.url(), state: 'opened', title: await popup.title(), bodyText: await popup.locator('body').innerText() })
    await popup.close()
    await expect(page.getByTestId('widget-popup-refused')).toBeVisible()
    await page.waitForTimeout(400)
    await page.screenshot({ path: out('widget-refused.png') })
  })
})
