/**
 * Runtime user connections (reference §9), one test per branch of the decision: recipe stopped, default connection
 * not authorised, not found (created), found but not authorised, found authorised; then the list and its actions.
 */
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { onboardedCustomer, sandboxState, setConnected, startRecipe } from './flows-helpers'

async function openForm(page: Page, url: string, customerId: number, recipeId: number, endUser: string) {
  await page.goto(`${url}/#/customers/${customerId}/runtime-users?recipe=${recipeId}`)
  await expect(page.getByTestId('runtime-form')).toBeVisible()
  await expect(page.getByTestId('runtime-recipe')).toContainText('Update order status')
  await page.getByTestId('runtime-end-user').locator('input').fill(endUser)
}

const outcome = (page: Page) => page.getByTestId('runtime-outcome')

test('an empty end user id is marked on the field itself, and the mark goes as the user types', async ({ page, harness }) => {
  const c = await onboardedCustomer(harness)
  await openForm(page, harness.url, c.customerId, c.statusRecipeId, '')
  await page.getByTestId('runtime-check').click()
  const item = page.getByTestId('runtime-end-user-item')
  await expect(item).toContainText('Enter the end user id')
  await expect(item.locator('.n-form-item-blank')).toHaveClass(/n-form-item-blank--error/)
  await expect(page.getByTestId('runtime-form-error')).toHaveCount(0)
  await expect(outcome(page)).toHaveCount(0)
  await page.getByTestId('runtime-end-user').locator('input').pressSequentially('a')
  await expect(item).not.toContainText('Enter the end user id')
  await expect(item.locator('.n-form-item-blank')).not.toHaveClass(/n-form-item-blank--error/)
})

test('recipe stopped: says so with the fix, creates nothing and does not open the widget', async ({ page, harness }) => {
  const c = await onboardedCustomer(harness)
  await openForm(page, harness.url, c.customerId, c.statusRecipeId, 'ana@globex.example')
  const before = sandboxState(harness).workspace(
    sandboxState(harness).getCustomer(c.customerId) ??
      (() => {
        throw new Error('customer')
      })(),
  ).connections.size
  await page.getByTestId('runtime-check').click()
  await expect(outcome(page)).toHaveAttribute('data-outcome', 'recipe_stopped')
  await expect(outcome(page)).toContainText('"Update order status" is stopped')
  // The default connection is not authorised either: the fix names both steps, in order.
  await expect(page.getByTestId('runtime-outcome-fix')).toContainText(
    '1. Authenticate "Salesforce (Order sync)" with the customer\'s own Salesforce account',
  )
  await expect(page.getByTestId('runtime-outcome-fix')).toContainText('2. Start the recipe')
  await expect(page.getByTestId('runtime-open-widget')).toHaveCount(0)
  await expect(page).toHaveURL(/runtime-users/)
  const after = sandboxState(harness).workspace(
    sandboxState(harness).getCustomer(c.customerId) ??
      (() => {
        throw new Error('customer')
      })(),
  ).connections.size
  expect(after).toBe(before)

  await page.getByTestId('runtime-fix-checklist').click()
  await expect(page).toHaveURL(new RegExp(`#/customers/${c.customerId}/activate$`))
})

test('default connection not authorised: names it, offers to authenticate it (not the end user), creates nothing', async ({ page, harness }) => {
  const c = await onboardedCustomer(harness)
  setConnected(harness, c.customerId, c.salesforceId, true)
  await startRecipe(harness, c.profileId, c.customerId, c.statusRecipeId)
  // Later the customer's own Salesforce authorisation fails (token revoked): the recipe still shows running.
  setConnected(harness, c.customerId, c.salesforceId, false, 'Token revoked by the Salesforce admin')
  await openForm(page, harness.url, c.customerId, c.statusRecipeId, 'ana@globex.example')
  await page.getByTestId('runtime-check').click()
  await expect(outcome(page)).toHaveAttribute('data-outcome', 'default_not_authorised')
  await expect(outcome(page)).toContainText(
    'The default Salesforce connection "Salesforce (Order sync)" is not authorised (Token revoked by the Salesforce admin)',
  )
  await expect(page.getByTestId('runtime-open-widget')).toHaveCount(0)
  // The offered fix opens the widget on the customer's default connection, never on an end-user connection.
  await page.getByTestId('runtime-fix-default').click()
  await expect(page).toHaveURL(new RegExp(`#/widget\\?.*connectionId=${c.salesforceId}`))
  expect(
    [
      ...sandboxState(harness)
        .workspace(
          sandboxState(harness).getCustomer(c.customerId) ??
            (() => {
              throw new Error('customer')
            })(),
        )
        .connections.values(),
    ].some((x) => x.external_id === 'ana@globex.example'),
  ).toBe(false)
})

test('not found → created under the default connection → widget; then found unauthorised; then found authorised and verified', async ({
  page,
  harness,
}) => {
  const c = await onboardedCustomer(harness)
  setConnected(harness, c.customerId, c.salesforceId, true)
  await startRecipe(harness, c.profileId, c.customerId, c.statusRecipeId)
  await openForm(page, harness.url, c.customerId, c.statusRecipeId, 'ana@globex.example')
  await expect(page.getByTestId('runtime-parent-default')).toBeVisible()

  await page.getByTestId('runtime-check').click()
  await expect(outcome(page)).toHaveAttribute('data-outcome', 'created')
  await expect(outcome(page)).toContainText('under the default connection "Salesforce (Order sync)"')
  const ws = sandboxState(harness).workspace(
    sandboxState(harness).getCustomer(c.customerId) ??
      (() => {
        throw new Error('customer')
      })(),
  )
  const child = [...ws.connections.values()].find((x) => x.external_id === 'ana@globex.example')
  expect(child).toMatchObject({ provider: 'salesforce', parent_id: c.salesforceId, authorization_status: null, runtime: true })
  if (!child) return
  await expect(page.getByTestId('runtime-outcome-connection')).toContainText(`#${child.id}`)

  await page.getByTestId('runtime-open-widget').click()
  await expect(page).toHaveURL(new RegExp(`#/widget\\?.*connectionId=${child.id}`))

  // Back without authenticating: the connection is found, not authorised, and the widget is offered again.
  await openForm(page, harness.url, c.customerId, c.statusRecipeId, 'ana@globex.example')
  await page.getByTestId('runtime-check').click()
  await expect(outcome(page)).toHaveAttribute('data-outcome', 'found_unauthorised')
  await expect(page.getByTestId('runtime-open-widget')).toBeVisible()
  await page.getByTestId('runtime-verify').click()
  await expect(page.getByTestId('runtime-verified')).toContainText('not authorised')

  // The end user signs in (sandbox side); verifying re-reads the connection through the API.
  setConnected(harness, c.customerId, child.id, true)
  await page.getByTestId('runtime-verify').click()
  await expect(page.getByTestId('runtime-verified')).toContainText('authorised')
  await expect(page.getByTestId('runtime-verified')).not.toContainText('not authorised')
  await page.getByTestId('runtime-check').click()
  await expect(outcome(page)).toHaveAttribute('data-outcome', 'found_authorised')
  await expect(outcome(page)).toContainText('already has an authorised Salesforce connection')
  await expect(page.getByTestId('runtime-open-widget')).toHaveCount(0)
  // Only one connection was ever made for Ana.
  expect([...ws.connections.values()].filter((x) => x.external_id === 'ana@globex.example')).toHaveLength(1)

  const row = page.locator('[data-testid="runtime-user-row"][data-end-user="ana@globex.example"]')
  await expect(row).toContainText('Salesforce (Order sync)')
  await expect(row.getByTestId('runtime-user-status')).toHaveText('authorised')
})

test('parent "none" warns about recipe functions; the list disconnects and deletes with a confirmation that names the end user', async ({
  page,
  harness,
}) => {
  const c = await onboardedCustomer(harness)
  setConnected(harness, c.customerId, c.salesforceId, true)
  await startRecipe(harness, c.profileId, c.customerId, c.statusRecipeId)
  await openForm(page, harness.url, c.customerId, c.statusRecipeId, 'bo@globex.example')
  await page.getByTestId('runtime-parent-none').click()
  await expect(page.getByTestId('runtime-parent-warning')).toContainText('Only for recipe functions')
  await page.getByTestId('runtime-check').click()
  await expect(outcome(page)).toHaveAttribute('data-outcome', 'created')
  await expect(outcome(page)).toContainText('without a parent (for a recipe function)')
  const ws = sandboxState(harness).workspace(
    sandboxState(harness).getCustomer(c.customerId) ??
      (() => {
        throw new Error('customer')
      })(),
  )
  const bo = [...ws.connections.values()].find((x) => x.external_id === 'bo@globex.example')
  expect(bo?.parent_id).toBeNull()
  if (!bo) return
  setConnected(harness, c.customerId, bo.id, true)
  await page.getByRole('button', { name: 'Refresh' }).click()

  const row = page.locator('[data-testid="runtime-user-row"][data-end-user="bo@globex.example"]')
  await expect(row.getByTestId('runtime-user-status')).toHaveText('authorised')
  await row.getByTestId('runtime-disconnect').click()
  // The one connection dialog (ConnectionActionModal) names the end user and the connection.
  await expect(page.getByTestId('action-target')).toContainText('bo@globex.example')
  await page.getByRole('button', { name: 'Disconnect', exact: true }).last().click()
  await expect(row.getByTestId('runtime-user-status')).toHaveText('not authorised')
  expect(bo.authorization_status).toBeNull()

  await row.getByTestId('runtime-delete').click()
  await expect(page.getByTestId('action-target')).toContainText(`id ${bo.id}`)
  await page.getByRole('button', { name: 'Delete connection', exact: true }).click()
  await expect(row).toHaveCount(0)
  expect(ws.connections.has(bo.id)).toBe(false)
})
