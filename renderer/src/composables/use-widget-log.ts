import { markRaw, ref, shallowRef } from 'vue'
import type { WidgetLogEntry } from '@shared/contract/widget'
import { RingBuffer } from '@shared/ring-buffer'

/** Per attempt, in the renderer too: the last 100,000 entries (architecture.md budget). */
export const RENDERER_LOG_CAPACITY = 100_000

/**
 * The inspector's view of one attempt's message log: a bounded ring of entries (shared/ring-buffer.ts), the
 * frozen snapshot the list renders, pause, and what fell out of view (the cap here or in core, or "Clear").
 * Part of the widget store (stores/widget.ts), which feeds it the entries core accepted.
 */
export function useWidgetLog() {
  // Not reactive on purpose: 100,000 proxied entries would cost more than the entries; `version` says when to re-read.
  const ring = markRaw(new RingBuffer<WidgetLogEntry>(RENDERER_LOG_CAPACITY))
  const version = ref(0)
  const entries = shallowRef<readonly WidgetLogEntry[]>([])
  const paused = ref(false)
  /** Messages no longer in the view: pushed out by the cap (here or in core's log) or removed by "Clear". */
  const dropped = ref(0)
  const cleared = ref(0)
  let refreshScheduled = false

  function scheduleRefresh() {
    version.value++
    if (paused.value || refreshScheduled) return
    refreshScheduled = true
    // One re-read per frame however fast messages arrive (1,000/s must not mean 1,000 list rebuilds).
    const run = () => {
      refreshScheduled = false
      if (!paused.value) entries.value = Object.freeze(ring.toArray())
    }
    // Copying a 100,000-entry ring every frame would eat the frame budget; big logs refresh 4 times a second.
    if (ring.size > 5_000 || typeof requestAnimationFrame !== 'function') setTimeout(run, ring.size > 5_000 ? 250 : 16)
    else requestAnimationFrame(run)
  }

  /** A live entry: shown (at the next refresh), and the cap's evictions counted. */
  function push(e: WidgetLogEntry) {
    ring.push(e)
    dropped.value = ring.evicted
    scheduleRefresh()
  }

  /** A reopened attempt's log as core held it; `coreEvicted` is what core's own cap had already let go. */
  function load(list: readonly WidgetLogEntry[], coreEvicted: number) {
    for (const e of list) ring.push(e)
    dropped.value = coreEvicted + ring.evicted
    scheduleRefresh()
  }

  /** The newest entry held (the next live read continues after it). */
  function last(): WidgetLogEntry | undefined {
    return ring.at(ring.size - 1)
  }

  function setPaused(p: boolean) {
    paused.value = p
    if (!p) scheduleRefresh()
  }

  function clear() {
    // Everything received so far is now out of view, including what the cap had already pushed out.
    cleared.value += ring.size + dropped.value
    dropped.value = 0
    ring.clear()
    entries.value = []
    version.value++
  }

  /** A new attempt starts with an empty log and nothing counted. */
  function reset() {
    ring.clear()
    entries.value = []
    version.value++
    dropped.value = 0
    cleared.value = 0
  }

  return { entries, version, paused, dropped, cleared, push, load, last, setPaused, clear, reset }
}
