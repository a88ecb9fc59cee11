import { expect, test } from './fixtures'

test('opens on the built-in Sandbox profile, listed from core over the contract', async ({ page, harness }) => {
  await page.goto(harness.url)
  const banner = page.getByTestId('profile-banner')
  await expect(banner).toContainText('SANDBOX')
  await expect(banner).toContainText('Sandbox')
  await page.goto(`${harness.url}/#/profiles`)
  const table = page.getByTestId('profiles-table')
  await expect(table).toContainText('Sandbox')
  await expect(table).toContainText('stored') // the API token is in the vault, shown only as "stored"
  await expect(table).toContainText('RSA 2048')
})

test('the harness lists every operation at GET /rpc', async ({ request, harness }) => {
  const res = await request.get(`${harness.url}/rpc`)
  const body = (await res.json()) as { operations: { name: string }[] }
  const names = body.operations.map((o) => o.name)
  expect(names).toContain('profiles:list')
  expect(names).toContain('customers:list')
  expect(names.every((n) => /^[a-z]+:[a-zA-Z]+$/.test(n))).toBe(true)
})

test('a malformed payload gets a validation error, not a crash', async ({ request, harness }) => {
  const res = await request.post(`${harness.url}/rpc/profiles:setActive`, { data: { profileId: 'NOT A VALID ID!' } })
  const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } }
  expect(body.ok).toBe(false)
  expect(body.error.code).toBe('validation')
  expect(body.error.message).toContain('profileId')
})

test('the page has no Node: no require, process or ipcRenderer', async ({ page, harness }) => {
  await page.goto(harness.url)
  await expect(page.getByTestId('profile-banner')).toContainText('Sandbox')
  const reach = await page.evaluate(() => ({
    require: typeof (globalThis as Record<string, unknown>).require,
    process: typeof (globalThis as Record<string, unknown>).process,
    ipcRenderer: typeof (globalThis as Record<string, unknown>).ipcRenderer,
  }))
  expect(reach).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined' })
})

test('adds a production profile; a form error keeps what was typed; the token shows only as stored', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/profiles`)
  await page.getByTestId('add-profile').click()
  const token = page.getByTestId('profile-token').locator('input')
  await token.fill('wrkaus-test-token-123456')
  await page.getByTestId('profile-save').click()
  await expect(page.getByTestId('profile-form')).toContainText('Name is required')
  await expect(token).toHaveValue('wrkaus-test-token-123456')
  await page.getByTestId('profile-name').locator('input').fill('Acme production')
  await page.getByTestId('profile-save').click()
  const table = page.getByTestId('profiles-table')
  await expect(table).toContainText('Acme production')
  await expect(page.locator('body')).not.toContainText('wrkaus-test-token-123456')
  const row = table.locator('tr', { hasText: 'Acme production' })
  await expect(row).toContainText('production')
  await expect(row).toContainText('stored')
})
