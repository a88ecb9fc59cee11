/**
 * The audit trail on screen (issue 14, item 2): what a support person did in this session is listed with who,
 * what and how it ended; an edited line is named; a damaged file is kept aside and a new chain starts.
 * The first test is longer than most on purpose: it takes its actions on three screens
 * (recipes, widget, audit), since "everything the other screens did is listed" is the point.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { activeProfileId, rpc } from './console-helpers'
import type { Harness } from '../harness/server'

const rows = (page: Page) => page.locator('[data-testid="audit-table"] tbody tr[data-testid="audit-row"]')
const row = (page: Page, action: string) => page.locator(`[data-testid="audit-table"] tbody tr[data-action="${action}"]`)

/** A running recipe, read from the in-process sandbox (no API calls: the spec stays fast). */
function runningRecipe(h: Harness): { customerId: number; recipeId: number } {
  const sb = h.core.sandbox()
  if (!sb) throw new Error('the sandbox is not running')
  for (const c of sb.state.listCustomers()) {
    const r = [...sb.state.workspace(c).recipes.values()].find((x) => x.running)
    if (r) return { customerId: c.id, recipeId: r.id }
  }
  throw new Error('no running recipe in the sandbox')
}

function neverAuthorisedConnection(h: Harness): { customerId: number; connectionId: number } {
  const sb = h.core.sandbox()
  if (!sb) throw new Error('the sandbox is not running')
  for (const c of sb.state.listCustomers()) {
    for (const conn of sb.state.workspace(c).connections.values()) {
      if (['zendesk', 'jira', 'netsuite'].includes(conn.provider) && !conn.authorization_status) return { customerId: c.id, connectionId: conn.id }
    }
  }
  throw new Error('no API-key connection in the sandbox')
}

test('every action taken in the console is in the trail, searchable, and exported without secrets', async ({ page, harness }) => {
  const profileId = await activeProfileId(harness)
  // Stop and start a recipe on its screen.
  const recipe = runningRecipe(harness)
  await page.goto(`${harness.url}/#/customers/${recipe.customerId}?tab=recipes`)
  const recipeRow = page.locator(`[data-testid="recipes-table"] tbody [data-recipe-id="${recipe.recipeId}"]`)
  await recipeRow.getByTestId('recipe-stop').click()
  await page.getByRole('button', { name: 'Stop recipe' }).click()
  await expect(recipeRow.getByTestId('recipe-state')).toHaveText('Stopped')
  await recipeRow.getByTestId('recipe-start').click()
  await page.getByRole('button', { name: 'Start recipe' }).click()
  await expect(recipeRow.getByTestId('recipe-state')).toHaveText('Running')
  // Create a connection and rename the profile through the contract (the same handlers the screens call).
  await rpc(harness, 'connections:create', {
    profileId,
    customerId: recipe.customerId,
    input: { provider: 'zendesk', name: 'Audit probe connection', shell_connection: true },
  })
  await rpc(harness, 'profiles:update', { profileId, patch: { name: 'Sandbox (audited)' } })
  // Open a live widget.
  const w = neverAuthorisedConnection(harness)
  await page.goto(`${harness.url}/#/widget?profileId=${profileId}&customerId=${w.customerId}&connectionId=${w.connectionId}`)
  await expect(page.getByTestId('widget-status')).toContainText('Live')

  await page.goto(`${harness.url}/#/audit`)
  await expect(page.getByTestId('audit-chain')).toHaveAttribute('data-state', 'ok')
  for (const action of ['recipe.stop', 'recipe.start', 'connection.create', 'profile.update', 'widget.open'])
    await expect(row(page, action)).toHaveCount(1)
  await expect(row(page, 'recipe.start')).toContainText(`recipe ${recipe.recipeId}`)
  await expect(row(page, 'recipe.start')).toContainText(String(recipe.customerId))
  await expect(row(page, 'recipe.start')).toContainText('ok')
  await expect(row(page, 'widget.open')).toContainText(`connection ${w.connectionId}`)
  await expect(row(page, 'profile.update')).toContainText('changed: name')
  // Newest first: the widget was opened last.
  await expect(rows(page).first()).toHaveAttribute('data-action', 'widget.open')

  await page.getByTestId('audit-search').locator('input').fill('audit probe')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first()).toHaveAttribute('data-action', 'connection.create')
  await expect(page.getByTestId('audit-count')).toContainText('1 of')

  await page.getByTestId('audit-export').click()
  await expect(page.getByTestId('audit-exported')).toContainText('Saved 1 row')
  const exports = await readdir(path.join(harness.dataDir, 'exports'))
  const csv = await readFile(path.join(harness.dataDir, 'exports', exports.find((f) => f.endsWith('.csv')) ?? ''), 'utf8')
  expect(csv).toContain('connection.create')
  expect(csv).toContain('Audit probe connection')
  expect(csv).not.toContain('recipe.start')
})

test('an edited line is named; a damaged file is kept aside and a new chain starts', async ({ page, harness }) => {
  const profileId = await activeProfileId(harness)
  for (let i = 0; i < 3; i++) await rpc(harness, 'profiles:setActive', { profileId })
  const file = path.join(harness.dataDir, 'audit', 'audit.jsonl')
  const lines = (await readFile(file, 'utf8')).trim().split('\n')
  expect(lines.length).toBeGreaterThanOrEqual(3)
  // Someone edits the second line in a text editor to hide what was done.
  lines[1] = (lines[1] ?? '').replace(`"profile ${profileId}"`, '"profile someone-else"')
  await writeFile(file, lines.join('\n') + '\n')

  await page.goto(`${harness.url}/#/audit`)
  const chain = page.getByTestId('audit-chain')
  await expect(chain).toHaveAttribute('data-state', 'broken')
  await expect(chain).toContainText('line 2 of audit.jsonl was changed after it was written')

  // Now the file is damaged beyond reading (a torn write, a bad merge): it is kept, and a new chain starts.
  await writeFile(file, '{"seq": 9, "this is not an audit line\n', { flag: 'a' })
  await page.getByTestId('audit-refresh').click()
  const aside = page.getByTestId('audit-set-aside')
  await expect(aside).toContainText(/audit\.corrupt-.+\.jsonl/)
  await expect(chain).toHaveAttribute('data-state', 'ok')
  await expect(row(page, 'audit.chain_restarted')).toHaveCount(1)
  await expect(row(page, 'audit.chain_restarted')).toContainText('could not be read (line')
  const names = await readdir(path.join(harness.dataDir, 'audit'))
  const kept = names.find((n) => n.startsWith('audit.corrupt-'))
  expect(await readFile(path.join(harness.dataDir, 'audit', kept ?? ''), 'utf8')).toContain('this is not an audit line')

  // Core also raised a notice (a toast over the page); the person reads it and closes it.
  const toast = page.locator('.n-notification', { hasText: 'The audit trail needs attention' })
  await expect(toast).toContainText('kept unchanged as audit.corrupt-')
  await toast.getByRole('button', { name: 'close' }).click()
  await page.getByTestId('audit-show-file').click()
  await expect(page.getByTestId('audit-shown')).toContainText(file)
})
