import type { Directive } from 'vue'

/**
 * `v-keyboard-tabs` on an NTabs: Naive UI's tabs (2.45) are plain divs, not focusable and without roles, so a
 * keyboard cannot reach the Connections/Recipes/Jobs tabs at all. This gives them the WAI-ARIA tabs pattern
 * (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): one tab stop on the selected tab, ←/→ (and Home/End) move to
 * and select the neighbour, Enter/Space select. Selection still goes through NTabs (a click on the tab), so
 * `@update:value` and the URL behave as with the mouse.
 */
const TAB = '.n-tabs-tab'
const ACTIVE = 'n-tabs-tab--active'
const DISABLED = 'n-tabs-tab--disabled'

interface State {
  observer: MutationObserver
  onKey: (e: KeyboardEvent) => void
}
const states = new WeakMap<HTMLElement, State>()

/** The tabs of this NTabs (not of one nested in a pane). */
function tabsOf(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TAB)].filter((t) => t.closest('.n-tabs') === root)
}

function apply(root: HTMLElement): void {
  const tabs = tabsOf(root)
  const list = tabs[0]?.parentElement
  if (list && list.getAttribute('role') !== 'tablist') list.setAttribute('role', 'tablist')
  const anyActive = tabs.some((t) => t.classList.contains(ACTIVE))
  tabs.forEach((t, i) => {
    const active = t.classList.contains(ACTIVE)
    const want: Record<string, string> = {
      role: 'tab',
      'aria-selected': String(active),
      // Exactly one tab stop: the selected tab (the first one if none is selected yet).
      tabindex: active || (!anyActive && i === 0) ? '0' : '-1',
      'aria-disabled': String(t.classList.contains(DISABLED)),
    }
    // Only touch what differs: the observer below would otherwise see its own writes forever.
    for (const [k, v] of Object.entries(want)) if (t.getAttribute(k) !== v) t.setAttribute(k, v)
  })
}

function move(root: HTMLElement, from: HTMLElement, key: string): HTMLElement | null {
  const tabs = tabsOf(root).filter((t) => !t.classList.contains(DISABLED))
  const i = tabs.indexOf(from)
  if (i < 0 || !tabs.length) return null
  if (key === 'ArrowRight') return tabs[(i + 1) % tabs.length] ?? null
  if (key === 'ArrowLeft') return tabs[(i - 1 + tabs.length) % tabs.length] ?? null
  if (key === 'Home') return tabs[0] ?? null
  if (key === 'End') return tabs[tabs.length - 1] ?? null
  return null
}

export const vKeyboardTabs: Directive<HTMLElement> = {
  mounted(root) {
    apply(root)
    const onKey = (e: KeyboardEvent) => {
      const tab = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>(TAB) : null
      if (!tab || tab.closest('.n-tabs') !== root) return
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault()
        tab.click()
        return
      }
      const next = move(root, tab, e.key)
      if (!next) return
      e.preventDefault()
      next.click()
      next.focus()
    }
    root.addEventListener('keydown', onKey)
    // Tabs are added, removed and re-classed by NTabs as the selection changes; keep the roles in step.
    const observer = new MutationObserver(() => apply(root))
    const nav = root.querySelector('.n-tabs-nav') ?? root
    observer.observe(nav, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] })
    states.set(root, { observer, onKey })
  },
  updated(root) {
    apply(root)
  },
  unmounted(root) {
    const s = states.get(root)
    s?.observer.disconnect()
    if (s) root.removeEventListener('keydown', s.onKey)
    states.delete(root)
  },
}
