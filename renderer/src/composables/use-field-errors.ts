import { ref, watch, type Ref } from 'vue'

/**
 * A form's per-field messages that clear as the person fixes them: editing a field removes that field's message
 * and leaves the others in place (so "Provider is required" goes the moment a provider is chosen, while a still-bad
 * email keeps its message). `keyOf` maps a model field to the key the schema reports it under, when they differ.
 */
export function useFieldErrors<M extends object>(model: Ref<M>, keyOf: Partial<Record<keyof M & string, string>> = {}) {
  const fieldErrors = ref<Record<string, string>>({})
  watch(
    () => ({ ...model.value }) as Record<string, unknown>,
    (now, before) => {
      for (const k of Object.keys(now)) {
        if (Object.is(now[k], before[k])) continue
        const key = keyOf[k as keyof M & string] ?? k
        if (key in fieldErrors.value) {
          const { [key]: _cleared, ...rest } = fieldErrors.value
          fieldErrors.value = rest
        }
      }
    },
  )
  return fieldErrors
}
