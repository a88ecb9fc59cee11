import { onBeforeUnmount, onMounted } from 'vue'
import type { EventName, EventPayload } from '@shared/contract'
import { onEvent } from '@/bridge'

/** Listens to a main → renderer event while the calling component is mounted. */
export function useAppEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  let off: (() => void) | null = null
  onMounted(() => {
    off = onEvent(event, listener)
  })
  onBeforeUnmount(() => {
    off?.()
    off = null
  })
}
