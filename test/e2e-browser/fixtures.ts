/** Each test gets its own harness: its own data dir, in-memory vault and in-process sandbox (Insomnia's habit). */
import { test as base, expect } from '@playwright/test'
import { startHarness, type Harness, type HarnessOptions } from '../harness/server'
import { readWidgetFrames } from '../harness/widget-frame-reader'

export const test = base.extend<{ harness: Harness; harnessOptions: HarnessOptions }>({
  /** Per file or describe: `test.use({ harnessOptions: { retry: fastRetry } })`. */
  harnessOptions: [{}, { option: true }],
  harness: async ({ page, harnessOptions }, use) => {
    const h = await startHarness(harnessOptions)
    // The harness stands in for main, which reads what the widget frame shows (test/harness/widget-frame-reader.ts).
    const stop = readWidgetFrames(page, h.core.widget)
    await use(h)
    stop()
    await h.close()
  },
})

/**
 * For specs of a dead API: the same retries as the app (attempt count and kinds), with backoff in tens of
 * milliseconds instead of seconds, so a spec waits for what it asserts, not for the app's real backoff.
 */
export const fastRetry: NonNullable<HarnessOptions['retry']> = { baseDelayMs: 20, maxDelayMs: 100 }

export { expect }
