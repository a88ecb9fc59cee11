/** The token inspector screen: a pasted JWT (foreign key, wrong claims) and the token of a widget attempt. */
import { activeProfileId, rpc } from './console-helpers'
import { foreignExpiredToken } from './flows-helpers'
import { expect, test } from './fixtures'

test('a pasted token signed with another key: signature invalid, findings in words, header and claims shown', async ({ page, harness }) => {
  const jwt = await foreignExpiredToken()

  await page.goto(`${harness.url}/#/tokens`)
  await expect(page.getByTestId('token-inspector')).toBeVisible()
  await page.getByTestId('token-input').locator('textarea').fill(jwt)
  await page.getByTestId('token-inspect').click()
  await expect(page.getByTestId('token-valid')).toHaveText('Workato will refuse this token')
  await expect(page.getByTestId('token-signature')).toHaveText('Signature: invalid')
  const findings = page.getByTestId('token-finding')
  expect(await findings.count()).toBeGreaterThan(0)
  // The expiry and the foreign vendor in `sub` are both called out.
  await expect(page.getByTestId('token-findings')).toContainText(/expired|in the past/i)
  await expect(page.getByTestId('token-claims')).toContainText('someone-else:100001')
  await expect(page.getByTestId('token-header')).toContainText('RS256')

  // Not a JWT at all: refused with a reason, not a crash.
  await page.getByTestId('token-input').locator('textarea').fill('definitely-not-a-jwt')
  await page.getByTestId('token-inspect').click()
  await expect(page.getByTestId('token-valid')).toHaveText('Workato will refuse this token')
  expect(await page.getByTestId('token-finding').count()).toBeGreaterThan(0)
  // The old token's claims are gone with it: nothing on screen belongs to other text.
  await expect(page.getByTestId('token-inspector')).not.toContainText('someone-else:100001')

  // Editing re-inspects by itself; emptying the box clears the verdict.
  await page.getByTestId('token-input').locator('textarea').fill(jwt)
  await expect(page.getByTestId('token-claims')).toContainText('someone-else:100001')
  await page.getByTestId('token-input').locator('textarea').fill('')
  await expect(page.getByTestId('token-valid')).toHaveCount(0)
  await expect(page.getByTestId('token-claims')).toHaveCount(0)
})

test('the token of a widget attempt opens with ?attempt=<id>, verified with the profile key', async ({ page, harness }) => {
  const profileId = await activeProfileId(harness)
  const customerId = 100_001
  const conns = await rpc<{ items: { id: number }[] }>(harness, 'connections:list', { profileId, customerId })
  const connectionId = conns.items[0]?.id
  if (!connectionId) throw new Error('seeded customer has no connections')
  const attempt = await rpc<{ attemptId: string }>(harness, 'widget:open', { profileId, customerId, connectionId })

  await page.goto(`${harness.url}/#/tokens?attempt=${attempt.attemptId}`)
  await expect(page.getByTestId('token-verdict')).toContainText(`token of widget attempt ${attempt.attemptId}`)
  await expect(page.getByTestId('token-valid')).toHaveText('Workato should accept this token')
  await expect(page.getByTestId('token-claims')).toContainText(String(customerId))
})
