/**
 * Members as the widget token's user (reference §2.7, §7.2): the customer's Members tab lists them; the widget
 * form picks one, the decoded token's sub carries it, and a member id that is not this customer's member is
 * refused with a sentence before any token is signed. One journey on purpose (Members tab → form → widget →
 * token → refusal), so it runs longer than most specs (about 8 s of steps on an idle machine, 14–19 s here under
 * load); it waits on nothing but the screen.
 */
import type { Harness } from '../harness/server'
import { expect, test } from './fixtures'

function customerWithMembers(h: Harness) {
  const sb = h.core.sandbox()
  if (!sb) throw new Error('the sandbox is not running')
  const all = sb.state.listCustomers()
  for (const c of all) {
    const members = sb.state.members.list(c)
    const conn = [...sb.state.workspace(c).connections.values()].find((x) => ['zendesk', 'jira', 'netsuite'].includes(x.provider))
    const other = all.find((o) => o.id !== c.id && sb.state.members.list(o).length > 0)
    if (members.length >= 2 && members.length < 20 && conn && other)
      return { customer: c, members, connectionId: conn.id, stranger: sb.state.members.list(other)[0]?.id ?? 0 }
  }
  throw new Error('no seeded customer with members and an API-key connection')
}

test('a member chosen for a widget token is in the decoded token; a non-member is refused with the reason', async ({ page, harness }) => {
  const { customer, members, connectionId, stranger } = customerWithMembers(harness)
  const member = members[1]
  if (!member) throw new Error('seed')

  // The Members tab lists them, with the id to copy and a way into the widget form.
  await page.goto(`${harness.url}/#/customers/${customer.id}?tab=members`)
  const row = page.locator('[data-testid="members-table"] tbody tr').filter({ hasText: String(member.id) })
  await expect(row).toContainText(member.name)
  await expect(page.getByTestId('members-count')).toContainText(`${members.length} of ${members.length} members`)
  await row.getByTestId('member-widget').click()

  // The form is filled with the customer and the member; the connection id is the one thing left to type.
  await expect(page.getByTestId('widget-start')).toBeVisible()
  await expect(page.getByTestId('widget-member')).toContainText(member.name)
  await page.getByTestId('widget-connection-id').locator('input').fill(String(connectionId))
  await page.getByTestId('widget-open').click()
  await expect(page.getByTestId('widget-target-member')).toHaveText(String(member.id))
  await page.getByTestId('widget-token').click()
  await expect(page.getByTestId('claim-sub')).toHaveText(`${harness.core.sandbox()?.vendorId}:${customer.id}:${member.id}`)
  await page.keyboard.press('Escape')

  // Another customer's member: refused before signing, with the member and the customer named.
  await page.goto(`${harness.url}/#/widget?profileId=sandbox&customerId=${customer.id}&connectionId=${connectionId}&memberId=${stranger}`)
  await expect(page.getByTestId('widget-open-error')).toContainText(
    `${stranger} is not a member of customer ${customer.id}, so no token was signed for it.`,
  )
  await expect(page.getByTestId('widget-open-error')).toContainText('Members tab')

  // A typed id that is not a number never leaves the form.
  await page.goto(`${harness.url}/#/widget`)
  await page.getByTestId('widget-customer-id').locator('input').fill(String(customer.id))
  await page.getByTestId('widget-connection-id').locator('input').fill(String(connectionId))
  await page.getByTestId('widget-member').click()
  await page.keyboard.type('alice')
  await page.keyboard.press('Enter')
  await expect(page.getByText('“alice” is not a member id')).toBeVisible()
  await expect(page.getByTestId('widget-open')).toBeDisabled()
})

test('at the smallest window the Widget as member button is on screen without scrolling the table sideways', async ({ page, harness }) => {
  const { customer } = customerWithMembers(harness)
  await page.setViewportSize({ width: 1024, height: 640 })
  await page.goto(`${harness.url}/#/customers/${customer.id}?tab=members`)
  await expect(page.getByTestId('member-widget').first()).toBeInViewport()
})
