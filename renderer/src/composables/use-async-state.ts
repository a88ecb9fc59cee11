import { ref, shallowRef, type Ref } from 'vue'
import type { AppErrorData } from '@shared/errors'
import { errorData as errorDataOf, errorMessage } from '@/lib/errors'

/**
 * The renderer's one guard against late answers: each `run` supersedes the one before it, and only the latest
 * run may write `data`, `error` or `loading`. A superseded or cancelled run's answer is dropped (the call itself
 * finishes in core: the bridge has no abort, so the signal tells the fetcher it is no longer wanted).
 *
 * Stores and composables use it for every read whose input can change while it is in flight (a customer switched,
 * a token edited), instead of numbering their own calls.
 */
export function useAsyncState<K, T>(fetcher: (key: K, signal: AbortSignal) => Promise<T>, initial: T | null = null) {
  const data = shallowRef(initial) as Ref<T | null>
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** The error behind `error`, for its correlation id and hint. */
  const errorData = ref<AppErrorData | null>(null)
  let current: AbortController | null = null

  /** Runs the fetcher for `key`; resolves to its answer, or `undefined` when it failed or was superseded. */
  async function run(key: K): Promise<T | undefined> {
    current?.abort()
    const mine = new AbortController()
    current = mine
    loading.value = true
    error.value = null
    errorData.value = null
    try {
      const value = await fetcher(key, mine.signal)
      if (mine !== current) return undefined
      data.value = value
      return value
    } catch (e) {
      if (mine === current) {
        error.value = errorMessage(e)
        errorData.value = errorDataOf(e)
      }
      return undefined
    } finally {
      if (mine === current) {
        loading.value = false
        current = null
      }
    }
  }

  /** Drops the answer of the run in flight (if any) and stops showing it as loading. */
  function cancel() {
    current?.abort()
    current = null
    loading.value = false
  }

  return { data, loading, error, errorData, run, cancel }
}
