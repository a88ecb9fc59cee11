/** Recipe packages built at test time: a stored zip holding the sandbox's `manifest.json` (see sandbox/imports.ts). */
import { deflateRawSync, crc32 } from 'node:zlib'
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
  const data = Buffer.from(content)
  const packed = deflateRawSync(data)
  const nameBuf = Buffer.from(name)
  const crc = crc32(data) >>> 0
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(8, 8)
  local.writeUInt32LE(crc, 14)
  local.writeUInt32LE(packed.length, 18)
  local.writeUInt32LE(data.length, 22)
  local.writeUInt16LE(nameBuf.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(8, 10)
  central.writeUInt32LE(crc, 16)
  central.writeUInt32LE(packed.length, 20)
  central.writeUInt32LE(data.length, 24)
  central.writeUInt16LE(nameBuf.length, 28)
  central.writeUInt32LE(0, 42)
  const dirOffset = local.length + nameBuf.length + packed.length
  const dir = Buffer.concat([central, nameBuf])
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(1, 8)
  eocd.writeUInt16LE(1, 10)
  eocd.writeUInt32LE(dir.length, 12)
  eocd.writeUInt32LE(dirOffset, 16)
  return Buffer.concat([local, nameBuf, packed, dir, eocd])
}
