/** The Sandbox profile's fleet section: the problems it holds are its own truth, and a switch changes them. */
import type { Page } from '@playwright/test'
import { countByKind } from '../../electron/emulator'
import { expect, test } from './fixtures'

async function openSandboxDetail(page: Page, url: string) {
  await page.goto(`${url}/#/profiles`)
  await page.getByTestId('profiles-table').locator('tr', { hasText: 'Sandbox' }).getByTestId('profile-details').click()
  const fleet = page.getByTestId('sandbox-fleet')
  await expect(fleet).toBeVisible()
  return fleet
}

async function chooseAction(page: Page, label: string) {
  await page.getByTestId('scenario-action').click()
  await page.locator('.n-base-select-option', { hasText: label }).click()
}

test('the Sandbox shows the problems it seeded, and stopping a recipe with a cause adds one', async ({ page, harness }) => {
  const sb = harness.core.sandbox()
  if (!sb) throw new Error('the harness Sandbox is not running')
  const fleet = await openSandboxDetail(page, harness.url)
  const counts = countByKind(sb.truth())
  await expect(fleet.getByTestId('sandbox-size')).toContainText('250 customers, seed 1')
  const stopped = fleet.locator('[data-kind="recipe_stopped_by_cause"]')
  await expect(stopped).toContainText(String(counts.recipe_stopped_by_cause))
  await expect(fleet.locator('[data-kind="connection_lost_in_use"]')).toContainText(String(counts.connection_lost_in_use))

  const customer = sb.state.listCustomers()[0]
  const recipe = customer ? [...sb.state.workspace(customer).recipes.values()].find((r) => r.running) : undefined
  if (!customer || !recipe) throw new Error('customer 1 has no running recipe')
  await chooseAction(page, 'Stop a recipe with a cause')
  await page.getByTestId('scenario-customer').locator('input').fill(String(customer.id))
  await page.getByTestId('scenario-target').locator('input').fill(String(recipe.id))
  await page.getByTestId('scenario-cause').click()
  await page.locator('.n-base-select-option', { hasText: 'txn_quota_limit' }).click()
  await page.getByTestId('scenario-apply').click()
  await expect(page.getByTestId('scenario-summary')).toContainText(`Recipe ${recipe.id}`)
  await expect(page.getByTestId('scenario-summary')).toContainText('stopped with stop_cause txn_quota_limit')
  await expect(stopped).toContainText(String(counts.recipe_stopped_by_cause + 1))
  expect(recipe).toMatchObject({ running: false, stop_cause: 'txn_quota_limit' })
})

test('a switch aimed at nothing, or missing a field, says what is wrong and changes nothing', async ({ page, harness }) => {
  const sb = harness.core.sandbox()
  if (!sb) throw new Error('the harness Sandbox is not running')
  const before = sb.truth().length
  await openSandboxDetail(page, harness.url)
  await chooseAction(page, 'Fail jobs of a recipe')
  await page.getByTestId('scenario-customer').locator('input').fill('100001')
  await page.getByTestId('scenario-target').locator('input').fill('7')
  await page.getByTestId('scenario-apply').click()
  await expect(page.getByTestId('scenario-error')).toHaveText('Recipe 7 does not belong to customer 100001.')

  await chooseAction(page, 'Drop an origin')
  await page.getByTestId('scenario-apply').click()
  await expect(page.getByTestId('scenario-error')).toHaveText('Enter the origin, such as https://app.vendor.example.')
  expect(sb.truth().length).toBe(before)
})
