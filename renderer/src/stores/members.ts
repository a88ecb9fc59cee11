import { defineStore } from 'pinia'
import { computed } from 'vue'
import type { Member } from '@shared/domain/members'
import { api } from '@/bridge'
import { useAsyncState } from '@/composables/use-async-state'
import type { CustomerScope } from './connections'

/**
 * A customer's members (reference §2.7: who can be the user in a widget token) and its Embedded Environments
 * (§5.6). Two reads with their own latest-wins guards: the Members tab, the customer header and the widget
 * form's member picker all read through here.
 */
export const useMembersStore = defineStore('members', () => {
  const members = useAsyncState((s: CustomerScope) => api.members.list(s))
  const environments = useAsyncState((s: CustomerScope) => api.members.environments(s))
  let membersScope: CustomerScope | null = null
  let environmentsScope: CustomerScope | null = null

  const same = (a: CustomerScope | null, b: CustomerScope) => a?.profileId === b.profileId && a.customerId === b.customerId

  async function loadMembers(s: CustomerScope, force = false) {
    if (!force && same(membersScope, s) && (members.data.value || members.loading.value)) return
    membersScope = { ...s }
    members.data.value = null
    await members.run(s)
  }

  async function loadEnvironments(s: CustomerScope, force = false) {
    if (!force && same(environmentsScope, s) && (environments.data.value || environments.loading.value)) return
    environmentsScope = { ...s }
    environments.data.value = null
    await environments.run(s)
  }

  /** Text a person recognises in a picker: name, email and id. */
  function label(m: Member): string {
    const who = [m.name, m.email ? `<${m.email}>` : null].filter(Boolean).join(' ')
    return `${who || 'unnamed member'} · ${m.id}`
  }

  return {
    members: computed(() => members.data.value?.members ?? []),
    truncated: computed(() => members.data.value?.truncated ?? false),
    membersLoaded: computed(() => members.data.value !== null),
    membersLoading: members.loading,
    membersError: members.error,
    membersErrorData: members.errorData,
    environments: computed(() => environments.data.value),
    environmentsLoading: environments.loading,
    environmentsError: environments.error,
    loadMembers,
    loadEnvironments,
    label,
  }
})
