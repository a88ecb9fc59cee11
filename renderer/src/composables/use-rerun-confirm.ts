import { useDialog } from 'naive-ui'
import { h } from 'vue'
import { JOB_LIMITS } from '@shared/contract/limits'
import type { CustomerScope } from '@/stores/connections'
import { rerunPlan, useJobRerunStore, type RerunPick } from '@/stores/job-rerun'

/**
 * The confirmation before a re-run: it names every job (id and recipe), says how the batch goes out (requests of
 * at most 25, one a second, §4.6) and that each accepted job runs again as a new job. The result shows in
 * `RerunResultPanel` once Workato has answered.
 */
export function useRerunConfirm() {
  const dialog = useDialog()
  const store = useJobRerunStore()

  return function confirmRerun(scope: CustomerScope, customerName: string, picks: RerunPick[], onDone?: () => void) {
    const plan = rerunPlan(picks)
    if (plan.tooMany || picks.length === 0) return
    const n = picks.length
    const jobsWord = `${n} job${n === 1 ? '' : 's'}`
    const how =
      plan.requests === 1
        ? 'One repeat_jobs request.'
        : `${plan.requests} repeat_jobs requests (Workato takes at most ${JOB_LIMITS.repeatPerRequest} jobs of one recipe per request, and one request a second), so this takes about ${plan.requests - 1} s.`
    const d = dialog.create({
      type: 'warning',
      title: `Re-run ${jobsWord}?`,
      content: () =>
        h('div', { 'data-testid': 'rerun-confirm' }, [
          h('p', { style: 'margin:0 0 6px' }, [`In customer `, h('strong', customerName), ` (id ${scope.customerId}). `, how]),
          h(
            'ul',
            { class: 'rerun-list', 'data-testid': 'rerun-confirm-jobs', style: 'max-height:180px;overflow:auto;margin:0 0 6px;padding-left:18px' },
            picks.map((p) => h('li', { class: 'mono', style: 'font-size:12px' }, `${p.jobId} (${p.recipeName}, recipe ${p.recipeId})`)),
          ),
          h(
            'p',
            { style: 'margin:0;opacity:.8;font-size:12px' },
            'Each accepted job runs again as a new job with the same trigger data; the failed job stays in the history. Steps that already reached the app (a record created, an email sent) may happen twice.',
          ),
        ]),
      positiveText: `Re-run ${jobsWord}`,
      negativeText: 'Cancel',
      onPositiveClick: () => {
        // The dialog closes at once: the pacing wait (one request a second) shows with its own Cancel.
        void store.rerun(scope, picks).then(() => onDone?.())
        d.destroy()
      },
    })
  }
}
