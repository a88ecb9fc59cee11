/** Each test gets its own harness: its own data dir, in-memory vault and in-process sandbox (Insomnia's habit). */
import { test as base, expect } from '@playwright/test'
import { startHarness, type Harness } from '../harness/server'
import { readWidgetFrames } from '../harness/widget-frame-reader'

export const test = base.extend<{ harness: Harness }>({
  harness: async ({ page }, use) => {
    const h = await startHarness()
    // The harness stands in for main, which reads what the widget frame shows (test/harness/widget-frame-reader.ts).
    const stop = readWidgetFrames(page, h.core.widget)
    await use(h)
    stop()
    await h.close()
  },
})

export { expect }
