/** Recipe packages built at test time: a stored zip holding the emulator's `manifest.json` (shared/recipe-package.ts). */
import { writePackage, writeZip, type PackageManifest } from '../../../shared/recipe-package'

export function buildPackage(manifest: PackageManifest, extra: Record<string, string> = {}): Buffer {
  return Buffer.from(writePackage(manifest, extra))
}

/** Two recipes: one whose Salesforce slot is bound to a package connection and whose Slack slot arrives unbound. */
export const onboardingManifest: PackageManifest = {
  name: 'Order sync',
  connections: [{ key: 'sf', provider: 'salesforce', name: 'Salesforce (Order sync)' }],
  recipes: [
    { name: 'Sync new orders to Salesforce', slots: [{ provider: 'salesforce', connection: 'sf' }, { provider: 'slack' }] },
    { name: 'Update order status', slots: [{ provider: 'salesforce', connection: 'sf' }] },
  ],
}

/** A one-entry deflated zip (method 8), to check the sandbox inflates what real tools produce. */
export function deflatedZip(name: string, content: string): Buffer {
  return Buffer.from(writeZip({ [name]: content }, { deflate: true }))
}
