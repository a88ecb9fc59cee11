/**
 * The renderer half of "every wait is visible and cancellable" (issue 11): waits arrive as `progress` events with
 * an `api:wait:` task, are shown for the active profile with seconds left, leave when core says they finished,
 * and Cancel calls `waits:cancel` with that task. Errors show Workato's correlation id with a copy button.
 */
import { createPinia, setActivePinia } from 'pinia'
import { mount } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import { h } from 'vue'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Progress } from '@shared/contract/app'
import { apiWaitTask } from '@shared/contract/workato'
import type { AppErrorData } from '@shared/errors'
import ErrorDetails from '@/components/ErrorDetails.vue'
import { useApiWaitsStore } from '@/stores/api-waits'
import { installFakeBridge } from '../../support/fake-bridge'

const fake = installFakeBridge()

function emit(p: Partial<Progress>) {
  fake.emit('progress', { task: '', label: '', done: 0, total: null, finished: false, error: null, ...p })
}

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

describe('api waits store', () => {
  it('keeps each wait of a profile with its end time, drops it when finished, and ignores other progress', () => {
    const s = useApiWaitsStore()
    let now = 1_000
    s.listen(() => now)
    const task = apiWaitTask('p1', '7')
    emit({ task, label: "Waiting 40 s for a free slot under Workato's limit on folder calls.", total: 40 })
    emit({ task: 'customers:refresh:p1', label: 'Reading…' })
    expect(s.forProfile('p1')).toEqual([{ task, profileId: 'p1', label: expect.stringMatching(/folder calls/), endsAt: 41_000, cancellable: true }])
    expect(s.forProfile('p2')).toEqual([])
    now = 5_000
    emit({ task: apiWaitTask('p1', 'background'), label: 'x', total: 3 })
    expect(s.forProfile('p1').find((w) => w.task.endsWith(':background'))?.cancellable).toBe(false)
    emit({ task, finished: true, total: 40, done: 40 })
    expect(s.forProfile('p1').map((w) => w.task)).toEqual([apiWaitTask('p1', 'background')])
  })

  it('Cancel asks core to cancel that call and removes the notice', async () => {
    fake.answer('waits:cancel', () => ({ cancelled: true }))
    const s = useApiWaitsStore()
    s.listen()
    const task = apiWaitTask('p1', '3')
    emit({ task, label: 'Waiting', total: 10 })
    await s.cancel(task)
    expect(fake.requestsOf('waits:cancel')).toEqual([{ task }])
    expect(s.waits).toEqual([])
  })
})

describe('ErrorDetails', () => {
  it('shows the correlation id with a copy button, and nothing without one', () => {
    // The copy button reports through naive-ui's message API, which needs its provider around it (as in App.vue).
    const inProvider = (error: AppErrorData) => mount({ render: () => h(NMessageProvider, () => h(ErrorDetails, { error })) })
    const w = inProvider({ code: 'api_error', message: 'Server error', correlationId: '3188c2d0-29a4' })
    expect(w.get('[data-testid="error-correlation-id"]').text()).toBe('3188c2d0-29a4')
    expect(w.find('[data-testid="copy"]').exists()).toBe(true)
    const none = inProvider({ code: 'api_error', message: 'Server error' })
    expect(none.find('[data-testid="error-correlation"]').exists()).toBe(false)
  })
})
