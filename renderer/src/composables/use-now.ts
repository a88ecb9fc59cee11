import { onBeforeUnmount, ref, type Ref } from 'vue'

/** A clock that ticks every `ms`, so "updated 3 min ago" stays true while a screen is open. */
export function useNow(ms = 30_000): Ref<number> {
  const now = ref(Date.now())
  const t = setInterval(() => (now.value = Date.now()), ms)
  onBeforeUnmount(() => clearInterval(t))
  return now
}
