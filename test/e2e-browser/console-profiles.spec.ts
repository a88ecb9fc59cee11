/** Profiles as staff set them up: secrets shown only as "stored", keys generated or imported, registered, tested. */
import { generateKeyPairSync } from 'node:crypto'
import type { Page } from '@playwright/test'
import { takeApiDown } from './console-helpers'
import { expect, fastRetry, test } from './fixtures'

const tableRow = (page: Page, name: string) => page.getByTestId('profiles-table').locator('tr', { hasText: name })

async function addProfile(page: Page, name: string) {
  await page.getByTestId('add-profile').click()
  await page.getByTestId('profile-name').locator('input').fill(name)
  await page.getByTestId('profile-token').locator('input').fill('wrkaus-e2e-token-0123456789')
  await page.getByTestId('profile-save').click()
  await expect(tableRow(page, name)).toBeVisible()
  // A new profile's next step opens by itself: its signing key and a connection test.
  const detail = page.getByTestId('profile-detail')
  await expect(detail).toBeVisible()
  await expect(detail.getByTestId('key-setup')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(detail).toBeHidden()
}

test('the first real profile takes over from the Sandbox and says so; origins must be bare origins', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/profiles`)
  await page.getByTestId('add-profile').click()
  await page.getByTestId('profile-name').locator('input').fill('Acme origins')
  await page.getByTestId('profile-token').locator('input').fill('wrkaus-e2e-token-0123456789')
  const origins = page.getByTestId('profile-origins')
  await origins.locator('.n-button').click()
  await origins.locator('input').fill('https://app.acme.example/embed?x=1')
  await origins.locator('input').press('Enter')
  await page.getByTestId('profile-save').click()
  // Refused with the origin it probably meant; nothing typed is lost.
  await expect(page.getByTestId('profile-form')).toContainText('An origin has no path, query or fragment: use https://app.acme.example')
  await expect(page.getByTestId('profile-name').locator('input')).toHaveValue('Acme origins')
  await origins.locator('.n-tag__close').click()
  await origins.locator('.n-button').click()
  await origins.locator('input').fill('https://app.acme.example')
  await origins.locator('input').press('Enter')
  await expect(page.getByTestId('profile-form')).not.toContainText('An origin has no path')
  await page.getByTestId('profile-save').click()
  await expect(page.getByText('Added “Acme origins”; you are now working in it')).toBeVisible()
  await expect(page.getByTestId('profile-banner')).toContainText('Acme origins')
  await page.keyboard.press('Escape')

  // The built-in Sandbox: only its name and origin URLs are editable, and the running sandbox follows at once.
  await tableRow(page, 'Sandbox').getByTestId('profile-edit').click()
  await expect(page.getByTestId('profile-managed-note')).toBeVisible()
  await expect(page.getByTestId('profile-dc')).toHaveCount(0)
  await expect(page.getByTestId('profile-token')).toHaveCount(0)
  const sbOrigins = page.getByTestId('profile-origins')
  await sbOrigins.locator('.n-button').click()
  await sbOrigins.locator('input').fill('https://support.acme.example')
  await sbOrigins.locator('input').press('Enter')
  await page.getByTestId('profile-save').click()
  await expect(page.getByText('Saved “Sandbox”')).toBeVisible()
  expect(harness.core.sandbox()?.state.vendorOrigins).toContain('https://support.acme.example')
})

test('the Sandbox profile: key details, connection test with latency, and registration returning the vendor id', async ({
  page,
  harness,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(`${harness.url}/#/profiles`)
  await tableRow(page, 'Sandbox').getByTestId('profile-details').click()
  const detail = page.getByTestId('profile-detail')
  await expect(detail.getByTestId('token-stored')).toContainText('stored')
  await expect(detail.getByTestId('key-fingerprint')).toHaveText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
  await expect(detail.getByTestId('key-thumbprint')).toHaveText(/^[A-Za-z0-9_-]{43}$/)
  await expect(detail.getByTestId('key-public-pem').locator('textarea')).toHaveValue(/^-----BEGIN PUBLIC KEY-----/)
  await detail.getByRole('button', { name: 'Copy public key' }).click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/)
  // The private key never reaches the page.
  expect(await page.content()).not.toContain('PRIVATE KEY-----')

  await detail.getByTestId('profile-test').click()
  const result = detail.getByTestId('profile-test-result')
  await expect(result).toContainText('Connected')
  await expect(result).toContainText(/\d+ ms/)

  await detail.getByTestId('key-register').click()
  const vendor = harness.core.sandbox()?.vendorId ?? 'missing'
  await expect(detail.getByTestId('key-registered')).toContainText(vendor)
})

test('a new profile: token shown only as stored; generate a 2048-bit key; the table shows its fingerprint', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/profiles`)
  await addProfile(page, 'Acme test workspace')
  const row = tableRow(page, 'Acme test workspace')
  await expect(row).toContainText('stored')
  await expect(row).toContainText('none')
  await row.getByTestId('profile-details').click()
  const detail = page.getByTestId('profile-detail')
  await expect(detail.getByTestId('key-setup')).toBeVisible() // no key yet: the setup is offered at once
  await detail.getByTestId('key-generate').click()
  await expect(detail.getByTestId('key-info')).toContainText('RSA 2048 · generated here')
  const fp = (await detail.getByTestId('key-fingerprint').innerText()).trim()
  await page.keyboard.press('Escape')
  await expect(row).toContainText(`RSA 2048 · ${fp.slice(0, 8)}`)
  // The form never shows the token again: only that one is stored.
  await row.getByRole('button', { name: 'Edit' }).click()
  await expect(page.getByTestId('profile-token').locator('input')).toHaveValue('')
  await expect(page.getByTestId('profile-form')).toContainText('stored in the keychain')
})

test('importing an encrypted PEM asks for the passphrase, refuses a wrong one, accepts the right one', async ({ page, harness }) => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }) as string

  await page.goto(`${harness.url}/#/profiles`)
  await addProfile(page, 'Import test')
  await tableRow(page, 'Import test').getByTestId('profile-details').click()
  const detail = page.getByTestId('profile-detail')
  await detail.locator('.n-tabs-tab', { hasText: 'Import PEM' }).click()

  // Garbage first: a precise refusal, and the box keeps what was pasted.
  await detail.getByTestId('key-pem').locator('textarea').fill('not a key')
  await detail.getByTestId('key-import').click()
  await expect(detail.getByTestId('key-error')).toBeVisible()
  // The hint reads whole (a PEM header line in it was once blanked by the redactor).
  await expect(detail.getByTestId('key-error')).toContainText('"BEGIN PRIVATE KEY"')
  await expect(detail.getByTestId('key-error')).not.toContainText('redacted')
  await expect(detail.getByTestId('key-pem').locator('textarea')).toHaveValue('not a key')
  // Editing the text takes the old verdict away.
  await detail.getByTestId('key-pem').locator('textarea').fill('not a key either')
  await expect(detail.getByTestId('key-error')).toBeHidden()

  await detail.getByTestId('key-pem').locator('textarea').fill(encrypted)
  await detail.getByTestId('key-import').click()
  await expect(detail.getByTestId('key-error')).toContainText('passphrase')
  const pass = detail.getByTestId('key-passphrase').locator('input')
  await pass.fill('wrong')
  await pass.press('Enter')
  await expect(detail.getByTestId('key-error')).toContainText(/passphrase is wrong/i)
  await pass.fill('correct horse')
  await detail.getByTestId('key-import').click()
  await expect(detail.getByTestId('key-info')).toContainText('RSA 2048 · imported (encrypted-pkcs8)')
})

test('importing from a .pem file via the file picker', async ({ page, harness }) => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string
  await page.goto(`${harness.url}/#/profiles`)
  await addProfile(page, 'File import')
  await tableRow(page, 'File import').getByTestId('profile-details').click()
  const detail = page.getByTestId('profile-detail')
  await detail.locator('.n-tabs-tab', { hasText: 'Import PEM' }).click()
  await detail.getByTestId('key-file').setInputFiles({ name: 'partner.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(pem) })
  await expect(detail.getByTestId('key-pem').locator('textarea')).toHaveValue(/BEGIN RSA PRIVATE KEY/)
  await detail.getByTestId('key-import').click()
  await expect(detail.getByTestId('key-info')).toContainText('imported (pkcs1)')
  // Once stored, the window forgets the private key.
  expect(await page.content()).not.toContain('PRIVATE KEY-----')
})

test.describe('against a dead API (fast backoff)', () => {
  test.use({ harnessOptions: { retry: fastRetry } })
  test('the connection test reports a failure in words when the API is down', async ({ page, harness }) => {
    await page.goto(`${harness.url}/#/profiles`)
    await expect(tableRow(page, 'Sandbox')).toBeVisible()
    await takeApiDown(harness)
    await tableRow(page, 'Sandbox').getByTestId('profile-details').click()
    const detail = page.getByTestId('profile-detail')
    await detail.getByTestId('profile-test').click()
    await expect(detail.getByTestId('profile-test-result').or(detail.getByTestId('profile-test-error'))).toContainText(/Failed|reach|unreachable/i, {
      timeout: 30_000,
    })
  })
})

test('deleting a profile says which secrets go, and removes it', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/profiles`)
  await addProfile(page, 'Short-lived')
  await tableRow(page, 'Short-lived').getByRole('button', { name: 'Delete' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog).toContainText('Delete profile “Short-lived”?')
  await expect(dialog).toContainText('deletes its API token')
  await dialog.getByRole('button', { name: 'Delete profile and secrets' }).click()
  await expect(tableRow(page, 'Short-lived')).toHaveCount(0)
})
