import { EventEmitter } from 'node:events'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createUpdates, type UpdateInfoLike, type UpdaterLike } from '../../../../electron/main/updater'

/**
 * electron-updater's AppUpdater as the policy sees it: checkForUpdates() emits update-available or
 * update-not-available (or error, and rejects), and with autoDownload a found update later emits
 * update-downloaded. `network` counts what would have gone over the wire.
 */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false
  autoInstallOnAppQuit = false
  logger: UpdaterLike['logger'] = null
  network = 0
  installs = 0
  latest: string | Error = '1.0.0'
  constructor(private current = '1.0.0') {
    super()
  }
  async checkForUpdates() {
    this.network++
    if (this.latest instanceof Error) {
      this.emit('error', this.latest)
      throw this.latest
    }
    const updateInfo: UpdateInfoLike = { version: this.latest }
    const isUpdateAvailable = this.latest !== this.current
    this.emit(isUpdateAvailable ? 'update-available' : 'update-not-available', updateInfo)
    return { isUpdateAvailable, updateInfo }
  }
  finishDownload() {
    this.emit('update-downloaded', { version: this.latest })
  }
  failDownload(message: string) {
    this.emit('error', new Error(message))
  }
  quitAndInstall() {
    this.installs++
  }
}

const resources = '/opt/Embedded Console/resources'
const flush = () => new Promise((r) => setImmediate(r))

function setup(o: { isPackaged?: boolean; hasConfig?: boolean; restart?: boolean } = {}) {
  const updater = new FakeUpdater()
  let loads = 0
  const dialogs: string[] = []
  const lines: string[] = []
  const updates = createUpdates({
    isPackaged: o.isPackaged ?? true,
    resourcesPath: resources,
    exists: (f) => (o.hasConfig ?? true) && f === path.join(resources, 'app-update.yml'),
    load: async () => (loads++, updater),
    dialogs: {
      info: (_t, m) => dialogs.push(`info: ${m}`),
      error: (_t, m) => dialogs.push(`error: ${m}`),
      askRestart: async (v) => (dialogs.push(`restart? ${v}`), o.restart ?? false),
    },
    log: { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) },
    currentVersion: '1.0.0',
  })
  return { updates, updater, dialogs, lines, loads: () => loads }
}

describe('auto-update policy', () => {
  it('off without app-update.yml or when unpackaged: never loads the updater, no network, says so when asked', async () => {
    for (const o of [{ hasConfig: false }, { isPackaged: false }]) {
      const { updates, updater, dialogs, loads } = setup(o)
      expect(updates.enabled).toBe(false)
      await updates.checkInBackground()
      await updates.checkNow()
      expect(loads()).toBe(0)
      expect(updater.network).toBe(0)
      expect(dialogs).toEqual([expect.stringMatching(/^info: Updates are not configured for this build/)])
    }
  })

  it('on: the menu check says "up to date" when it is', async () => {
    const { updates, updater, dialogs } = setup()
    expect(updates.enabled).toBe(true)
    await updates.checkNow()
    expect(updater.network).toBe(1)
    expect(dialogs).toEqual(['info: Embedded Console 1.0.0 is up to date.'])
  })

  it('on: a found update downloads, then asks to restart; Restart installs', async () => {
    const { updates, updater, dialogs } = setup({ restart: true })
    updater.latest = '1.1.0'
    await updates.checkNow()
    expect(dialogs).toEqual(['info: Version 1.1.0 is downloading. You will be asked to restart when it is ready.'])
    expect(updater.autoDownload).toBe(true)
    updater.finishDownload()
    await flush()
    expect(dialogs.at(-1)).toBe('restart? 1.1.0')
    expect(updater.installs).toBe(1)
  })

  it('"Later" leaves it to install on quit; asking again offers the restart without another check', async () => {
    const { updates, updater, dialogs } = setup({ restart: false })
    updater.latest = '1.1.0'
    await updates.checkInBackground()
    expect(dialogs).toEqual([]) // the background check is quiet until there is something to install
    updater.finishDownload()
    await flush()
    expect(updater.installs).toBe(0)
    expect(updater.autoInstallOnAppQuit).toBe(true)
    await updates.checkNow()
    expect(dialogs).toEqual(['restart? 1.1.0', 'restart? 1.1.0'])
    expect(updater.network).toBe(1)
  })

  it('a failed check is logged and shown plainly; a failed background check is only logged', async () => {
    const menu = setup()
    menu.updater.latest = new Error('net::ERR_NAME_NOT_RESOLVED')
    await menu.updates.checkNow()
    expect(menu.dialogs).toEqual(['error: Could not check for updates: net::ERR_NAME_NOT_RESOLVED'])
    expect(menu.lines.join('\n')).toContain('ERR_NAME_NOT_RESOLVED')
    const quiet = setup()
    quiet.updater.latest = new Error('offline')
    await quiet.updates.checkInBackground()
    expect(quiet.dialogs).toEqual([])
    expect(quiet.lines.join('\n')).toContain('offline')
  })

  it('a download that fails after someone asked is shown to them', async () => {
    const { updates, updater, dialogs } = setup()
    updater.latest = '1.1.0'
    await updates.checkNow()
    updater.failDownload('sha512 checksum mismatch')
    expect(dialogs.at(-1)).toBe('error: The update could not be downloaded: sha512 checksum mismatch')
  })
})
