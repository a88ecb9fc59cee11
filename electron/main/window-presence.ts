/**
 * "Show me the app": a second launch (`second-instance`), a click on the macOS dock icon (`activate`) or a deep
 * link. On macOS the app keeps running with no window after the last one closes, so there may be nothing to
 * focus: then a new window is created, unless startup is still under way (it creates the first window itself).
 */
export interface PresentableWindow {
  isDestroyed(): boolean
  isMinimized(): boolean
  restore(): void
  show(): void
  focus(): void
}

export interface PresenceDeps {
  current: () => PresentableWindow | null
  /** False until startup has finished (core is up); the first window is created by startup itself. */
  canCreate: () => boolean
  create: () => void
}

export type PresenceOutcome = 'focused' | 'created' | 'starting'

export function bringToFront(deps: PresenceDeps): PresenceOutcome {
  const win = deps.current()
  if (win && !win.isDestroyed()) {
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
    return 'focused'
  }
  if (!deps.canCreate()) return 'starting'
  deps.create()
  return 'created'
}
