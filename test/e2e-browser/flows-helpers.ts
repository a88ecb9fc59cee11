/** Set-up for the flows-* specs (and scripts/screenshots.ts): a customer with an imported package, arranged through the contract and the sandbox. */
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { SignJWT, importPKCS8 } from 'jose'
import type { PackageManifest } from '../../shared/recipe-package'
import type { Harness } from '../harness/server'
import { buildPackage, onboardingManifest } from '../integration/flows/packages'
import { activeProfileId, rpc } from './console-helpers'

export { buildPackage, onboardingManifest }

interface PackageLite {
  id: number
  status: string
}
interface ChecklistLite {
  recipes: { id: number; name: string; slots: { provider: string; accountId: number | null }[] }[]
}

export function sandboxState(h: Harness) {
  const sb = h.core.sandbox()
  if (!sb) throw new Error('The harness has not started its sandbox')
  return sb.state
}

/** Authorises (or fails, or resets) a connection on the sandbox's side: what the customer does in the widget. */
export function setConnected(h: Harness, customerId: number, connectionId: number, connected: boolean, error: string | null = null): void {
  const state = sandboxState(h)
  const customer = state.getCustomer(customerId)
  if (!customer) throw new Error(`no customer ${customerId}`)
  const conn = state.workspace(customer).connections.get(connectionId)
  if (!conn) throw new Error(`no connection ${connectionId}`)
  state.setConnected(conn, connected, error)
}

/** A new customer with `manifest` imported through the contract; returns its checklist as imported. */
export async function importedCustomer(h: Harness, name: string, manifest: PackageManifest) {
  const profileId = await activeProfileId(h)
  const customer = await rpc<{ id: number }>(h, 'customers:create', {
    profileId,
    input: {
      name,
      notification_email: 'it@globex.example',
      external_id: `GLX-${Math.floor(Math.random() * 1e6)}`,
      origin_url: 'https://app.globex.example',
    },
  })
  const started = await rpc<{ package: PackageLite }>(h, 'flows:importStart', {
    profileId,
    customerId: customer.id,
    fileName: 'order-sync.zip',
    zipBase64: buildPackage(manifest).toString('base64'),
    folder: { create: 'Order sync' },
    restartRecipes: false,
  })
  for (let i = 0; i < 20; i++) {
    const st = await rpc<{ finished: boolean }>(h, 'flows:importStatus', { profileId, customerId: customer.id, packageId: started.package.id })
    if (st.finished) break
  }
  const checklist = await rpc<ChecklistLite>(h, 'flows:checklist', { profileId, customerId: customer.id })
  return { profileId, customerId: customer.id, checklist }
}

/** A new customer with the onboarding package imported (recipes stopped, connections shells). */
export async function onboardedCustomer(h: Harness, name = 'Globex Corporation') {
  const { profileId, customerId, checklist } = await importedCustomer(h, name, onboardingManifest)
  const sync = checklist.recipes.find((r) => r.name === 'Sync new orders to Salesforce')
  const status = checklist.recipes.find((r) => r.name === 'Update order status')
  const sfId = status?.slots[0]?.accountId
  if (!sync || !status || !sfId) throw new Error('the package did not import as expected')
  return { profileId, customerId, syncRecipeId: sync.id, statusRecipeId: status.id, salesforceId: sfId }
}

export async function startRecipe(h: Harness, profileId: string, customerId: number, recipeId: number): Promise<void> {
  const res = await rpc<{ success: boolean; problems: string[] }>(h, 'recipes:start', { profileId, customerId, recipeId })
  if (!res.success) throw new Error(`start refused: ${res.problems.join('; ')}`)
}

/** A widget token every check refuses: signed with a key Workato does not know, expired, and for another vendor. */
export async function foreignExpiredToken(): Promise<string> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const key = await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RS256')
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ origin: 'https://app.globex.example' })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setSubject('someone-else:100001')
    .setJti(randomUUID())
    .setIssuedAt(now - 7200)
    .setExpirationTime(now - 3600)
    .sign(key)
}
