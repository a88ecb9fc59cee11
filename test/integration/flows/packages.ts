/** Recipe packages built at test time: a stored zip holding the sandbox's `manifest.json` (see sandbox/imports.ts). */
import type { PackageManifest } from '../../../electron/sandbox/imports'
import { writeZip } from '../../../electron/sandbox/package-zip'

export function buildPackage(manifest: PackageManifest, extra: Record<string, string> = {}): Buffer {
  return writeZip({ 'manifest.json': JSON.stringify(manifest, null, 2), ...extra })
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
  return writeZip({ [name]: content }, { deflate: true })
}
