/** Onboarding and activation as support staff do it: create the customer, import a package, fix every slot, start. */
import { writeZip } from '../../electron/sandbox/package-zip'
import { expect, test } from './fixtures'
import { buildPackage, onboardedCustomer, onboardingManifest, setConnected, shoot } from './flows-helpers'

test('onboard: create the customer, import a package (progress, then the result per recipe), continue to activation', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/onboard`)
  await expect(page.getByTestId('onboard-view')).toBeVisible()

  // Validation happens before anything is sent, next to the field.
  await page.getByTestId('onboard-name').locator('input').fill('Initech')
  await page.getByTestId('onboard-email').locator('input').fill('not-an-email')
  await page.getByTestId('onboard-origin').locator('input').fill('http://initech.example')
  await page.getByTestId('onboard-create').click()
  await expect(page.getByTestId('onboard-customer')).toContainText('Enter a valid email address')
  await expect(page.getByTestId('onboard-customer')).toContainText('Origin URL must be an https:// URL')

  await page.getByTestId('onboard-email').locator('input').fill('ops@initech.example')
  await page.getByTestId('onboard-external-id').locator('input').fill('INI-7')
  await page.getByTestId('onboard-origin').locator('input').fill('https://app.initech.example')
  await page.getByTestId('onboard-create').click()
  const chosen = page.getByTestId('onboard-customer-chosen')
  await expect(chosen).toContainText('Initech')
  await expect(chosen).toContainText('external id INI-7')
  const customerId = Number((await chosen.locator('text=/^id \\d+$/').innerText()).replace('id ', ''))
  // It exists in the sandbox with what we typed.
  const created = harness.core.sandbox()?.state.getCustomer(customerId)
  expect(created).toMatchObject({ name: 'Initech', external_id: 'INI-7', origin_url: 'https://app.initech.example', notification_email: 'ops@initech.example' })

  // A file that is not a zip is refused before upload.
  await page.getByTestId('onboard-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') })
  await expect(page.getByTestId('onboard-package')).toContainText('notes.txt is not a .zip file')
  await expect(page.getByTestId('onboard-import')).toBeDisabled()

  await page.getByTestId('onboard-file').setInputFiles({ name: 'order-sync.zip', mimeType: 'application/zip', buffer: buildPackage(onboardingManifest) })
  await page.getByTestId('onboard-import').click()
  const result = page.getByTestId('import-result')
  await expect(result).toBeVisible()
  // Each status read shows on the timeline: accepted (processing), in progress, completed.
  await expect(page.getByTestId('import-step')).toHaveCount(5)
  await expect(page.getByTestId('import-progress')).toContainText('in progress')
  await expect(page.getByTestId('import-progress')).toContainText('Completed: 2 recipes imported.')
  const sync = page.getByTestId('import-recipe').filter({ hasText: 'Sync new orders to Salesforce' })
  await expect(sync).toContainText('no_update_or_updated_without_restart')
  await expect(sync).toContainText('slack')
  await expect(page.getByTestId('import-recipe').filter({ hasText: 'Update order status' })).toContainText('none')
  await result.scrollIntoViewIfNeeded()
  await shoot(page, 'flows-onboarding-import')

  await page.getByTestId('onboard-to-checklist').click()
  await expect(page).toHaveURL(new RegExp(`#/customers/${customerId}/activate$`))
  await expect(page.getByTestId('checklist-blocked')).toHaveText('2 blocked')
})

test('onboard: a failing package shows Workato’s error, and nothing is created', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/onboard`)
  await page.getByTestId('onboard-name').locator('input').fill('Umbrella')
  await page.getByTestId('onboard-email').locator('input').fill('ops@umbrella.example')
  await page.getByTestId('onboard-create').click()
  await expect(page.getByTestId('onboard-customer-chosen')).toContainText('Umbrella')
  await page
    .getByTestId('onboard-file')
    .setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: buildPackage({ ...onboardingManifest, fail: true, fail_reason: 'Lookup table "Regions" already exists with another schema' }) })
  await page.getByTestId('onboard-import').click()
  await expect(page.getByTestId('import-failed')).toContainText('Lookup table "Regions" already exists with another schema')
  await expect(page.getByTestId('import-result')).toHaveCount(0)

  // A zip without the manifest fails too, with a sentence that says why.
  await page.getByTestId('onboard-file').setInputFiles({ name: 'empty.zip', mimeType: 'application/zip', buffer: writeZip({ 'readme.txt': 'nothing here' }) })
  await page.getByTestId('onboard-import').click()
  await expect(page.getByTestId('import-failed')).toContainText('no manifest.json')
})

test('onboard: a 2 MB package goes through; a 21 MB one is refused before upload with the limit in the message', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/onboard`)
  await page.getByTestId('onboard-name').locator('input').fill('Stark Industries')
  await page.getByTestId('onboard-email').locator('input').fill('ops@stark.example')
  await page.getByTestId('onboard-create').click()
  await expect(page.getByTestId('onboard-customer-chosen')).toContainText('Stark Industries')

  await page.getByTestId('onboard-file').setInputFiles({ name: 'huge.zip', mimeType: 'application/zip', buffer: Buffer.alloc(21 * 1024 * 1024, 0x50) })
  await expect(page.getByTestId('onboard-package')).toContainText('huge.zip is 21.0 MB; the console sends packages of at most 20 MB.')
  await expect(page.getByTestId('onboard-import')).toBeDisabled()

  // Packages carry more than the manifest (recipe JSON, lookup tables): 2 MB of it still imports.
  const padded = buildPackage(onboardingManifest, { 'lookup_tables/regions.csv': 'region,code\n'.repeat(180_000) })
  expect(padded.length).toBeGreaterThan(2 * 1024 * 1024)
  await page.getByTestId('onboard-file').setInputFiles({ name: 'big-but-fine.zip', mimeType: 'application/zip', buffer: padded })
  await page.getByTestId('onboard-import').click()
  await expect(page.getByTestId('import-result')).toContainText('Sync new orders to Salesforce')
})

test('onboard an existing customer (?customerId=) with the sandbox sample package', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/onboard?customerId=100002`)
  await expect(page.getByTestId('onboard-customer-chosen')).toContainText('id 100002')
  await page.getByTestId('onboard-sample').click()
  await expect(page.getByTestId('onboard-sample-note')).toContainText('3 recipes, 2 connections')
  await page.getByTestId('onboard-import').click()
  await expect(page.getByTestId('import-recipe')).toHaveCount(3)
  await expect(page.getByTestId('import-result')).toContainText('Open a Jira issue for failed orders')
  await shoot(page, 'flows-onboarding-sample')
})

test('activate: bind the unbound slot, a refused start lists what to fix, authenticate, start', async ({ page, harness }) => {
  const c = await onboardedCustomer(harness)
  // Reached from the customer's page, where staff already are.
  await page.goto(`${harness.url}/#/customers/${c.customerId}`)
  await page.getByTestId('customer-to-checklist').click()
  await expect(page).toHaveURL(new RegExp(`#/customers/${c.customerId}/activate$`))
  const card = page.locator(`[data-testid="checklist-recipe"][data-recipe-id="${c.syncRecipeId}"]`)
  await expect(card).toBeVisible()
  await expect(card.locator('[data-slot="slack"]')).toHaveAttribute('data-state', 'unbound')
  await expect(card.locator('[data-slot="slack"]')).toContainText('No Slack connection exists yet')
  await expect(card.locator('[data-slot="salesforce"]')).toHaveAttribute('data-state', 'unauthorised')

  // Starting now: Workato refuses and the config errors become the list of what to fix.
  await card.getByTestId('checklist-start').click()
  const problems = card.getByTestId('checklist-start-problems')
  await expect(problems).toContainText('Salesforce is not connected')
  await expect(problems).toContainText('Slack connection is not selected')
  await shoot(page, 'flows-checklist')

  // Bind a new shell connection to the Slack slot.
  await card.getByTestId('checklist-bind').click()
  await card.getByTestId('checklist-bind-name').locator('input').fill('Globex Slack')
  await card.getByTestId('checklist-bind-confirm').click()
  await expect(card.locator('[data-slot="slack"]')).toHaveAttribute('data-state', 'unauthorised')
  await expect(card.locator('[data-slot="slack"]')).toContainText('Globex Slack')
  // The old refusal described the unbound slot: it goes once the slot changes.
  await expect(problems).toHaveCount(0)

  // "Authenticate" opens the live widget on that slot's connection.
  await card.locator('[data-slot="salesforce"]').getByTestId('checklist-authenticate').click()
  await expect(page).toHaveURL(new RegExp(`#/widget\\?.*connectionId=${c.salesforceId}`))
  await page.goBack()

  // The customer authenticates both (on the sandbox's side here), the checklist re-checks, the recipe starts.
  const state = harness.core.sandbox()?.state
  const customer = state?.getCustomer(c.customerId)
  const recipe = customer && state?.workspace(customer).recipes.get(c.syncRecipeId)
  for (const slot of recipe?.config ?? []) if (slot.account_id) setConnected(harness, c.customerId, slot.account_id, true)
  await page.getByTestId('checklist-refresh').click()
  await expect(card.getByTestId('checklist-recipe-state')).toHaveText('Ready to start')
  await card.getByTestId('checklist-start').click()
  await expect(card.getByTestId('checklist-recipe-state')).toHaveText('Running')
  await expect(card.getByTestId('checklist-start-problems')).toHaveCount(0)
  expect(recipe?.running).toBe(true)
  await expect(page.getByTestId('checklist-running')).toHaveText('1 running')
  await shoot(page, 'flows-checklist-running')
})
