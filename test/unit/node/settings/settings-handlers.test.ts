import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSettings } from '../../../../electron/core/settings'
import { settingsHandlers, type SettingsHandlerDeps } from '../../../../electron/core/settings/settings-handlers'
import { dispatch } from '../../../../electron/core/rpc/dispatch'
import type { Handlers } from '../../../../electron/core/rpc/types'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function setup(over: Partial<SettingsHandlerDeps> = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-settings-h-'))
  dirs.push(dataDir)
  const shown: string[] = []
  const checks: string[] = []
  const deps: SettingsHandlerDeps = {
    settings: openSettings({ dir: dataDir }),
    dataDir,
    auditFile: path.join(dataDir, 'audit', 'audit.jsonl'),
    logFile: '/var/log/ec/main.log',
    updates: { enabled: false, checkNow: async () => void checks.push('check') },
    showItemInFolder: (f) => shown.push(f),
    ...over,
  }
  const handlers = settingsHandlers(deps) as unknown as Handlers
  const call = (op: string, payload?: unknown) => dispatch(handlers, op, payload, { signal: new AbortController().signal })
  return { dataDir, deps, shown, checks, call }
}

describe('settings handlers', () => {
  it('reads and writes the preferences, which a later read of the settings file sees', async () => {
    const t = await setup()
    const first = await t.call('settings:get')
    expect(first).toMatchObject({
      ok: true,
      data: { preferences: { rateLimitShare: 0.5, defaultDataCenter: 'us' }, locations: { logFile: '/var/log/ec/main.log' } },
    })
    expect(await t.call('settings:update', { rateLimitShare: 0.25, defaultDataCenter: 'eu' })).toMatchObject({
      ok: true,
      data: { preferences: { rateLimitShare: 0.25, defaultDataCenter: 'eu' } },
    })
    expect(openSettings({ dir: t.dataDir }).get()).toMatchObject({ rateLimitShare: 0.25, defaultDataCenter: 'eu' })
  })

  it('refuses a share outside 5–100 % and an unknown data center with a sentence, and keeps what was saved', async () => {
    const t = await setup()
    const low = await t.call('settings:update', { rateLimitShare: 0.01 })
    expect(low).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(low.ok ? '' : low.error.message).toMatch(/at least 5 %/)
    const dc = await t.call('settings:update', { defaultDataCenter: 'emulator' })
    expect(dc).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(await t.call('settings:update', {})).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Nothing to change/) } })
    expect(t.deps.settings.get()).toMatchObject({ rateLimitShare: 0.5, defaultDataCenter: 'us' })
  })

  it('says honestly what the updater does in this build, and only checks when it can', async () => {
    const off = await setup()
    expect(await off.call('settings:checkForUpdates')).toMatchObject({
      ok: true,
      data: { started: false, message: expect.stringMatching(/no update feed/) },
    })
    expect(off.checks).toEqual([])
    const on = await setup({ updates: { enabled: true, checkNow: async () => void on.checks.push('check') } })
    expect(await on.call('settings:checkForUpdates')).toMatchObject({ ok: true, data: { started: true } })
    expect(on.checks).toEqual(['check'])
  })

  it('shows the app’s own files in the folder (the folder when the file is not written yet) and refuses any other path', async () => {
    const t = await setup()
    await writeFile(path.join(t.dataDir, 'settings.json'), '{}', { flag: 'a' })
    expect(await t.call('settings:showInFolder', { path: path.join(t.dataDir, 'settings.json') })).toMatchObject({ ok: true })
    expect(await t.call('settings:showInFolder', { path: path.join(t.dataDir, 'nothing-yet.jsonl') })).toMatchObject({
      ok: true,
      data: { path: t.dataDir },
    })
    expect(t.shown).toEqual([path.join(t.dataDir, 'settings.json'), t.dataDir])
    const escape = await t.call('settings:showInFolder', { path: path.join(t.dataDir, '..', 'etc') })
    expect(escape).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(t.shown).toHaveLength(2)
  })
})
