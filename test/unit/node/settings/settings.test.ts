import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { noticeSchema } from '../../../../shared/contract/app'
import { isAppError } from '../../../../shared/errors'
import { openSettings, SETTINGS_VERSION, type StoreOptions } from '../../../../electron/core/settings'
import { sweepStaleTempFiles } from '../../../../electron/core/settings/settings'

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
    expect(s.get()).toEqual({ schemaVersion: SETTINGS_VERSION, activeProfileId: null, profiles: [], rateLimitShare: 0.5, defaultDataCenter: 'us' })
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
    expect(d.schemaVersion).toBe(SETTINGS_VERSION)
    expect(d.profiles.map((p) => p.originUrls)).toEqual([['https://app.acme.example'], []])
    expect(d.profiles[0]).not.toHaveProperty('originUrl')
    expect(d.activeProfileId).toBe('p-1')
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).schemaVersion).toBe(SETTINGS_VERSION)
    expect(JSON.parse(readFileSync(join(dir, 'settings.v1-backup.json'), 'utf8'))).toEqual(v1)
    expect(s.notices()).toEqual([])
  })

  it('loads a v2 file that said "sandbox" for the data center and the environment, unchanged in meaning (v3)', () => {
    // As the app wrote it before issue 12: the built-in Sandbox profile and a partner profile labelled `sandbox`.
    const stored = readFileSync(join(import.meta.dirname, 'fixtures', 'settings-v2-sandbox-ids.json'), 'utf8')
    writeFileSync(join(dir, 'settings.json'), stored)
    const s = openSettings({ dir, now: fixedNow })
    const d = s.get()
    expect(d.profiles.map((p) => [p.id, p.name, p.dataCenter, p.environment, p.builtIn])).toEqual([
      ['sandbox', 'Sandbox', 'emulator', 'development', true],
      ['p-acme-staging', 'Acme staging', 'eu', 'development', false],
      ['p-acme-prod', 'Acme prod', 'us', 'production', false],
    ])
    expect(d.activeProfileId).toBe('p-acme-staging')
    expect(d.profiles[0]).toMatchObject({ vendorId: 'wesandbox0000001', originUrls: ['https://console.embedded.local'], keySource: 'generated' })
    expect(s.notices()).toEqual([])
    // The old file is kept byte for byte; the new one is written once and opens again without another migration.
    expect(readFileSync(join(dir, 'settings.v2-backup.json'), 'utf8')).toBe(stored)
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).schemaVersion).toBe(SETTINGS_VERSION)
    expect(openSettings({ dir, now: fixedNow }).get()).toEqual(d)
  })

  it('migrates a v1 profile labelled "sandbox" through v2 and v3', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ schemaVersion: 1, profiles: [profile({ environment: 'sandbox', originUrl: 'https://x.example' })] }),
    )
    expect(openSettings({ dir }).get().profiles[0]).toMatchObject({ environment: 'development', originUrls: ['https://x.example'] })
  })

  it('treats a file without schemaVersion as v1', () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ profiles: [profile({ originUrl: 'https://x.example' })] }))
    expect(openSettings({ dir }).get().profiles[0]?.originUrls).toEqual(['https://x.example'])
  })

  const corruptCases: Array<[string, string, RegExp]> = [
    ['invalid JSON', '{"schemaVersion": 2, "profiles": [', /not valid JSON/],
    ['a JSON array', '[1,2,3]', /does not contain a settings object/],
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

describe('settings salvage: one bad field costs one profile, never all of them (issue 11, defect 6)', () => {
  const v2 = (profiles: unknown[], activeProfileId: string | null = 'p-1') => ({ schemaVersion: 2, activeProfileId, profiles })
  const good = (id: string, name: string) => profile({ id, name, originUrls: ['https://app.acme.example'], builtIn: false, keySource: null })

  it('loads a file that starts with a UTF-8 byte-order mark, quietly', () => {
    writeFileSync(join(dir, 'settings.json'), `\uFEFF${JSON.stringify(v2([good('p-1', 'Acme prod'), good('p-2', 'Acme test')]))}`)
    const s = openSettings({ dir, now: fixedNow })
    expect(s.get().profiles.map((p) => p.name)).toEqual(['Acme prod', 'Acme test'])
    expect(s.notices()).toEqual([])
  })

  it('sets a bad profile aside with a notice naming it and the field; the others load; the original is kept byte for byte', () => {
    const content = JSON.stringify(v2([good('p-1', 'Acme prod'), { ...good('p-2', 'Broken one'), originUrls: [42] }, good('p-3', 'Globex')]), null, 2)
    writeFileSync(join(dir, 'settings.json'), content)
    const s = openSettings({ dir, now: fixedNow })
    expect(s.get().profiles.map((p) => p.id)).toEqual(['p-1', 'p-3'])
    expect(s.get().activeProfileId).toBe('p-1')
    const [n, ...rest] = s.notices()
    expect(rest).toEqual([])
    expect(n?.title).toBe('Some profiles could not be loaded')
    expect(n?.message).toContain('Profile "Broken one" was set aside: its field "originUrls.0" is not valid')
    const aside = join(dir, 'settings.corrupt-2026-11-21T01-02-03-456Z.json')
    expect(n?.message).toContain(aside)
    expect(readFileSync(aside, 'utf8')).toBe(content)
    // The file now parses, the next save does not touch the copy, and the next launch is quiet.
    s.update((d) => void (d.activeProfileId = 'p-3'))
    expect(readFileSync(aside, 'utf8')).toBe(content)
    const again = openSettings({ dir, now: fixedNow })
    expect(again.get().profiles.map((p) => p.id)).toEqual(['p-1', 'p-3'])
    expect(again.notices()).toEqual([])
  })

  it('names an unknown stored value in plain words, not as the list of ids the console knows', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify(v2([good('p-1', 'Acme prod'), { ...good('p-2', 'From the future'), dataCenter: 'mars' }])),
    )
    const s = openSettings({ dir, now: fixedNow })
    expect(s.get().profiles.map((p) => p.id)).toEqual(['p-1'])
    const message = s.notices()[0]?.message ?? ''
    expect(message).toContain(
      'Profile "From the future" was set aside: its field "dataCenter" is not valid (it holds "mars", which this version of the console does not know).',
    )
    expect(message).not.toMatch(/expected one of/)
  })

  it('never overwrites an earlier copy when the same damage happens twice in the same second', () => {
    const content = JSON.stringify(v2([good('p-1', 'Acme prod'), 'not a profile']))
    writeFileSync(join(dir, 'settings.json'), content)
    openSettings({ dir, now: fixedNow })
    writeFileSync(join(dir, 'settings.json'), content.replace('Acme prod', 'Acme again'))
    const s = openSettings({ dir, now: fixedNow })
    expect(s.notices()[0]?.message).toContain('Profile number 2 was set aside: its field "(profile)"')
    expect(readFileSync(join(dir, 'settings.corrupt-2026-11-21T01-02-03-456Z.json'), 'utf8')).toBe(content)
    expect(readFileSync(join(dir, 'settings.corrupt-2026-11-21T01-02-03-456Z-2.json'), 'utf8')).toContain('Acme again')
  })

  it('sets aside a v1 profile whose origin cannot be migrated and migrates the rest', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        schemaVersion: 1,
        profiles: [profile({ originUrl: 7 }), profile({ id: 'p-2', name: 'Fine', originUrl: 'https://ok.example' })],
      }),
    )
    const s = openSettings({ dir, now: fixedNow })
    expect(s.get().profiles.map((p) => [p.id, p.originUrls])).toEqual([['p-2', ['https://ok.example']]])
    expect(s.notices()[0]?.message).toContain('Profile "Acme prod" was set aside: its field "originUrl"')
  })

  it('removes a user name and password stored in a base URL or origin, and control characters in a name, and says so', () => {
    const content = JSON.stringify(
      v2([
        profile({
          name: 'Acme\u0000\nprod',
          dataCenter: 'custom',
          customBaseUrl: 'https://admin:hunter2@workato.acme.example',
          originUrls: ['https://u:p@app.acme.example', 'https://app.acme.example'],
          builtIn: false,
          keySource: null,
        }),
      ]),
    )
    writeFileSync(join(dir, 'settings.json'), content)
    const s = openSettings({ dir, now: fixedNow })
    const [p] = s.get().profiles
    expect(p).toMatchObject({ name: 'Acme prod', customBaseUrl: 'https://workato.acme.example', originUrls: ['https://app.acme.example'] })
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('hunter2')
    const message = s.notices()[0]?.message ?? ''
    expect(message).toMatch(/user name and password were removed from its base URL/)
    expect(message).toMatch(/control characters removed from its name/)
    expect(message).not.toContain('hunter2')
    expect(readFileSync(join(dir, 'settings.corrupt-2026-11-21T01-02-03-456Z.json'), 'utf8')).toBe(content)
  })

  it('folds 5,000 stored origins with duplicates into at most 20 distinct ones', () => {
    const originUrls = Array.from({ length: 5000 }, (_, i) => `https://app${i % 30}.acme.example`)
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(v2([profile({ originUrls, builtIn: false, keySource: null })])))
    const s = openSettings({ dir, now: fixedNow })
    const kept = s.get().profiles[0]?.originUrls ?? []
    expect(kept).toHaveLength(20)
    expect(new Set(kept).size).toBe(20)
    expect(s.notices()[0]?.message).toMatch(/4970 duplicate origin URL\(s\) folded.*only the first 20 of its 30/)
  })
})

describe('temp files left by a save that was killed (issue 11)', () => {
  it('removes our own stale temp files at start, and nothing else', () => {
    const old = (Date.now() - 5 * 60_000) / 1000
    const names = {
      staleSettings: 'settings.json.4242.tmp',
      staleConf: 'settings.json.tmp-1234567890abcdef',
      staleCache: 'customers.json.4242.0a1b2c3d.tmp',
      fresh: 'settings.json.4343.tmp',
      foreign: 'notes.tmp',
      foreignJson: 'report.json.bak',
    }
    for (const n of Object.values(names)) writeFileSync(join(dir, n), 'x')
    for (const n of [names.staleSettings, names.staleConf, names.staleCache, names.foreign, names.foreignJson]) utimesSync(join(dir, n), old, old)
    openSettings({ dir })
    expect(readdirSync(dir).sort()).toEqual([names.foreign, names.fresh, names.foreignJson, 'settings.json'].sort())
  })

  it('sweeps a cache folder the same way', () => {
    writeFileSync(join(dir, 'connections.json.99.deadbeef.tmp'), '{')
    expect(sweepStaleTempFiles(dir, Date.now() + 120_000)).toEqual([join(dir, 'connections.json.99.deadbeef.tmp')])
    expect(readdirSync(dir)).toEqual([])
  })
})
