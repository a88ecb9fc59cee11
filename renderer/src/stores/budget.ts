import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { BudgetSnapshot, FamilyBudget } from '@shared/contract/budget'
import { api, onEvent } from '@/bridge'
import { errorMessage } from '@/lib/errors'

/** `recipes_list` → `recipes-list`: the family as the indicator names it ("the recipes-list budget"). */
export function familyName(family: string): string {
  return family.replace(/_/g, '-')
}

/**
 * The rate-limit budget of the active profile (shared/contract/budget.ts): fetched with `budget:get` when the
 * profile changes, then kept current by the throttled `budget` event. `receivedAt` is this window's clock when the
 * snapshot arrived; its millisecond counts are relative to that moment, so a countdown needs no shared clock.
 */
export const useBudgetStore = defineStore('budget', () => {
  const profileId = ref<string | null>(null)
  const snapshot = shallowRef<BudgetSnapshot | null>(null)
  const receivedAt = ref(0)
  const error = ref<string | null>(null)
  let listening = false
  let clock: () => number = Date.now

  function take(s: BudgetSnapshot) {
    if (s.profileId !== profileId.value) return
    snapshot.value = s
    receivedAt.value = clock()
  }

  /** Follows `id` (null: none); safe to call again on every profile change. */
  async function watch(id: string | null, now: () => number = Date.now) {
    clock = now
    if (!listening) {
      listening = true
      onEvent('budget', take)
    }
    if (id === profileId.value && snapshot.value) return
    profileId.value = id
    snapshot.value = null
    error.value = null
    if (!id) return
    try {
      take(await api.budget.get({ profileId: id }))
    } catch (e) {
      if (profileId.value === id) error.value = errorMessage(e)
    }
  }

  const families = computed<FamilyBudget[]>(() => snapshot.value?.families ?? [])
  /** The call that has waited longest for its budget, if any: what the indicator leads with. */
  const waiting = computed(() => families.value.find((f) => f.waiting !== null) ?? null)
  /** The family nearest its share, for the quiet summary. */
  const busiest = computed(() => families.value.find((f) => f.used > 0) ?? null)

  return { profileId, snapshot, receivedAt, error, families, waiting, busiest, watch }
})
