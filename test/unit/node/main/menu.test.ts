import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { menuTemplate, type MenuOptions } from '../../../../electron/main/menu'

function build(o: Partial<MenuOptions>) {
  const clicked: string[] = []
  const template = menuTemplate({
    platform: 'linux',
    isPackaged: true,
    appName: 'Embedded Console',
    showLogFile: () => clicked.push('log'),
    checkForUpdates: () => clicked.push('updates'),
    ...o,
  })
  return { template, clicked }
}

/** Every role and label in the menu, flattened: what a person can find in it. */
function entries(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((i) => [...(i.role ? [i.role] : []), ...(i.label ? [i.label] : []), ...(Array.isArray(i.submenu) ? entries(i.submenu) : [])])
}

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  for (const i of items) {
    if (i.label === label) return i
    const inner = Array.isArray(i.submenu) ? find(i.submenu, label) : undefined
    if (inner) return inner
  }
  return undefined
}

describe('application menu', () => {
  for (const platform of ['darwin', 'win32', 'linux'] as const) {
    it(`${platform}, packaged: no reload and no DevTools`, () => {
      const all = entries(build({ platform, isPackaged: true }).template)
      expect(all).not.toContain('reload')
      expect(all).not.toContain('forceReload')
      expect(all).not.toContain('toggleDevTools')
    })
    it(`${platform}: an Edit menu with copy, paste and select all, so text fields work`, () => {
      const edit = build({ platform }).template.find((m) => m.label === 'Edit')
      expect(entries(Array.isArray(edit?.submenu) ? edit.submenu : [])).toEqual(expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll', 'undo']))
    })
    it(`${platform}: Window and Help menus; Help shows the log file and checks for updates`, () => {
      const { template, clicked } = build({ platform })
      expect(template.map((m) => m.label ?? m.role)).toEqual(expect.arrayContaining(['Window', 'help']))
      find(template, 'Show Log File')?.click?.({} as never, undefined, {} as never)
      find(template, 'Check for Updates…')?.click?.({} as never, undefined, {} as never)
      expect(clicked).toEqual(['log', 'updates'])
    })
  }
  it('development keeps reload and DevTools', () => {
    expect(entries(build({ isPackaged: false }).template)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']))
  })
  it('macOS has the app menu with About, Hide and Quit first; other OSes have none', () => {
    const mac = build({ platform: 'darwin' }).template
    expect(mac[0]?.label).toBe('Embedded Console')
    expect(entries([mac[0] ?? {}])).toEqual(expect.arrayContaining(['about', 'hide', 'hideOthers', 'quit']))
    expect(build({ platform: 'win32' }).template[0]?.label).toBe('File')
  })
})
