import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { BulkAction, BulkPlan, BulkPlanProgress, BulkRun, BulkRunEvent, BulkSourceIn } from '@shared/contract/bulk'
import type { z } from 'zod'
import type { bulkTargetSchema } from '@shared/contract/fleet'
import { api, onEvent } from '@/bridge'
import { errorMessage } from '@/lib/errors'

export type BulkTarget = z.infer<typeof bulkTargetSchema>

/** `?targets=12:345,12:346` (customer:recipe): a link straight to a dry run of those recipes (a ticket, a script). */
export function parseTargetsQuery(raw: unknown): BulkTarget[] {
  if (typeof raw !== 'string' || !raw) return []
  const out: BulkTarget[] = []
  const seen = new Set<string>()
  for (const part of raw.split(',')) {
    const m = /^(\d{1,15}):(\d{1,15})$/.exec(part.trim())
    if (!m || seen.has(part)) continue
    const customerId = Number(m[1])
    const recipeId = Number(m[2])
    if (customerId > 0 && recipeId > 0) out.push({ customerId, recipeId })
    seen.add(part)
  }
  return out
}

/**
 * A run event applied to the run the screen holds (only the changed targets travel). `stale`: the event is older
 * than what the screen has; `gap`: an event was missed, so the whole run must be read again.
 */
export function applyRunEvent(run: BulkRun, e: BulkRunEvent): BulkRun | 'stale' | 'gap' {
  if (e.seq <= run.seq) return 'stale'
  if (e.seq > run.seq + 1) return 'gap'
  const targets = e.changed.length ? run.targets.slice() : run.targets
  for (const t of e.changed) targets[t.index] = t
  const { changed: _changed, ...summary } = e
  return { ...run, ...summary, targets }
}

/** An RPC answer and the events around it race: keep whichever is newer. */
export function newer(current: BulkRun | null, incoming: BulkRun): BulkRun {
  return current && current.runId === incoming.runId && current.seq > incoming.seq ? current : incoming
}

/**
 * Bulk recipe start/stop (issue 13 item 5): the targets handed over from the triage view, the dry run, and the
 * run itself, followed through `bulkRun` events. Core does the work and keeps the run on disk; this store only
 * mirrors it, so a reload (or a restart) finds the run again through `bulk:status`.
 */
export const useBulkStore = defineStore('bulk', () => {
  /** Targets handed over by another screen (the triage view's selection). */
  const handedOver = ref<BulkTarget[]>([])
  const plan = shallowRef<BulkPlan | null>(null)
  const planning = ref(false)
  const planProgress = ref<BulkPlanProgress | null>(null)
  const planError = ref<string | null>(null)
  const run = shallowRef<BulkRun | null>(null)
  const runError = ref<string | null>(null)
  const busy = ref(false)
  let profileId: string | null = null

  onEvent('bulkRun', (e) => {
    if (e.profileId !== profileId) return
    const next = run.value?.runId === e.runId ? applyRunEvent(run.value, e) : 'gap'
    // A run this screen has not seen yet (its answer is still on the way), or a missed event: read it whole.
    if (next === 'gap') void refresh()
    else if (next !== 'stale') run.value = next
  })
  onEvent('bulkPlan', (p) => {
    if (p.profileId === profileId && planning.value) planProgress.value = p
  })

  /**
   * The one way targets reach the bulk screen: the triage view's selection, or the screen's own `?targets=` link.
   * A dry run of other targets no longer applies, so it goes.
   */
  function handOver(targets: BulkTarget[]) {
    handedOver.value = targets
    plan.value = null
    planError.value = null
  }

  /** Follow a profile: its latest run (unfinished ones are offered to resume). */
  async function open(id: string) {
    if (profileId !== id) {
      plan.value = null
      planError.value = null
      run.value = null
    }
    profileId = id
    await refresh()
  }

  async function refresh() {
    if (!profileId) return
    const id = profileId
    try {
      const res = await api.bulk.status({ profileId: id })
      if (profileId === id) run.value = res.run ? newer(run.value, res.run) : null
      runError.value = null
    } catch (e) {
      runError.value = errorMessage(e)
    }
  }

  async function makePlan(action: BulkAction, source: BulkSourceIn) {
    if (!profileId) return
    planning.value = true
    planError.value = null
    planProgress.value = null
    plan.value = null
    try {
      plan.value = await api.bulk.plan({ profileId, action, source })
    } catch (e) {
      planError.value = errorMessage(e)
    } finally {
      planning.value = false
      planProgress.value = null
    }
  }

  async function cancelPlan() {
    if (profileId) await api.bulk.cancelPlan({ profileId })
  }

  function clearPlan() {
    plan.value = null
  }

  async function act<T>(fn: () => Promise<T>): Promise<T | null> {
    busy.value = true
    runError.value = null
    try {
      return await fn()
    } catch (e) {
      runError.value = errorMessage(e)
      return null
    } finally {
      busy.value = false
    }
  }

  async function start(includeNotReady: boolean, confirmCount: number) {
    const p = plan.value
    if (!p) return
    const res = await act(() => api.bulk.run({ profileId: p.profileId, planId: p.planId, includeNotReady, confirmCount }))
    if (res) {
      run.value = newer(run.value, res)
      plan.value = null
    }
  }

  const withRun = async (fn: (ref: { profileId: string; runId: string }) => Promise<BulkRun>) => {
    const r = run.value
    if (!r) return
    const res = await act(() => fn({ profileId: r.profileId, runId: r.runId }))
    if (res && run.value?.runId === res.runId) run.value = newer(run.value, res)
  }
  const resume = () => withRun((r) => api.bulk.resume(r))
  const cancel = () => withRun((r) => api.bulk.cancel(r))
  const discard = () => withRun((r) => api.bulk.discard(r))

  /** The CSV through core (it keeps a copy under the data folder), then offered as a download. */
  async function exportCsv(): Promise<{ fileName: string; path: string | null } | null> {
    const r = run.value
    if (!r) return null
    const res = await act(() => api.bulk.export({ profileId: r.profileId, runId: r.runId }))
    if (!res) return null
    const url = URL.createObjectURL(new Blob([res.csv], { type: 'text/csv;charset=utf-8' }))
    const a = document.createElement('a')
    a.href = url
    a.download = res.fileName
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 0)
    return { fileName: res.fileName, path: res.path }
  }

  return {
    handedOver,
    plan,
    planning,
    planProgress,
    planError,
    run,
    runError,
    busy,
    handOver,
    open,
    refresh,
    makePlan,
    cancelPlan,
    clearPlan,
    start,
    resume,
    cancel,
    discard,
    exportCsv,
  }
})
