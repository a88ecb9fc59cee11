import { describe, expect, it } from 'vitest'
import { bringToFront, type PresentableWindow } from '../../../../electron/main/window-presence'

class FakeWindow implements PresentableWindow {
  minimized = true
  visible = false
  focused = false
  destroyed = false
  isDestroyed = () => this.destroyed
  isMinimized = () => this.minimized
  restore = () => void (this.minimized = false)
  show = () => void (this.visible = true)
  focus = () => void (this.focused = true)
}

describe('bring the app to the front (second-instance, activate, deep link)', () => {
  it('restores, shows and focuses the window when there is one', () => {
    const w = new FakeWindow()
    let created = 0
    expect(bringToFront({ current: () => w, canCreate: () => true, create: () => created++ })).toBe('focused')
    expect([w.minimized, w.visible, w.focused, created]).toEqual([false, true, true, 0])
  })
  it('creates a window when the last one was closed (macOS keeps running without one)', () => {
    let created = 0
    expect(bringToFront({ current: () => null, canCreate: () => true, create: () => created++ })).toBe('created')
    const gone = Object.assign(new FakeWindow(), { destroyed: true })
    expect(bringToFront({ current: () => gone, canCreate: () => true, create: () => created++ })).toBe('created')
    expect(created).toBe(2)
  })
  it('leaves window creation to startup while it is still running', () => {
    let created = 0
    expect(bringToFront({ current: () => null, canCreate: () => false, create: () => created++ })).toBe('starting')
    expect(created).toBe(0)
  })
})
