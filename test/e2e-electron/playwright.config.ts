import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  workers: 1,
  timeout: 90_000,
  reporter: [['list']],
  outputDir: '../../test-results/e2e-electron',
})
