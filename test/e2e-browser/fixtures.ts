/** Each test gets its own harness: its own data dir, in-memory vault and in-process sandbox (Insomnia's habit). */
import { test as base, expect } from '@playwright/test'
import { startHarness, type Harness } from '../harness/server'

export const test = base.extend<{ harness: Harness }>({
  // eslint-disable-next-line no-empty-pattern
  harness: async ({}, use) => {
    const h = await startHarness()
    await use(h)
    await h.close()
  },
})

export { expect }
