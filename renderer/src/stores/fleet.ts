import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CustomerHealth, ProblemsResult, SweepStatus } from '@shared/contract/fleet'
import type { Problem } from '@shared/domain/health'
import { api, onEvent } from '@/bridge'
import { errorData, errorMessage } from '@/lib/errors'
import type { AppErrorData } from '@shared/errors'
import { changedKeys, emptyFilters, filterProblems, groupByKind, sortProblems, type TriageFilters, type TriageSort } from '@shared/domain/triage'

/**
 * Fleet health of the active profile: the sweep's status (from `fleetSweep` events), every problem from the
 * local health store, and the triage view's filters and sort.
 * Problems sit in a shallowRef: 10,000 of them must not become reactive proxies.
 */
export const useFleetStore = defineStore('fleet', () => {
  const profileId = ref<string | null>(null)
  const status = ref<SweepStatus | null>(null)
  const problems = shallowRef<Problem[]>([])
  const customers = shallowRef<ReadonlyMap<number, CustomerHealth>>(new Map())
  const failures = shallowRef<ProblemsResult['failures']>([])
  const loading = ref(false)
  const error = ref<string | null>(null)
  const errorDetail = ref<AppErrorData | null>(null)
  const actionError = ref<string | null>(null)
  const filters = ref<TriageFilters>(emptyFilters())
  const sort = ref<TriageSort>({ key: 'severity', order: 'ascend' })

  /** Problems first seen after their customer's previous check: "what changed since the last sweep". */
  const changed = computed(() => changedKeys(problems.value, (id) => customers.value.get(id)?.previousCheckedAt))
  const now = ref(Date.now())
  // Sorted once per sort or new problems; a filter change only filters (order is kept), so it stays cheap.
  const sorted = computed(() => sortProblems(problems.value, sort.value))
  const visible = computed(() => filterProblems(sorted.value, filters.value, changed.value, now.value))
  const groups = computed(() => groupByKind(visible.value))
  const providers = computed(() => [...new Set(problems.value.map((p) => p.provider).filter((p): p is string => !!p))].sort())
  const plans = computed(() => [...new Set(problems.value.map((p) => p.plan).filter((p): p is string => !!p))].sort())
  const running = computed(() => status.value?.state === 'running' || status.value?.state === 'paused')

  let off: (() => void) | null = null
  function listen() {
    if (off) return
    let lastReload = 0
    off = onEvent('fleetSweep', (s) => {
      if (s.profileId !== profileId.value) return
      const wasRunning = running.value
      status.value = s
      // Problems appear as the sweep goes (at most every 2 s), and once more when it ends.
      const ended = wasRunning && !(s.state === 'running' || s.state === 'paused')
      if (ended || Date.now() - lastReload > 2000) {
        lastReload = Date.now()
        void loadProblems()
      }
    })
  }

  async function open(id: string) {
    listen()
    if (profileId.value !== id) {
      profileId.value = id
      problems.value = []
      customers.value = new Map()
      status.value = null
    }
    loading.value = true
    error.value = null
    errorDetail.value = null
    try {
      const [s] = await Promise.all([api.fleet.sweepStatus({ profileId: id }), loadProblems()])
      if (profileId.value === id) status.value = s
    } catch (e) {
      error.value = errorMessage(e)
      errorDetail.value = errorData(e)
    } finally {
      loading.value = false
    }
  }

  async function loadProblems() {
    const id = profileId.value
    if (!id) return
    const res = await api.fleet.problems({ profileId: id })
    if (profileId.value !== id) return
    problems.value = res.problems
    customers.value = new Map(res.customers.map((c) => [c.customerId, c]))
    failures.value = res.failures
    now.value = Date.now()
  }

  async function act(fn: (id: string) => Promise<SweepStatus>) {
    const id = profileId.value
    if (!id) return
    actionError.value = null
    try {
      status.value = await fn(id)
    } catch (e) {
      actionError.value = errorMessage(e)
    }
  }
  const start = (restart = false) => act((id) => api.fleet.sweepStart({ profileId: id, restart }))
  const cancel = () => act((id) => api.fleet.sweepCancel({ profileId: id }))

  async function exportCsv(keys: string[]): Promise<{ fileName: string; csv: string; path: string | null; rows: number } | null> {
    const id = profileId.value
    if (!id) return null
    actionError.value = null
    try {
      return await api.fleet.exportCsv({ profileId: id, keys })
    } catch (e) {
      actionError.value = errorMessage(e)
      return null
    }
  }

  return {
    profileId,
    status,
    problems,
    customers,
    failures,
    loading,
    error,
    errorDetail,
    actionError,
    filters,
    sort,
    changed,
    visible,
    groups,
    providers,
    plans,
    running,
    open,
    loadProblems,
    start,
    cancel,
    exportCsv,
  }
})
