import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { noticeSchema } from '../../../../shared/contract/app'
import { isAppError } from '../../../../shared/errors'
import { openSettings, SETTINGS_VERSION, type StoreOptions } from '../../../../electron/core/settings'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ec-settings-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const profile = (over: Record<string, unknown> = {}) => ({
  id: 'p-1',
  name: 'Acme prod',
  dataCenter: 'eu',
  customBaseUrl: null,
  vendorId: 'v123',
  environment: 'production',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
})

const fixedNow = () => new Date('2026-11-21T01:02:03.456Z')

describe('settings file', () => {
  it('starts empty, persists through conf, and reopens with the same data', () => {
    const s = openSettings({ dir })
    expect(s.get()).toEqual({ schemaVersion: SETTINGS_VERSION, activeProfileId: null, profiles: [] })
    s.update((d) => {
      d.profiles.push({ ...profile(), originUrls: ['https://app.acme.example'], builtIn: false, keySource: null } as never)
      d.activeProfileId = 'p-1'
    })
    const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))
    expect(onDisk.profiles[0].originUrls).toEqual(['https://app.acme.example'])
    const again = openSettings({ dir })
    expect(again.get().activeProfileId).toBe('p-1')
    expect(again.get().profiles[0]?.name).toBe('Acme prod')
    expect(again.notices()).toEqual([])
  })

  it('refuses to save settings that break the schema and keeps the old ones', () => {
    const s = openSettings({ dir })
    let err: unknown
    try {
      s.update((d) => {
        d.activeProfileId = 'NOT A VALID ID'
      })
    } catch (e) {
      err = e
    }
    expect(isAppError(err) && err.code).toBe('validation')
    expect(s.get().activeProfileId).toBeNull()
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).activeProfileId).toBeNull()
  })

  it('migrates v1 (single originUrl) to v2 (originUrls[]) and keeps a backup of the v1 file', () => {
    const v1 = {
      schemaVersion: 1,
      activeProfileId: 'p-1',
      profiles: [profile({ originUrl: 'https://app.acme.example' }), profile({ id: 'p-2', name: 'Acme test', originUrl: null, environment: 'test' })],
    }
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(v1))
    const s = openSettings({ dir })
    const d = s.get()
    expect(d.schemaVersion).toBe(2)
    expect(d.profiles.map((p) => p.originUrls)).toEqual([['https://app.acme.example'], []])
    expect(d.profiles[0]).not.toHaveProperty('originUrl')
    expect(d.activeProfileId).toBe('p-1')
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).schemaVersion).toBe(2)
    expect(JSON.parse(readFileSync(join(dir, 'settings.v1-backup.json'), 'utf8'))).toEqual(v1)
    expect(s.notices()).toEqual([])
  })

  it('treats a file without schemaVersion as v1', () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ profiles: [profile({ originUrl: 'https://x.example' })] }))
    expect(openSettings({ dir }).get().profiles[0]?.originUrls).toEqual(['https://x.example'])
  })

  const corruptCases: Array<[string, string, RegExp]> = [
    ['invalid JSON', '{"schemaVersion": 2, "profiles": [', /not valid JSON/],
    ['a JSON array', '[1,2,3]', /does not contain a settings object/],
    ['a schema failure', JSON.stringify({ schemaVersion: 2, profiles: [{ id: 'BAD ID', name: '' }] }), /does not match the expected format \(profiles\.0\./],
    ['a newer version', JSON.stringify({ schemaVersion: 99, profiles: [] }), /newer version of Embedded Console/],
  ]
  for (const [label, content, reason] of corruptCases) {
    it(`moves ${label} aside, starts empty and tells the user where it went`, () => {
      writeFileSync(join(dir, 'settings.json'), content)
      const s = openSettings({ dir, now: fixedNow })
      expect(s.get().profiles).toEqual([])
      const aside = join(dir, 'settings.corrupt-2026-11-21T01-02-03-456Z.json')
      expect(readFileSync(aside, 'utf8')).toBe(content)
      const [n, ...rest] = s.notices()
      expect(rest).toEqual([])
      expect(noticeSchema.parse(n)).toMatchObject({ level: 'warning', title: 'Settings file could not be read', at: '2026-11-21T01:02:03.456Z' })
      expect(n?.message).toMatch(reason)
      expect(n?.message).toContain(aside)
      expect(n?.message).toMatch(/still in the OS keychain/)
      // The fresh file is valid and the next launch is quiet.
      expect(openSettings({ dir }).notices()).toEqual([])
    })
  }

  it('notices can be listened to and dismissed', () => {
    writeFileSync(join(dir, 'settings.json'), 'nope')
    const s = openSettings({ dir })
    const seen: string[] = []
    s.onNotice((n) => seen.push(n.title))
    s.addNotice({ level: 'info', title: 'Hello', message: 'x' })
    expect(seen).toEqual(['Hello'])
    const [first] = s.notices()
    expect(first && s.dismissNotice(first.id)).toBe(true)
    expect(s.notices().map((n) => n.title)).toEqual(['Hello'])
  })

  it('uses the injected store factory (how main passes electron-store)', () => {
    const calls: StoreOptions[] = []
    let written: unknown = null
    const s = openSettings({
      dir,
      name: 'prefs',
      createStore: (o) => {
        calls.push(o)
        return {
          path: join(o.cwd, `${o.name}.json`),
          get store() {
            return o.defaults
          },
          set store(v) {
            written = v
          },
        }
      },
    })
    expect(calls[0]?.name).toBe('prefs')
    expect(calls[0]?.schema).toHaveProperty('profiles')
    expect(s.path).toBe(join(dir, 'prefs.json'))
    s.update((d) => {
      d.activeProfileId = 'abc'
    })
    expect(written).toMatchObject({ activeProfileId: 'abc' })
    expect(existsSync(join(dir, 'prefs.json'))).toBe(false)
  })
})
