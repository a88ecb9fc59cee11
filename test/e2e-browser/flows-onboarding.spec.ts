/** Onboarding and activation as support staff do it: create the customer, import a package, fix every slot, start. */
import { writeZip } from '../../shared/recipe-package'
import { expect, test } from './fixtures'
import { buildPackage, importedCustomer, onboardedCustomer, onboardingManifest, setConnected, startRecipe } from './flows-helpers'

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
  expect(created).toMatchObject({
    name: 'Initech',
    external_id: 'INI-7',
    origin_url: 'https://app.initech.example',
    notification_email: 'ops@initech.example',
  })

  // A file that is not a zip is refused before upload.
  await page.getByTestId('onboard-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') })
  await expect(page.getByTestId('onboard-package')).toContainText('notes.txt is not a .zip file')
  await expect(page.getByTestId('onboard-import')).toBeDisabled()

  await page
    .getByTestId('onboard-file')
    .setInputFiles({ name: 'order-sync.zip', mimeType: 'application/zip', buffer: buildPackage(onboardingManifest) })
  // The chosen package is said once, with its size; the native "No file chosen" never shows.
  await expect(page.getByTestId('onboard-chosen-file')).toContainText(/Chosen: order-sync\.zip \(\d+\.\d KB\)/)
  await expect(page.getByTestId('onboard-package')).not.toContainText('No file chosen')
  await page.getByTestId('onboard-import').click()
  const result = page.getByTestId('import-result')
  await expect(result).toBeVisible()
  // Each status read shows on the timeline: accepted (processing), in progress, completed.
  await expect(page.getByTestId('import-step')).toHaveCount(5)
  await expect(page.getByTestId('import-progress')).toContainText('in progress')
  await expect(page.getByTestId('import-progress')).toContainText('Completed: 2 recipes imported.')
  const sync = page.getByTestId('import-recipe').filter({ hasText: 'Sync new orders to Salesforce' })
  await expect(sync).toContainText('no_update_or_updated_without_restart')
  await expect(sync).toContainText('Slack')
  await expect(page.getByTestId('import-recipe').filter({ hasText: 'Update order status' })).toContainText('none')
  await result.scrollIntoViewIfNeeded()

  await page.getByTestId('onboard-to-checklist').click()
  await expect(page).toHaveURL(new RegExp(`#/customers/${customerId}/activate$`))
  await expect(page.getByTestId('checklist-blocked')).toHaveText('2 blocked')

  // Coming back to onboarding starts over: no customer, and none of Initech's import is shown.
  await page.getByRole('link', { name: 'Onboard customer' }).click()
  await expect(page.getByTestId('onboard-name').locator('input')).toHaveValue('')
  await expect(page.getByTestId('import-progress')).toHaveCount(0)
  await expect(page.getByTestId('onboard-view')).not.toContainText('Completed: 2 recipes imported.')
  await expect(page.getByTestId('onboard-chosen-file')).toContainText('No package chosen.')

  // Nor under another customer picked in this wizard.
  // Naive UI's radio input is visually hidden (hence force); right after the page loads its handler may not be bound
  // yet, and Playwright then reports the state unchanged: try again until it takes.
  await expect(() => page.getByRole('radio', { name: 'Existing customer' }).check({ force: true, timeout: 2000 })).toPass()
  await page.getByTestId('onboard-existing-id').locator('input').fill('100002')
  await page.getByTestId('onboard-existing-id').locator('input').press('Enter')
  await expect(page.getByTestId('onboard-customer-chosen')).toContainText('id 100002')
  await expect(page.getByTestId('import-progress')).toHaveCount(0)
  await expect(page.getByTestId('onboard-import')).toBeDisabled()
})

test('onboard: a wrong existing customer id says there is no such customer, and Enter submits the id', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/onboard`)
  // Naive UI's radio input is visually hidden (hence force); right after the page loads its handler may not be bound
  // yet, and Playwright then reports the state unchanged: try again until it takes.
  await expect(() => page.getByRole('radio', { name: 'Existing customer' }).check({ force: true, timeout: 2000 })).toPass()
  const id = page.getByTestId('onboard-existing-id').locator('input')
  await id.fill('99999999')
  await id.press('Enter')
  const err = page.getByTestId('onboard-lookup-error')
  await expect(err).toContainText('No customer 99999999 in this workspace')
  await expect(err).toContainText('id column of Customers')
  await expect(page.getByTestId('onboard-customer')).not.toContainText('was not created')
  await expect(page.getByTestId('onboard-customer')).not.toContainText('Refresh the list')
  // Typing another id clears the stale message; the right one is found with Enter alone.
  await id.fill('100002')
  await expect(err).toHaveCount(0)
  await id.press('Enter')
  await expect(page.getByTestId('onboard-customer-chosen')).toContainText('id 100002')
})

test('onboard: a failing package shows Workato’s error, and nothing is created', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/onboard`)
  await page.getByTestId('onboard-name').locator('input').fill('Umbrella')
  await page.getByTestId('onboard-email').locator('input').fill('ops@umbrella.example')
  await page.getByTestId('onboard-create').click()
  await expect(page.getByTestId('onboard-customer-chosen')).toContainText('Umbrella')
  await page.getByTestId('onboard-file').setInputFiles({
    name: 'broken.zip',
    mimeType: 'application/zip',
    buffer: buildPackage({ ...onboardingManifest, fail: true, fail_reason: 'Lookup table "Regions" already exists with another schema' }),
  })
  await page.getByTestId('onboard-import').click()
  await expect(page.getByTestId('import-failed')).toContainText('Lookup table "Regions" already exists with another schema')
  await expect(page.getByTestId('import-result')).toHaveCount(0)

  // A zip without the manifest fails too, with a sentence that says why.
  await page
    .getByTestId('onboard-file')
    .setInputFiles({ name: 'empty.zip', mimeType: 'application/zip', buffer: Buffer.from(writeZip({ 'readme.txt': 'nothing here' })) })
  await page.getByTestId('onboard-import').click()
  await expect(page.getByTestId('import-failed')).toContainText('no manifest.json')
})

test('onboard: a 2 MB package goes through; a 21 MB one is refused before upload with the limit in the message', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/onboard`)
  await page.getByTestId('onboard-name').locator('input').fill('Stark Industries')
  await page.getByTestId('onboard-email').locator('input').fill('ops@stark.example')
  await page.getByTestId('onboard-create').click()
  await expect(page.getByTestId('onboard-customer-chosen')).toContainText('Stark Industries')

  await page
    .getByTestId('onboard-file')
    .setInputFiles({ name: 'huge.zip', mimeType: 'application/zip', buffer: Buffer.alloc(21 * 1024 * 1024, 0x50) })
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
  // One line says what is chosen, and it is the sample: nothing contradicts it.
  await expect(page.getByTestId('onboard-chosen-file')).toContainText(/Chosen: sandbox-sample-order-sync\.zip \(.* KB, sandbox sample\)/)
  await expect(page.getByTestId('onboard-package')).not.toContainText('No file chosen')
  // Clearing it leaves nothing chosen, and nothing to import.
  await page.getByTestId('onboard-clear-file').click()
  await expect(page.getByTestId('onboard-chosen-file')).toContainText('No package chosen.')
  await expect(page.getByTestId('onboard-sample-note')).toHaveCount(0)
  await expect(page.getByTestId('onboard-import')).toBeDisabled()
  await page.getByTestId('onboard-sample').click()
  await page.getByTestId('onboard-import').click()
  await expect(page.getByTestId('import-recipe')).toHaveCount(3)
  await expect(page.getByTestId('import-result')).toContainText('Open a Jira issue for failed orders')
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

  // Start asks first, naming the recipe and the customer, and says the slots are not ready.
  await card.getByTestId('checklist-start').click()
  const confirm = page.getByTestId('checklist-start-confirm')
  await expect(confirm).toContainText(`Recipe ${c.syncRecipeId} of customer Globex Corporation (id ${c.customerId})`)
  await expect(confirm).toContainText('2 connector slots are not ready')
  await expect(confirm).toContainText('Slack: no connection')
  await expect(confirm).toContainText('Salesforce: not authorised')
  await page.locator('.n-dialog').getByRole('button', { name: 'Cancel' }).click()
  await expect(confirm).toHaveCount(0)
  await expect(card.getByTestId('checklist-start-problems')).toHaveCount(0)

  // Starting anyway: Workato refuses and the config errors become the list of what to fix.
  await card.getByTestId('checklist-start').click()
  await page.getByRole('button', { name: 'Start anyway' }).click()
  const problems = card.getByTestId('checklist-start-problems')
  await expect(problems).toContainText('Salesforce is not connected')
  await expect(problems).toContainText('Slack connection is not selected')

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
  await expect(page.getByTestId('checklist-start-confirm')).toContainText('Every connector slot is bound and authorised')
  await page.getByRole('button', { name: 'Start recipe', exact: true }).click()
  await expect(card.getByTestId('checklist-recipe-state')).toHaveText('Running')
  await expect(card.getByTestId('checklist-start-problems')).toHaveCount(0)
  expect(recipe?.running).toBe(true)
  await expect(page.getByTestId('checklist-running')).toHaveText('1 running')
})

test('provider names read as their makers spell them: NetSuite and HubSpot on the checklist and the runtime users page', async ({
  page,
  harness,
}) => {
  const c = await importedCustomer(harness, 'Hooli', {
    name: 'Invoices',
    connections: [{ key: 'ns', provider: 'netsuite', name: 'Hooli ERP' }],
    recipes: [
      { name: 'Post invoices to NetSuite', slots: [{ provider: 'netsuite', connection: 'ns' }, { provider: 'hubspot' }] },
      { name: 'Sync NetSuite customers', slots: [{ provider: 'netsuite', connection: 'ns' }] },
    ],
  })
  const invoices = c.checklist.recipes.find((r) => r.name === 'Post invoices to NetSuite')
  const customers = c.checklist.recipes.find((r) => r.name === 'Sync NetSuite customers')
  const nsId = customers?.slots[0]?.accountId
  if (!invoices || !customers || !nsId) throw new Error('the package did not import as expected')
  await page.goto(`${harness.url}/#/customers/${c.customerId}/activate`)
  const card = page.locator(`[data-testid="checklist-recipe"][data-recipe-id="${invoices.id}"]`)
  await expect(card.locator('[data-slot="netsuite"] td').first()).toHaveText('NetSuite')
  await expect(card.locator('[data-slot="hubspot"] td').first()).toHaveText('HubSpot')
  await expect(card.locator('[data-slot="hubspot"]')).toContainText('No HubSpot connection exists yet')
  await expect(card).not.toContainText(/Netsuite|Hubspot/)
  // A new connection for the slot is proposed under the brand name.
  await card.locator('[data-slot="hubspot"]').getByTestId('checklist-bind').click()
  await expect(card.getByTestId('checklist-bind-name').locator('input')).toHaveValue('Hooli HubSpot')
  await card.getByTestId('checklist-start').click()
  await expect(page.getByTestId('checklist-start-confirm')).toContainText('NetSuite: not authorised')
  await page.locator('.n-dialog').getByRole('button', { name: 'Cancel' }).click()

  // A runtime user connection gets the brand name too (created in core).
  setConnected(harness, c.customerId, nsId, true)
  await startRecipe(harness, c.profileId, c.customerId, customers.id)
  await page.goto(`${harness.url}/#/customers/${c.customerId}/runtime-users?recipe=${customers.id}`)
  await expect(page.getByTestId('runtime-slot')).toContainText('NetSuite · default connection')
  await page.getByTestId('runtime-end-user').locator('input').fill('ana@hooli.example')
  await page.getByTestId('runtime-check').click()
  await expect(page.getByTestId('runtime-outcome')).toContainText('"NetSuite for ana@hooli.example"')
  const row = page.locator('[data-testid="runtime-user-row"][data-end-user="ana@hooli.example"]')
  await expect(row).toContainText('NetSuite for ana@hooli.example')
  await expect(row).toContainText('· NetSuite')
  await expect(page.getByTestId('runtime-users-view')).not.toContainText(/Netsuite|Hubspot/)
})
