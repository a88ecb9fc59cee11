/**
 * Remembers the main window's size, position and maximised state between launches, and never restores it
 * off-screen (a monitor may have been unplugged since).
 */
import { z } from 'zod'

export const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200),
  height: z.number().int().min(200),
  maximized: z.boolean().default(false),
})
export type WindowState = z.infer<typeof windowStateSchema>

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export const MIN_WIDTH = 1024
export const MIN_HEIGHT = 640
export const DEFAULT_STATE: WindowState = { width: 1360, height: 860, maximized: false }

/** Keeps a saved state only if its title bar area is visible on one of the current displays' work areas. */
export function restoreWindowState(saved: unknown, workAreas: Rect[]): WindowState {
  const parsed = windowStateSchema.safeParse(saved)
  if (!parsed.success) return DEFAULT_STATE
  const s = parsed.data
  const width = Math.max(MIN_WIDTH, s.width)
  const height = Math.max(MIN_HEIGHT, s.height)
  if (s.x === undefined || s.y === undefined) return { width, height, maximized: s.maximized }
  const { x, y } = s
  const visible = workAreas.some((a) => x + 100 > a.x && x < a.x + a.width - 100 && y >= a.y && y < a.y + a.height - 50)
  return visible ? { x, y, width, height, maximized: s.maximized } : { width, height, maximized: s.maximized }
}
