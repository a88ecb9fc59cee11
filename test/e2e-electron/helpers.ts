/**
 * Shared by the Electron E2E specs: finds unconnected connections of the given providers, one per customer, through
 * the app's own API on the built-in Sandbox profile.
 */
import { expect, type ElectronApplication, type Page } from '@playwright/test'

export interface Target {
  customerId: number
  connectionId: number
}

/** Unconnected connections of the given providers, one per customer, through the app's own API (Sandbox profile). */
export async function findTargets(page: Page, providers: string[], count: number): Promise<Target[]> {
  return page.evaluate(
    async ({ providers, count }) => {
      type R<T> = { ok: true; data: T } | { ok: false; error: { message: string } }
      const api = (window as unknown as { embeddedConsole: { api: Record<string, Record<string, (r?: unknown) => Promise<R<unknown>>>> } })
        .embeddedConsole.api
      const customers = (await api.customers.list({ profileId: 'sandbox' })) as R<{ items: { id: number }[] }>
      if (!customers.ok) throw new Error(customers.error.message)
      const out: { customerId: number; connectionId: number }[] = []
      for (const c of customers.data.items.slice(0, 60)) {
        const conns = (await api.connections.list({ profileId: 'sandbox', customerId: c.id })) as R<{
          items: { id: number; provider: string; authorization_status?: string | null }[]
        }>
        if (!conns.ok) continue
        const hit = conns.data.items.find((x) => providers.includes(x.provider) && x.authorization_status !== 'success')
        if (hit) out.push({ customerId: c.id, connectionId: hit.id })
        if (out.length === count) return out
      }
      throw new Error(`found ${out.length} of ${count} connections of ${providers.join('/')}`)
    },
    { providers, count },
  )
}

/** The app window once the built-in Sandbox profile is on screen. */
export async function sandboxWindow(app: ElectronApplication): Promise<Page> {
  const page = await app.firstWindow()
  await expect(page.getByTestId('profile-banner')).toContainText('Sandbox', { timeout: 30_000 })
  return page
}

/** Opens the live widget for `t` and waits until it runs in a pooled partition and has posted a message. */
export async function openWidget(page: Page, t: Target): Promise<void> {
  await page.evaluate((q) => {
    window.location.hash = `#/widget?profileId=sandbox&customerId=${q.customerId}&connectionId=${q.connectionId}`
  }, t)
  await expect(page.getByTestId('widget-webview')).toHaveAttribute('partition', /^widget-slot-\d+$/)
  await expect(page.getByTestId('inspector-row').first()).toBeVisible({ timeout: 20_000 })
}
