import { EventEmitter } from 'node:events'
import path from 'node:path'
import type { SaveDialogOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { installDownloadPolicy, safeFileName, type DownloadItemLike } from '../../../../electron/main/downloads'

/** A DownloadItem as Electron's: save dialog options set during will-download, a save path once chosen, 'done'. */
class FakeItem extends EventEmitter implements DownloadItemLike {
  dialogOptions: SaveDialogOptions | null = null
  savePath = ''
  constructor(
    private url: string,
    private filename: string,
  ) {
    super()
  }
  getURL = () => this.url
  getFilename = () => this.filename
  setSaveDialogOptions = (o: SaveDialogOptions) => void (this.dialogOptions = o)
  getSavePath = () => this.savePath
}

/**
 * A session as Electron's: `will-download` listeners run in turn and the download is cancelled if any of them
 * called preventDefault (session.md). Otherwise the save dialog opens with the options set, and the person picks
 * `choose(defaultPath)`, or cancels when it returns null.
 */
class FakeSession extends EventEmitter {
  download(item: FakeItem, contents: { id: number } | null, choose: (defaultPath: string) => string | null = (p) => p): 'cancelled' | 'completed' {
    let prevented = false
    this.emit('will-download', { preventDefault: () => (prevented = true) }, item, contents)
    if (prevented) return 'cancelled'
    const picked = choose(item.dialogOptions?.defaultPath ?? '')
    if (picked === null) {
      item.emit('done', {}, 'cancelled')
      return 'cancelled'
    }
    item.savePath = picked
    item.emit('done', {}, 'completed')
    return 'completed'
  }
}

function setup() {
  const session = new FakeSession()
  const shown: string[] = []
  const lines: string[] = []
  installDownloadPolicy(session, {
    isTrustedContents: (id) => id === 1,
    downloadsDir: () => '/home/ana/Downloads',
    showItemInFolder: (f) => shown.push(f),
    log: { info: (m) => lines.push(m), warn: (m) => lines.push(m) },
  })
  return { session, shown, lines }
}

const appWindow = { id: 1 }
const blob = 'blob:app://bundle/0b6f0c1e-4f1c-4d0e-9d3b-2f1e5a6b7c8d'

describe('download policy (default session)', () => {
  it("the inspector's export asks where to save, starting in Downloads with the suggested name, then shows the file", () => {
    const { session, shown } = setup()
    const item = new FakeItem(blob, 'widget-attempt-42.json')
    expect(session.download(item, appWindow, () => '/home/ana/Desktop/log.json')).toBe('completed')
    expect(item.dialogOptions?.defaultPath).toBe(path.join('/home/ana/Downloads', 'widget-attempt-42.json'))
    expect(shown).toEqual(['/home/ana/Desktop/log.json'])
  })

  it('nothing is shown when the person cancels the save dialog', () => {
    const { session, shown } = setup()
    expect(session.download(new FakeItem(blob, 'x.json'), appWindow, () => null)).toBe('cancelled')
    expect(shown).toEqual([])
  })

  it('refuses downloads from any other webContents (a widget guest, a popup) and from none', () => {
    const { session, shown } = setup()
    expect(session.download(new FakeItem(blob, 'x.json'), { id: 7 })).toBe('cancelled')
    expect(session.download(new FakeItem(blob, 'x.json'), null)).toBe('cancelled')
    expect(shown).toEqual([])
  })

  it('refuses anything but our own blob: and app:// sources, even from our window', () => {
    const { session } = setup()
    for (const url of [
      'https://evil.example/payload.exe',
      'blob:https://evil.example/1',
      'file:///etc/passwd',
      'data:text/plain,hi',
      'blob:app://other/1',
    ]) {
      expect(session.download(new FakeItem(url, 'x'), appWindow)).toBe('cancelled')
    }
    expect(session.download(new FakeItem('app://bundle/export.json', 'export.json'), appWindow)).toBe('completed')
  })

  it('a suggested name cannot climb out of the Downloads folder', () => {
    expect(safeFileName('../../.ssh/authorized_keys')).toBe('.._.._.ssh_authorized_keys')
    expect(safeFileName('..')).toBe('export.json')
    expect(safeFileName('a\u0000b.json')).toBe('a_b.json')
  })
})
