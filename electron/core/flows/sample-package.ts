/**
 * A recipe package for the built-in Sandbox, so onboarding can be tried (and demonstrated) without a Workato
 * export at hand. It uses the sandbox's package format (a `manifest.json`, see electron/sandbox/imports.ts): a
 * real Workato account would reject it, so the console only offers it on a sandbox profile.
 */
import type { PackageManifest } from '../../sandbox/imports'
import { writeZip } from '../../sandbox/package-zip'

export const SAMPLE_PACKAGE_NAME = 'sandbox-sample-order-sync.zip'

export const samplePackageManifest: PackageManifest = {
  name: 'Order sync (sandbox sample)',
  connections: [
    { key: 'sf', provider: 'salesforce', name: 'Salesforce (Order sync)' },
    { key: 'jira', provider: 'jira', name: 'Jira (Order sync)' },
  ],
  recipes: [
    { name: 'Sync new orders to Salesforce', description: 'New orders become Salesforce opportunities; a Slack post for large ones.', slots: [{ provider: 'salesforce', connection: 'sf' }, { provider: 'slack' }] },
    { name: 'Update order status', description: 'Order status changes update the opportunity stage.', slots: [{ provider: 'salesforce', connection: 'sf' }] },
    { name: 'Open a Jira issue for failed orders', slots: [{ provider: 'jira', connection: 'jira' }] },
  ],
}

export function samplePackage(): { fileName: string; zip: Buffer; description: string } {
  return {
    fileName: SAMPLE_PACKAGE_NAME,
    zip: writeZip({ 'manifest.json': JSON.stringify(samplePackageManifest, null, 2) }),
    description: '3 recipes, 2 connections (imported without credentials); the Slack slot arrives unbound.',
  }
}
