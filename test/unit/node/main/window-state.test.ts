import { describe, expect, it } from 'vitest'
import { DEFAULT_STATE, MIN_WIDTH, restoreWindowState } from '../../../../electron/main/window-state'

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }]

describe('window state', () => {
  it('restores a saved position on a visible display', () => {
    expect(restoreWindowState({ x: 100, y: 80, width: 1400, height: 900, maximized: true }, screen)).toEqual({
      x: 100,
      y: 80,
      width: 1400,
      height: 900,
      maximized: true,
    })
  })
  it('drops the position when that monitor is gone, keeps the size', () => {
    expect(restoreWindowState({ x: 3000, y: 80, width: 1400, height: 900 }, screen)).toEqual({ width: 1400, height: 900, maximized: false })
  })
  it('never restores below the minimum size', () => {
    expect(restoreWindowState({ x: 0, y: 0, width: 300, height: 300 }, screen).width).toBe(MIN_WIDTH)
  })
  it('falls back to defaults on garbage', () => {
    expect(restoreWindowState('nope', screen)).toEqual(DEFAULT_STATE)
  })
})
