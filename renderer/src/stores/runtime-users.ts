import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ParentMode, RuntimeUserOutcome } from '@shared/domain/flows'
import { api } from '@/bridge'
import { errorMessage } from '@/lib/errors'
import { useAsyncState } from '@/composables/use-async-state'
import type { CustomerScope } from './connections'

export interface RuntimeUserRequest {
  scope: CustomerScope
  recipeId: number
  endUserId: string
  adapterName?: string
  parent: ParentMode
}

/**
 * Runtime user connections (reference §9): the decision for one end user, its verification, and the customer's
 * runtime connections grouped by end user. The last outcome is kept here so that coming back from the widget
 * shows it again, ready to verify.
 */
export const useRuntimeUsersStore = defineStore('runtimeUsers', () => {
  const outcome = ref<RuntimeUserOutcome | null>(null)
  const outcomeRequest = ref<RuntimeUserRequest | null>(null)
  const verifying = ref(false)
  const verified = ref<{ authorised: boolean; status: string | null; error: string | null; at: string } | null>(null)
  // The latest customer's groups win; a late answer for the customer before is dropped.
  const latestGroups = useAsyncState((s: CustomerScope) => api.flows.runtimeUsers({ ...s }))
  const { loading: groupsLoading, error: groupsError } = latestGroups
  const groups = computed(() => latestGroups.data.value ?? [])

  /**
   * The end user's connection as the card shows it, from one source: the API's re-read once "Verify" ran, and what
   * the decision saw before that. The card must never show the decision's "not authorised" beside a verified
   * "authorised".
   */
  const connectionState = computed(() => {
    const o = outcome.value
    if (!o || !('connection' in o)) return null
    const v = verified.value
    if (v) {
      const label = v.authorised ? 'authorised' : v.status ? `status ${v.status}` : 'not authorised'
      return { authorised: v.authorised, label, error: v.error, checkedAt: v.at, source: 'api' as const }
    }
    const authorised = o.connection.authorised
    return { authorised, label: authorised ? 'authorised' : 'not authorised', error: null, checkedAt: null, source: 'decision' as const }
  })

  async function resolve(req: RuntimeUserRequest) {
    verified.value = null
    outcome.value = null
    outcomeRequest.value = req
    outcome.value = await api.flows.runtimeUser({
      ...req.scope,
      recipeId: req.recipeId,
      endUserId: req.endUserId,
      adapterName: req.adapterName,
      parent: req.parent,
    })
    return outcome.value
  }

  /** The last step: re-read the end user's connection from the API, never trusting the widget's word alone. */
  async function verify() {
    const o = outcome.value
    const r = outcomeRequest.value
    if (!o || !r || !('connection' in o)) return null
    verifying.value = true
    try {
      const c = await api.connections.get({ ...r.scope, connectionId: o.connection.id })
      verified.value = {
        authorised: c.authorization_status === 'success',
        status: c.authorization_status ?? null,
        error: c.authorization_error ?? null,
        at: new Date().toISOString(),
      }
    } catch (e) {
      verified.value = { authorised: false, status: null, error: errorMessage(e), at: new Date().toISOString() }
    } finally {
      verifying.value = false
    }
    return verified.value
  }

  function clearOutcome() {
    outcome.value = null
    outcomeRequest.value = null
    verified.value = null
  }

  async function loadGroups(s: CustomerScope) {
    await latestGroups.run(s)
  }

  return {
    outcome,
    outcomeRequest,
    verifying,
    verified,
    connectionState,
    groups,
    groupsLoading,
    groupsError,
    resolve,
    verify,
    clearOutcome,
    loadGroups,
  }
})
