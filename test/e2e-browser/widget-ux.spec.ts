/**
 * The widget screens at the minimum window and the small things a support person trips over: what a plain API
 * check says, getting back to the entry form, a bad link, names instead of ids, and history rows that stay
 * readable.
 */
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import type { Harness } from '../harness/server'

test.use({ viewport: { width: 1024, height: 640 } })

function pickConnection(h: Harness): { customerId: number; connectionId: number } {
  const sb = h.core.sandbox()
  if (!sb) throw new Error('the sandbox is not running')
  for (const c of sb.state.listCustomers()) {
    for (const conn of sb.state.workspace(c).connections.values()) {
      // Never authorised (status null), so a check's answer is exactly "Not connected".
      if (['zendesk', 'jira', 'netsuite'].includes(conn.provider) && !conn.authorization_status && !conn.authorization_error)
        return { customerId: c.id, connectionId: conn.id }
    }
  }
  throw new Error('no never-authorised API-key connection in the sandbox')
}

async function openLive(page: Page, h: Harness) {
  const p = pickConnection(h)
  await page.goto(`${h.url}/#/widget?profileId=sandbox&customerId=${p.customerId}&connectionId=${p.connectionId}`)
  await expect(page.getByTestId('widget-status')).toContainText('Live')
  return p
}

/** Right edge of an element, to compare with the window's width. */
const right = async (page: Page, testId: string) => {
  const box = await page.getByTestId(testId).boundingBox()
  if (!box) throw new Error(`${testId} is not rendered`)
  return box.x + box.width
}

test('at 1024x640 the whole widget screen fits: inspector, Export and the Status column are on screen', async ({ page, harness }) => {
  await openLive(page, harness)
  await expect(page.getByTestId('inspector-row').first()).toBeVisible()
  expect(await right(page, 'widget-inspector')).toBeLessThanOrEqual(1024)
  expect(await right(page, 'inspector-export')).toBeLessThanOrEqual(1024)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024)
  // The row's status tag ("ok") is inside the window, and the summary still has room to be read.
  const tag = page.getByTestId('inspector-row').first().locator('.c-status .n-tag')
  const tagBox = await tag.boundingBox()
  expect(tagBox && tagBox.x + tagBox.width).toBeLessThanOrEqual(1024)
  const sum = await page.getByTestId('inspector-row').first().locator('.c-sum').boundingBox()
  expect(sum?.width ?? 0).toBeGreaterThan(80)
  // Plain counts, no jargon.
  await expect(page.getByTestId('inspector-counts')).toHaveText(/^\d+ shown of \d+ messages? · \d+ rejected/)
  // The header names the profile, not its id.
  await expect(page.getByTestId('widget-target')).toContainText('profile Sandbox')
})

test('a plain "Check with API" gives a neutral answer, not a claim the widget never made; it goes when the attempt ends', async ({
  page,
  harness,
}) => {
  const p = await openLive(page, harness)
  await page.getByTestId('widget-check').click()
  const result = page.getByTestId('widget-check-result')
  await expect(result).toContainText(`The API says connection ${p.connectionId} is not connected yet (status: Not connected)`)
  await expect(result).toContainText(/at \d\d:\d\d:\d\d/)
  await expect(page.getByTestId('widget-unconfirmed')).toHaveCount(0)
  await expect(page.locator('body')).not.toContainText('reported a status change')
  await expect(page.locator('body')).not.toContainText('no status')

  await page.getByTestId('widget-close').click()
  await expect(page.getByTestId('widget-closed-note')).toContainText(/ended at \d\d:\d\d:\d\d;/)
  await expect(result).toHaveCount(0)
})

test('when the widget itself says "connected" and the API disagrees, the warning says exactly that', async ({ page, harness }) => {
  const p = await openLive(page, harness)
  const widget = page.frames().find((f) => f.url().includes('/direct_link/embedded/connections/'))
  if (!widget) throw new Error('no widget frame')
  // The widget's own frame claims success; the sandbox's API still has the connection unauthorised.
  await widget.evaluate(
    (id) =>
      window.parent.postMessage(
        JSON.stringify({ wk: true, type: 'connectionStatusChange', payload: { id, provider: 'jira', connected: true } }),
        '*',
      ),
    p.connectionId,
  )
  const warning = page.getByTestId('widget-unconfirmed')
  await expect(warning).toContainText(`The widget reported connection ${p.connectionId} as connected, but the API still says Not connected`)
  await expect(page.getByTestId('widget-check-result')).toHaveCount(0)
  await expect(page.getByTestId('widget-connected')).toHaveCount(0)
  await page.getByTestId('widget-close').click()
  await expect(page.getByTestId('widget-closed-note')).toBeVisible()
  await expect(warning).toHaveCount(0)
})

test('after closing, "New attempt…" and the sidebar both reach the entry form, which opens the next attempt', async ({ page, harness }) => {
  const p = await openLive(page, harness)
  await page.getByTestId('widget-close').click()
  await expect(page.getByTestId('widget-closed-note')).toBeVisible()
  await page.getByTestId('widget-closed-new').click()
  await expect(page.getByTestId('widget-customer-id').locator('input')).toHaveAttribute('placeholder', 'e.g. 100001')
  await expect(page.getByTestId('widget-connection-id').locator('input')).toHaveAttribute('placeholder', 'e.g. 101')
  await expect(page.getByTestId('widget-target')).toHaveCount(0)
  // The last attempt stays one click away.
  await expect(page.getByTestId('widget-last-attempt')).toContainText(`connection ${p.connectionId}`)

  // Sidebar "Widget" after visiting another screen: the form again, not the closed attempt.
  await page.getByRole('menuitem', { name: 'Customers' }).click()
  await page.getByRole('menuitem', { name: 'Widget' }).click()
  await expect(page.getByTestId('widget-start')).toBeVisible()
  await expect(page.getByTestId('widget-closed-note')).toHaveCount(0)

  await page.getByTestId('widget-customer-id').locator('input').fill(String(p.customerId))
  await page.getByTestId('widget-connection-id').locator('input').fill(String(p.connectionId))
  await page.getByTestId('widget-open').click()
  await expect(page.getByTestId('widget-status')).toContainText('Live')
  await expect(page.getByTestId('widget-target')).toContainText(`connection ${p.connectionId}`)
})

test('a link with a bad id says what is wrong instead of showing the previous attempt', async ({ page, harness }) => {
  const p = await openLive(page, harness)
  await page.goto(`${harness.url}/#/widget?profileId=sandbox&customerId=${p.customerId}&connectionId=abc`)
  await expect(page.getByTestId('widget-query-error')).toContainText('connectionId must be a whole number')
  await expect(page.getByTestId('widget-target')).toHaveCount(0)
  await expect(page.getByTestId('widget-inspector')).toHaveCount(0)
  await page.goto(`${harness.url}/#/widget?customerId=${p.customerId}`)
  await expect(page.getByTestId('widget-query-error')).toContainText('connectionId is missing')
})

test('history at 1024x640: one line per attempt, profile by name, Reopen on screen, and a way back', async ({ page, harness }) => {
  await openLive(page, harness)
  await page.getByTestId('widget-close').click()
  await expect(page.getByTestId('widget-closed-note')).toBeVisible()
  await page.getByTestId('widget-history-link').click()
  const row = page.getByTestId('history-row').first()
  await expect(row).toBeVisible()
  const box = await row.boundingBox()
  expect(box?.height ?? 999).toBeLessThan(48)
  const head = await page.getByTestId('widget-history').locator('thead tr').first().boundingBox()
  expect(head?.height ?? 999).toBeLessThan(48)
  await expect(row).toContainText('Sandbox')
  // Who and how it ended are in view without scrolling sideways.
  const outcome = await row.locator('.n-tag').first().boundingBox()
  expect(outcome && outcome.x + outcome.width).toBeLessThanOrEqual(1024 - 90)
  await expect(row).toContainText(/\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d/)
  const reopen = await row.getByTestId('history-reopen').boundingBox()
  expect(reopen && reopen.x + reopen.width).toBeLessThanOrEqual(1024)

  await page.getByTestId('history-back').getByRole('link').click()
  await expect(page.getByTestId('widget-start')).toBeVisible()
})
