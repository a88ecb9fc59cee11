/** Shared by the browser specs and scripts/screenshots.ts: calling the harness's contract directly to find test data. */
import type { Page } from '@playwright/test'
import type { Harness } from '../harness/server'

interface RecipeLite {
  id: number
  name: string
  running: boolean
  config?: { account_id?: number | null; provider?: string | null }[]
}

/** Calls one contract operation over the harness's HTTP and returns its data (throws on an error envelope). */
export async function rpc<T>(h: Harness, op: string, payload: unknown): Promise<T> {
  const res = await fetch(`${h.url}/rpc/${encodeURIComponent(op)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload ?? null),
  })
  const body = (await res.json()) as { ok: true; data: T } | { ok: false; error: { code: string; message: string } }
  if (!body.ok) throw new Error(`${op}: ${body.error.code} ${body.error.message}`)
  return body.data
}

export async function activeProfileId(h: Harness): Promise<string> {
  const { activeId } = await rpc<{ activeId: string | null }>(h, 'profiles:list', undefined)
  if (!activeId) throw new Error('The harness has no active profile')
  return activeId
}

/** The first seeded customer whose recipes contain one matching `pred`. */
export async function findRecipe(
  h: Harness,
  profileId: string,
  pred: (r: RecipeLite) => boolean,
): Promise<{ customerId: number; recipeId: number; name: string }> {
  const list = await rpc<{ items: { id: number }[] }>(h, 'customers:list', { profileId })
  const ids = list.items.length ? list.items.map((c) => c.id) : Array.from({ length: 50 }, (_, i) => 100_001 + i)
  for (const customerId of ids.slice(0, 200)) {
    const recipes = await rpc<{ items: RecipeLite[] }>(h, 'recipes:list', { profileId, customerId })
    const r = recipes.items.find(pred)
    if (r) return { customerId, recipeId: r.id, name: r.name }
  }
  throw new Error('No seeded recipe matches')
}

/** The first connection that running recipes use (a disconnect needs force), with those recipes' names. */
export async function findBusyConnection(
  h: Harness,
  profileId: string,
): Promise<{ customerId: number; connectionId: number; name: string; recipes: string[] }> {
  for (let customerId = 100_001; customerId < 100_060; customerId++) {
    const recipes = await rpc<{ items: RecipeLite[] }>(h, 'recipes:list', { profileId, customerId })
    const running = recipes.items.filter((r) => r.running)
    const conns = await rpc<{ items: { id: number; name: string; authorization_status?: string | null }[] }>(h, 'connections:list', {
      profileId,
      customerId,
    })
    for (const c of conns.items) {
      if (c.authorization_status !== 'success') continue
      const users = running.filter((r) => (r.config ?? []).some((s) => s.account_id === c.id))
      if (users.length) return { customerId, connectionId: c.id, name: c.name, recipes: users.map((r) => r.name) }
    }
  }
  throw new Error('No busy connection in the seeded data')
}

/**
 * "The API is down": closes the in-process sandbox so every call fails to connect. The harness closes the sandbox
 * again on teardown, which would throw for an already-closed server, so the handle's close becomes a no-op.
 */
export async function takeApiDown(h: Harness): Promise<void> {
  const sandbox = h.core.sandbox()
  if (!sandbox) throw new Error('The harness has not started its sandbox')
  await sandbox.close()
  sandbox.close = async () => undefined
}

/**
 * Collects uncaught page errors and console errors from now on: a spec asserts the list is empty after the
 * interaction it guards (a dialog that throws while opening still "works" but logs a TypeError).
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`)
  })
  return errors
}
