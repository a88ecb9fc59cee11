/** The renderer's one late-answer guard: only the latest run writes what the screen shows. */
import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors'
import { ApiError } from '@/lib/errors'
import { useAsyncState } from '@/composables/use-async-state'

function deferred<T>() {
  let resolve: (v: T) => void = () => {}
  let reject: (e: unknown) => void = () => {}
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

describe('useAsyncState', () => {
  it('drops the answer of a run that a newer one superseded, whichever finishes first', async () => {
    const answers = new Map<string, ReturnType<typeof deferred<string>>>()
    const s = useAsyncState((key: string) => {
      const d = deferred<string>()
      answers.set(key, d)
      return d.promise
    })
    const first = s.run('customer 1')
    const second = s.run('customer 2')
    answers.get('customer 2')?.resolve('rows of 2')
    expect(await second).toBe('rows of 2')
    answers.get('customer 1')?.resolve('rows of 1')
    expect(await first).toBeUndefined()
    expect(s.data.value).toBe('rows of 2')
    expect(s.loading.value).toBe(false)
  })

  it('keeps loading while the latest run is out, and shows only its error', async () => {
    const answers: ReturnType<typeof deferred<string>>[] = []
    const s = useAsyncState(() => {
      const d = deferred<string>()
      answers.push(d)
      return d.promise
    })
    const first = s.run(1)
    const second = s.run(2)
    answers[0]?.reject(new Error('old failure'))
    await first
    expect(s.error.value).toBeNull()
    expect(s.loading.value).toBe(true)
    answers[1]?.reject(new ApiError(new AppError({ code: 'network', message: 'Down.', hint: 'Retry later.' }).data))
    await second
    expect(s.error.value).toBe('Down. Retry later.')
    expect(s.errorData.value?.code).toBe('network')
    expect(s.loading.value).toBe(false)
  })

  it('cancel drops the answer in flight and stops loading', async () => {
    const d = deferred<string>()
    const s = useAsyncState(() => d.promise)
    const run = s.run('x')
    s.cancel()
    expect(s.loading.value).toBe(false)
    d.resolve('late')
    expect(await run).toBeUndefined()
    expect(s.data.value).toBeNull()
  })
})
