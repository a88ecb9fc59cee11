import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAuditLog } from '../../../../electron/core/audit'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

describe('audit record', () => {
  it('appends one line per staff action with who and when, and redacts a secret that slipped into the detail', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-audit-'))
    dirs.push(dataDir)
    const audit = createAuditLog({
      dataDir,
      user: () => 'support-anna',
      now: () => new Date('2026-11-26T10:00:00Z'),
      knownSecrets: () => ['tok-SECRET-123456'],
    })
    await audit.record({
      action: 'recipe.start',
      profileId: 'sandbox',
      customerId: 7,
      target: 'recipe 42',
      outcome: 'failed',
      correlationId: 'corr-1',
      detail: 'token tok-SECRET-123456 was refused',
    })
    const lines = (await readFile(path.join(dataDir, 'audit', 'actions.jsonl'), 'utf8')).trim().split('\n')
    expect(lines).toHaveLength(1)
    const entry = JSON.parse(lines[0] ?? '')
    expect(entry).toMatchObject({
      at: '2026-11-26T10:00:00.000Z',
      user: 'support-anna',
      action: 'recipe.start',
      customerId: 7,
      outcome: 'failed',
      correlationId: 'corr-1',
    })
    expect(lines[0]).not.toContain('tok-SECRET-123456')
  })
})
