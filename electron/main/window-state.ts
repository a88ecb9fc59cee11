/**
 * Remembers the main window's size, position and maximised state between launches, and never restores it
 * off-screen (a monitor may have been unplugged since).
 */
import { z } from 'zod'
import { globalTimers, type Timers } from './timers'

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

/** How long after the last move/resize the state is written: dragging a window fires dozens of events a second. */
export const SAVE_DEBOUNCE_MS = 500

export interface WindowStateSaverDeps {
  /** Reads the window's current state; null once the window is destroyed. */
  read: () => WindowState | null
  /** Persists it (electron-store writes atomically and fsyncs, which is why it must not run per event). */
  write: (state: WindowState) => void
  /** Injected so tests drive the clock; the real globals by default. */
  timers?: Timers
  debounceMs?: number
}

export interface WindowStateSaver {
  /** A move or resize happened: write once things have been still for the debounce time. */
  changed(): void
  /** Write now (on close), cancelling any pending write. */
  flush(): void
}

export function createWindowStateSaver(deps: WindowStateSaverDeps): WindowStateSaver {
  const timers = deps.timers ?? globalTimers
  let pending: NodeJS.Timeout | null = null
  const save = () => {
    pending = null
    const s = deps.read()
    if (s) deps.write(s)
  }
  return {
    changed() {
      if (pending !== null) timers.clearTimeout(pending)
      pending = timers.setTimeout(save, deps.debounceMs ?? SAVE_DEBOUNCE_MS)
    },
    flush() {
      if (pending !== null) timers.clearTimeout(pending)
      save()
    },
  }
}
