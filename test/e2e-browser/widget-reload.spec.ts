/**
 * Reloading the console page closes the widget attempt it had open, in the harness as in the app (where main
 * watches the app window): the audit file shows the open and its close, and the attempt's host server is gone.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from './fixtures'

test('reloading the page closes the open attempt: audit open and close, host origin gone', async ({ page, harness }) => {
  const sb = harness.core.sandbox()
  if (!sb) throw new Error('the sandbox is not running')
  const target = (() => {
    for (const c of sb.state.listCustomers()) {
      for (const conn of sb.state.workspace(c).connections.values()) {
        if (['zendesk', 'jira', 'netsuite'].includes(conn.provider)) return { customerId: c.id, connectionId: conn.id }
      }
    }
    throw new Error('no API-key connection in the sandbox')
  })()
  await page.goto(`${harness.url}/#/widget?profileId=sandbox&customerId=${target.customerId}&connectionId=${target.connectionId}`)
  await expect(page.getByTestId('inspector-row').first()).toBeVisible({ timeout: 20_000 })
  const hostUrl = page
    .frames()
    .find((f) => f.url().includes('/__embedded_console/widget-host'))
    ?.url()
  expect(hostUrl).toBeTruthy()

  await page.reload()
  const audit = async () =>
    (await readFile(path.join(harness.dataDir, 'audit', 'audit.jsonl'), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { action: string; attemptId: string; detail: string | null })
      .filter((l) => l.action.startsWith('widget.'))
  // The reloaded page shows the same widget link, so it opens a new attempt; the old one was closed first.
  const closeOf = async (id: string | undefined) => (await audit()).find((l) => l.action === 'widget.close' && l.attemptId === id)
  const first = (await audit())[0]
  expect(first?.action).toBe('widget.open')
  await expect.poll(async () => (await closeOf(first?.attemptId))?.detail ?? null).toMatch(/reloaded or closed/)
  const opens = (await audit()).filter((l) => l.action === 'widget.open')
  expect(new Set(opens.map((l) => l.attemptId)).size).toBe(opens.length)
  // The attempt's host page is no longer served anywhere.
  await expect
    .poll(() =>
      fetch(hostUrl ?? '').then(
        (r) => r.status,
        () => 'gone',
      ),
    )
    .toBe('gone')
})
