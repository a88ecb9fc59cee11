import { describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { useFieldErrors } from '@/composables/use-field-errors'

describe('form field messages', () => {
  it('editing a field clears its own message and keeps the others', async () => {
    const model = ref({ provider: null as string | null, externalId: '', email: 'x' })
    const errors = useFieldErrors(model, { externalId: 'external_id' })
    errors.value = { provider: 'Provider is required', external_id: 'is too long', email: 'Enter an email address' }

    model.value.provider = 'salesforce'
    await nextTick()
    expect(errors.value).toEqual({ external_id: 'is too long', email: 'Enter an email address' })

    // Mapped key: the model's externalId is the schema's external_id.
    model.value.externalId = 'ext-1'
    await nextTick()
    expect(errors.value).toEqual({ email: 'Enter an email address' })
  })

  it('a field that did not change keeps its message', async () => {
    const model = ref({ a: '1', b: '2' })
    const errors = useFieldErrors(model)
    errors.value = { a: 'bad a', b: 'bad b' }
    model.value = { a: '1', b: '3' }
    await nextTick()
    expect(errors.value).toEqual({ a: 'bad a' })
  })
})
