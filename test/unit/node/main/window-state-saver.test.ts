import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createWindowStateSaver, SAVE_DEBOUNCE_MS, type WindowState } from '../../../../electron/main/window-state'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

function setup() {
  let bounds: WindowState | null = { x: 0, y: 0, width: 1400, height: 900, maximized: false }
  const writes: WindowState[] = []
  const saver = createWindowStateSaver({ read: () => bounds, write: (s) => writes.push(s) })
  return { saver, writes, move: (x: number) => bounds && (bounds = { ...bounds, x }), destroy: () => (bounds = null) }
}

describe('window state saver', () => {
  it('writes once, after the window has been still for the debounce time, however many move events came', () => {
    const { saver, writes, move } = setup()
    for (let x = 1; x <= 50; x++) {
      move(x)
      saver.changed()
      vi.advanceTimersByTime(16)
    }
    expect(writes).toEqual([])
    vi.advanceTimersByTime(SAVE_DEBOUNCE_MS - 16)
    expect(writes).toEqual([expect.objectContaining({ x: 50 })])
  })

  it('writes at once on close, and not again when the pending timer would have fired', () => {
    const { saver, writes, move } = setup()
    move(10)
    saver.changed()
    saver.flush()
    expect(writes).toEqual([expect.objectContaining({ x: 10 })])
    vi.advanceTimersByTime(SAVE_DEBOUNCE_MS * 2)
    expect(writes).toHaveLength(1)
  })

  it('writes nothing once the window is destroyed', () => {
    const { saver, writes, destroy } = setup()
    saver.changed()
    destroy()
    vi.advanceTimersByTime(SAVE_DEBOUNCE_MS)
    expect(writes).toEqual([])
  })
})
