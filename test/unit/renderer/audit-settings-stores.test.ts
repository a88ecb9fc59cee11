/** The Audit and Settings stores over the typed fake bridge: what a person sees after a slow read or a refused save. */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { AuditList } from '@shared/contract/audit'
import type { SettingsView } from '@shared/contract/settings'
import { appError } from '@shared/errors'
import { useAuditStore } from '@/stores/audit'
import { useSettingsStore } from '@/stores/settings'
import { installFakeBridge } from '../../support/fake-bridge'

const fake = installFakeBridge()

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

const view = (share: number): SettingsView => ({
  preferences: { rateLimitShare: share, defaultDataCenter: 'us' },
  locations: { dataDir: '/d', settingsFile: '/d/settings.json', auditFile: '/d/audit/audit.jsonl', logFile: null },
  updates: { enabled: false, description: 'No update feed.' },
})

const list = (actions: string[]): AuditList => ({
  entries: actions.map((action, seq) => ({
    seq,
    at: '2026-11-26T10:00:00Z',
    user: 'anna',
    action,
    profileId: 'sandbox',
    customerId: 1,
    target: null,
    outcome: 'ok',
    correlationId: null,
    detail: null,
    prev: '0',
    hash: String(seq),
  })),
  matched: actions.length,
  total: actions.length,
  facets: { actions, outcomes: ['ok'], profiles: ['sandbox'] },
  chain: { ok: true, lines: actions.length, files: ['audit.jsonl'], firstBad: null, setAside: [] },
  file: '/d/audit/audit.jsonl',
})

describe('settings store', () => {
  it('shows what core saved, and on a refused save keeps the saved value and says why', async () => {
    fake.answer('settings:get', () => view(0.5))
    const s = useSettingsStore()
    await s.load()
    expect(s.preferences?.rateLimitShare).toBe(0.5)
    fake.answer('settings:update', (req) => view(req.rateLimitShare ?? 0.5))
    expect(await s.update({ rateLimitShare: 0.3 })).toBe(true)
    expect(s.preferences?.rateLimitShare).toBe(0.3)
    fake.fail('settings:update', appError('validation', 'The rate-limit share must be at least 5 %.'))
    expect(await s.update({ rateLimitShare: 0.05 })).toBe(false)
    expect(s.saveError).toMatch(/at least 5 %/)
    expect(s.preferences?.rateLimitShare).toBe(0.3)
  })
})

describe('audit store', () => {
  it('an older, slower read never replaces the answer to a newer query', async () => {
    let releaseOld: () => void = () => {}
    fake.answer('audit:list', (q) =>
      q.text === 'old' ? new Promise<AuditList>((r) => (releaseOld = () => r(list(['recipe.stop'])))) : list(['recipe.start']),
    )
    const s = useAuditStore()
    const old = s.load({ text: 'old' })
    await s.load({ text: 'new' })
    releaseOld()
    await old
    expect(s.list?.entries.map((e) => e.action)).toEqual(['recipe.start'])
    expect(s.loading).toBe(false)
  })

  it('an export that fails says why and keeps the list', async () => {
    fake.answer('audit:list', () => list(['recipe.start']))
    fake.fail('audit:export', appError('internal', 'Disk full while writing the CSV.'))
    const s = useAuditStore()
    await s.load({})
    await s.exportCsv({})
    expect(s.exportError).toMatch(/Disk full/)
    expect(s.list?.entries).toHaveLength(1)
  })
})
