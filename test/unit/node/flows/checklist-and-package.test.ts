/** Slot states of the activation checklist, the package pre-checks, and the sandbox's zip reader/writer. */
import { describe, expect, it } from 'vitest'
import { buildChecklist } from '../../../../electron/core/flows/checklist'
import { checkPackageBytes } from '../../../../electron/core/flows/import'
import { groupRuntimeConnections } from '../../../../electron/core/flows/runtime-users'
import { readZip } from '../../../../electron/emulator/package-zip'
import { MAX_PACKAGE_BYTES } from '../../../../shared/domain/flows'
import type { Connection, Recipe } from '../../../../shared/domain/workato'
import { writeZip } from '../../../../shared/recipe-package'

const conns: Connection[] = [
  { id: 1, name: 'SF', provider: 'salesforce', authorization_status: 'success' },
  { id: 2, name: 'Slack shell', provider: 'slack', authorization_status: null },
  { id: 3, name: 'Ana SF', provider: 'salesforce', parent_id: 1, external_id: 'ana', authorization_status: 'success' },
]
const recipes: Recipe[] = [
  { id: 10, name: 'Running', running: true, config: [{ name: 'salesforce', provider: 'salesforce', account_id: 1 }] },
  { id: 11, name: 'Ready', running: false, config: [{ name: 'salesforce', provider: 'salesforce', account_id: 1 }] },
  {
    id: 12,
    name: 'Blocked',
    running: false,
    config: [
      { name: 'salesforce', provider: 'salesforce', account_id: 99 },
      { name: 'slack', provider: 'slack', account_id: 2 },
      { name: 'jira', provider: 'jira', account_id: null },
    ],
  },
]

describe('buildChecklist', () => {
  it('gives each slot its state and a sentence, blocked recipes first, and never offers runtime connections', () => {
    const c = buildChecklist(recipes, conns, new Date('2026-11-21T00:00:00Z'))
    expect(c.recipes.map((r) => r.name)).toEqual(['Blocked', 'Ready', 'Running'])
    expect(c.summary).toEqual({ running: 1, ready: 1, blocked: 1 })
    const blocked = c.recipes[0]
    expect(blocked?.slots.map((s) => s.state)).toEqual(['missing', 'unauthorised', 'unbound'])
    expect(blocked?.slots[0]?.todo).toMatch(/Connection 99 was deleted/)
    expect(blocked?.slots[1]?.todo).toMatch(/"Slack shell" is not authorised yet/)
    expect(blocked?.slots[2]?.todo).toMatch(/No Jira connection exists yet/)
    // Candidates for the deleted Salesforce slot: the recipe connection, not Ana's runtime one.
    expect(blocked?.slots[0]?.candidates).toEqual([{ id: 1, name: 'SF', authorised: true }])
    expect(c.recipes[1]?.ready).toBe(true)
  })
})

describe('checkPackageBytes', () => {
  it('refuses empty, oversized and non-zip files with sentences that name the file', () => {
    expect(() => checkPackageBytes(new Uint8Array(), 'a.zip')).toThrow(/a\.zip is empty/)
    expect(() => checkPackageBytes(new Uint8Array(MAX_PACKAGE_BYTES + 1).fill(0x50), 'big.zip')).toThrow(
      /big\.zip is 20\.0 MB; the console sends packages of at most 20 MB/,
    )
    expect(() => checkPackageBytes(new TextEncoder().encode('{"json": true}'), 'p.json')).toThrow(/not a zip archive/)
    expect(() => checkPackageBytes(writeZip({ 'manifest.json': '{}' }), 'ok.zip')).not.toThrow()
  })
})

describe('package zip', () => {
  it('round-trips names and bytes, and detects a corrupted entry', () => {
    const zip = writeZip({ 'manifest.json': '{"recipes":[]}', 'recipes/a.json': 'ü ∑ 🚀' })
    const files = readZip(zip)
    expect([...files.keys()]).toEqual(['manifest.json', 'recipes/a.json'])
    expect(files.get('recipes/a.json')?.toString('utf8')).toBe('ü ∑ 🚀')
    const broken = Buffer.from(zip)
    broken[30 + 'manifest.json'.length + 2] ^= 0xff
    expect(() => readZip(broken)).toThrow(/CRC/)
    expect(() => readZip(zip.subarray(0, zip.length - 10))).toThrow(/end-of-central-directory/)
  })
})

describe('groupRuntimeConnections', () => {
  it('groups connections tagged with an end user, with the parent name', () => {
    const groups = groupRuntimeConnections([
      ...conns,
      { id: 4, name: 'Ana Slack', provider: 'slack', external_id: 'ana', authorization_status: 'failed', authorization_error: 'denied' },
    ])
    expect(groups).toHaveLength(1)
    expect(groups[0]?.externalId).toBe('ana')
    expect(groups[0]?.connections.map((c) => [c.id, c.parentName, c.authorised, c.error])).toEqual([
      [3, 'SF', true, null],
      [4, null, false, 'denied'],
    ])
  })
})
