import type { WidgetAttempt } from '@shared/contract/widget'
import type { SilenceDiagnosis } from '@shared/contract/widget-diagnosis'
import { api } from '@/bridge'
import { useAsyncState } from './use-async-state'

/**
 * The silence diagnosis of the shown attempt (`widget:diagnose`): core checks the host origin, the token's
 * origin claim and the customer's and account's registrations, and names the wrong one. Latest run wins, so a
 * new attempt never shows the previous one's verdict.
 */
export function useWidgetDiagnosis(attempt: () => WidgetAttempt | null) {
  const state = useAsyncState((attemptId: string) => api.widget.diagnose({ attemptId }))

  async function run(): Promise<SilenceDiagnosis | undefined> {
    const a = attempt()
    if (!a) return undefined
    return state.run(a.attemptId)
  }

  function reset() {
    state.cancel()
    state.data.value = null
    state.error.value = null
  }

  return { result: state.data, loading: state.loading, error: state.error, run, reset }
}
