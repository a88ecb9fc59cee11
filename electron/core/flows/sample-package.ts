/**
 * A recipe package for the built-in Sandbox, so onboarding can be tried (and demonstrated) without a Workato
 * export at hand. It uses the emulator's package format (a `manifest.json`, see shared/recipe-package.ts): a
 * real Workato account would reject it, so the console only offers it on a sandbox profile.
 */
import { writePackage, type PackageManifest } from '../../../shared/recipe-package'

export const SAMPLE_PACKAGE_NAME = 'sandbox-sample-order-sync.zip'

export const samplePackageManifest: PackageManifest = {
  name: 'Order sync (sandbox sample)',
  connections: [
    { key: 'sf', provider: 'salesforce', name: 'Salesforce (Order sync)' },
    { key: 'jira', provider: 'jira', name: 'Jira (Order sync)' },
  ],
  recipes: [
    {
      name: 'Sync new orders to Salesforce',
      description: 'New orders become Salesforce opportunities; a Slack post for large ones.',
      slots: [{ provider: 'salesforce', connection: 'sf' }, { provider: 'slack' }],
    },
    {
      name: 'Update order status',
      description: 'Order status changes update the opportunity stage.',
      slots: [{ provider: 'salesforce', connection: 'sf' }],
    },
    { name: 'Open a Jira issue for failed orders', slots: [{ provider: 'jira', connection: 'jira' }] },
  ],
}

export function samplePackage(): { fileName: string; zip: Buffer; description: string } {
  return {
    fileName: SAMPLE_PACKAGE_NAME,
    zip: Buffer.from(writePackage(samplePackageManifest)),
    description: '3 recipes, 2 connections (imported without credentials); the Slack slot arrives unbound.',
  }
}
