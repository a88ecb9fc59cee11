/** The Settings screen (issue 14, item 8): preferences are saved at once and survive a reload. */
import { expect, test } from './fixtures'
import { rpc } from './console-helpers'

test('the rate-limit share, theme and default data center persist across a reload; files can be shown', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/settings`)
  const share = page.getByTestId('settings-share').locator('input')
  await expect(share).toHaveValue('50')
  // Cleared, it says what it takes (not naive-ui's "Please Input"), and it has a name a screen reader reads.
  await expect(share).toHaveAttribute('placeholder', '5–100')
  await expect(page.getByRole('textbox', { name: 'Share of each Workato limit, in percent' })).toBeVisible()
  await share.fill('25')
  await share.blur()
  await expect(page.getByTestId('settings-share-state')).toHaveText('Saved')
  // 25 % of Workato's 60 customer calls a minute.
  await expect(page.getByTestId('settings-share-example').first()).toHaveText('15 a minute')

  await page.getByTestId('theme-dark').click()
  await expect(page.getByTestId('theme-toggle')).toHaveText('Light theme')

  await page.getByTestId('settings-default-dc').click()
  await page.locator('.n-base-select-option').filter({ hasText: /^EU$/ }).click()
  await expect(page.getByTestId('settings-default-dc')).toContainText('EU')

  await page.reload()
  await expect(page.getByTestId('settings-share').locator('input')).toHaveValue('25')
  await expect(page.getByTestId('theme-dark').locator('input')).toBeChecked()
  await expect(page.getByTestId('theme-toggle')).toHaveText('Light theme')
  await expect(page.getByTestId('settings-default-dc')).toContainText('EU')
  expect(await rpc(harness, 'settings:get', undefined)).toMatchObject({ preferences: { rateLimitShare: 0.25, defaultDataCenter: 'eu' } })

  // The updater is honest about this window; "show in folder" answers with the path it showed.
  await expect(page.getByTestId('settings-check-updates')).toBeDisabled()
  await page.getByTestId('settings-show-audit').click()
  await expect(page.getByTestId('settings-shown')).toContainText('audit')

  // A new profile starts on the chosen data center.
  await page.goto(`${harness.url}/#/profiles`)
  await page.getByTestId('add-profile').click()
  await expect(page.getByTestId('profile-dc')).toContainText('EU')
})
