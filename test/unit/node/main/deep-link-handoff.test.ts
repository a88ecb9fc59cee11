import { describe, expect, it } from 'vitest'
import type { DeepLink } from '../../../../shared/deep-link'
import type { DeepLinkRefused } from '../../../../shared/contract/search'
import { createDeepLinkHandoff, deepLinksInArgv, registerProtocolClient, type ProtocolClientApp } from '../../../../electron/main/deep-link'

function setup() {
  const delivered: DeepLink[] = []
  const refused: DeepLinkRefused[] = []
  const lines: string[] = []
  const handoff = createDeepLinkHandoff({
    deliver: (l) => delivered.push(l),
    refuse: (r) => refused.push(r),
    log: { info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) },
  })
  return { handoff, delivered, refused, lines }
}

describe('deep link hand-off', () => {
  it('queues links that arrive before the window is ready (macOS open-url before ready) and delivers them in order', () => {
    const { handoff, delivered } = setup()
    handoff.receive('embedded-console://customer/1')
    handoff.receive('embedded-console://recipe/2')
    expect(delivered).toEqual([])
    handoff.ready()
    expect(delivered).toEqual([
      { kind: 'customer', customerId: 1 },
      { kind: 'recipe', recipeId: 2 },
    ])
    handoff.receive('embedded-console://connection/3')
    expect(delivered.at(-1)).toEqual({ kind: 'connection', connectionId: 3 })
  })

  it('takes the link out of a second instance argv (Windows/Linux) and ignores the other arguments', () => {
    const { handoff, delivered } = setup()
    handoff.ready()
    handoff.receiveArgv([
      'C:\\Program Files\\Embedded Console\\Embedded Console.exe',
      '--allow-file-access-from-files',
      'embedded-console://job/5/abc',
    ])
    expect(delivered).toEqual([{ kind: 'job', recipeId: 5, jobId: 'abc' }])
  })

  it('refuses a bad link with its reason in the log, never delivering it and never logging the raw link', () => {
    const { handoff, delivered, lines } = setup()
    handoff.ready()
    handoff.receive('embedded-console://admin:hunter2@customer/1')
    expect(delivered).toEqual([])
    expect(lines.join('\n')).toMatch(/refused a deep link \(credentials\)/)
    expect(lines.join('\n')).not.toContain('hunter2')
  })

  it('tells the window why a link was refused (once it is ready), without the link itself', () => {
    const { handoff, refused } = setup()
    handoff.receive('embedded-console://admin:hunter2@customer/1')
    handoff.receive('embedded-console://settings/1')
    expect(refused).toEqual([])
    handoff.ready()
    expect(refused.map((r) => r.reason)).toEqual(['credentials', 'unknown_host'])
    expect(JSON.stringify(refused)).not.toContain('hunter2')
    expect(refused[1]?.message).toMatch(/Unknown link kind "settings"/)
  })

  it('queues again while the window is gone, and bounds the queue', () => {
    const { handoff, delivered, lines } = setup()
    handoff.ready()
    handoff.notReady()
    for (let i = 1; i <= 25; i++) handoff.receive(`embedded-console://recipe/${i}`)
    expect(delivered).toEqual([])
    handoff.ready()
    expect(delivered).toHaveLength(20)
    expect(lines.filter((l) => l.includes('dropped a deep link'))).toHaveLength(5)
  })

  it('finds links in argv whatever their case', () => {
    expect(deepLinksInArgv(['app', 'EMBEDDED-CONSOLE://customer/1', 'https://x'])).toEqual(['EMBEDDED-CONSOLE://customer/1'])
  })
})

class FakeApp implements ProtocolClientApp {
  calls: unknown[][] = []
  constructor(public isPackaged: boolean) {}
  setAsDefaultProtocolClient(...args: [string, string?, string[]?]): boolean {
    this.calls.push(args.filter((a) => a !== undefined))
    return true
  }
}

describe('protocol registration', () => {
  it('packaged: registers the scheme for the app executable on every OS', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const app = new FakeApp(true)
      expect(registerProtocolClient(app, platform, '/x/app', ['/x/app'])).toBe(true)
      expect(app.calls).toEqual([['embedded-console']])
    }
  })
  it('development on Windows: execPath plus the script, so Windows does not start a bare electron.exe', () => {
    const app = new FakeApp(false)
    registerProtocolClient(app, 'win32', 'C:\\e\\electron.exe', ['C:\\e\\electron.exe', 'out/main/index.js'])
    expect(app.calls).toHaveLength(1)
    expect(app.calls[0]?.[1]).toBe('C:\\e\\electron.exe')
    expect(String((app.calls[0]?.[2] as string[])[0])).toMatch(/out[\\/]main[\\/]index\.js$/)
  })
  it('development elsewhere: a dev checkout does not claim the scheme', () => {
    const app = new FakeApp(false)
    expect(registerProtocolClient(app, 'linux', '/e/electron', ['/e/electron', 'out/main/index.js'])).toBe(false)
    expect(app.calls).toEqual([])
  })
})
