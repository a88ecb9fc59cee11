import { defineConfig } from '@playwright/test'
import { chromiumArgs, chromiumExecutable } from '../support/chromium'

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  // Three on CI: the specs spend much of their time waiting on the page and the harness, not on the CPU.
  workers: process.env.CI ? 4 : undefined,
  // One retry on CI only: a spec that fails twice fails the run; one that passes on retry is named as flaky in
  // `npm test`'s summary (scripts/test.mjs). Locally every failure shows at once.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: '../../test-results/e2e-browser',
  use: {
    headless: true,
    viewport: { width: 1360, height: 860 },
    // As a person who asked their OS for less motion (renderer/src/styles.css): no compositor frames for spinners
    // and fades nobody watches. Spec time is mostly CPU on a 2-core machine.
    reducedMotion: 'reduce',
    launchOptions: { executablePath: chromiumExecutable(), args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
})
