/** Issue 11: an API error shows Workato's correlation id with a copy button; a rate-limit wait is visible and can be cancelled. */
import { expect, test } from './fixtures'

test('an API error shows its correlation id with a copy button', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/customers/999999`)
  const err = page.getByTestId('customer-error')
  await expect(err).toBeVisible({ timeout: 30_000 })
  await expect(err.getByTestId('error-correlation-id')).toHaveText(/^[0-9a-f-]{36}$/)
  await expect(err.getByRole('button', { name: 'Copy the correlation id' })).toBeVisible()
})

test('a rate-limit wait is shown with what it waits for, seconds left and Cancel', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/customers/100001`)
  await expect(page.locator('[data-testid="connections-table"]')).toBeVisible({ timeout: 30_000 })
  harness.core.sandbox()?.setFaults({ rateLimitStormRate: 1, stormRetryAfterSeconds: 40 })
  await page.locator('.n-tabs-tab', { hasText: 'Recipes' }).click()
  // The directory's background refresh may be caught by the same storm and show its own wait: this one is the tab's.
  const wait = page.getByTestId('api-wait').filter({ hasText: 'recipe list calls' })
  await expect(wait).toBeVisible({ timeout: 30_000 })
  await expect(wait).toContainText(/Workato answered 429/)
  await expect(wait).toContainText(/shared by every admin API key of the partner account/)
  await expect(wait.getByTestId('api-wait-left')).toContainText(/\d+ s left/)
  harness.core.sandbox()?.setFaults({})
  await wait.getByTestId('api-wait-cancel').click()
  await expect(wait).toBeHidden()
  // The call behind it ended: the tab stops spinning and says so, instead of waiting out the 40 s.
  await expect(page.getByTestId('recipes-error')).toContainText('Cancelled')
})
