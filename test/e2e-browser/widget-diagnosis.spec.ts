/**
 * A silent widget diagnosed from facts (reference §8.4): the host page's origin is dropped from the account
 * through the emulator handle before the widget loads, so the widget shows its own error page and posts nothing.
 * The console reads the page's reason into the inspector and names the exact origin that is not registered; the
 * token drawer does not call that origin "ok".
 */
import type { Harness } from '../harness/server'
import { expect, test } from './fixtures'

const PROFILE = 'sandbox'

function unconnected(h: Harness): { customerId: number; connectionId: number } {
  const sb = h.core.sandbox()
  if (!sb) throw new Error('the sandbox is not running')
  for (const c of sb.state.listCustomers()) {
    if (c.origin_url) continue // the host origin must be the only candidate, so the verdict is about it alone
    for (const conn of sb.state.workspace(c).connections.values())
      if (['zendesk', 'jira'].includes(conn.provider) && conn.authorization_status !== 'success') return { customerId: c.id, connectionId: conn.id }
  }
  throw new Error('no unconnected zendesk/jira connection on a customer without origin_url')
}

test('a silent widget is diagnosed with the exact origin that is not registered', async ({ page, harness }) => {
  const sb = harness.core.sandbox()
  if (!sb) throw new Error('no sandbox')
  const p = unconnected(harness)
  // Hold the widget's direct link until the host origin has been dropped from the account (the emulator handle).
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/direct_link/embedded/connections/**', async (route) => {
    await held
    await route.continue()
  })

  await page.goto(`${harness.url}/#/widget?profileId=${PROFILE}&customerId=${p.customerId}&connectionId=${p.connectionId}`)
  await expect(page.getByTestId('widget-target')).toContainText(`customer ${p.customerId}`)
  const attempts = await harness.core.handlers['widget:attempts'](undefined, { signal: new AbortController().signal })
  const hostOrigin = attempts[0]?.hostOrigin ?? ''
  expect(hostOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  sb.removeVendorOrigin(hostOrigin)
  release()

  const panel = page.getByTestId('widget-silence')
  await expect(panel).toBeVisible()
  // The widget page's own words, read into the screen and the inspector.
  await expect(panel).toContainText('The widget page refused to open: origin_not_allowed')
  await expect(page.getByTestId('inspector-row').filter({ hasText: 'widgetPage' })).toHaveCount(1)
  // The verdict names the host origin, and the facts say which one is wrong.
  await expect(page.getByTestId('silence-headline')).toContainText(
    `The host page's origin ${hostOrigin} (also the token's origin claim) is not registered`,
  )
  await expect(page.getByTestId('silence-fact-host_origin')).toHaveAttribute('data-ok', 'false')
  await expect(page.getByTestId('silence-fact-host_origin')).toContainText(hostOrigin)
  await expect(page.getByTestId('silence-fact-account_origins')).not.toContainText(hostOrigin)
  await expect(page.getByTestId('silence-fact-customer_origin')).toContainText('not set')

  // The token drawer agrees: the origin row is a problem, not "ok".
  await page.getByTestId('silence-inspect-token').click()
  const originCheck = page.getByTestId('check-origin')
  await expect(originCheck).toContainText('problem')
  await expect(originCheck).toContainText(`${hostOrigin} (also the token's origin claim) is not registered`)
})
