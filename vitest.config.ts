import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

// Projects split by environment (Chaterm's habit): node code, renderer code, and integration tests that
// talk to a real sandbox over HTTP and to the real OS keychain.
export default defineConfig({
  resolve: { alias: { '@': r('./renderer/src'), '@shared': r('./shared') } },
  test: {
    projects: [
      {
        extends: true,
        // No per-file module isolation for the node unit files: re-importing core for each of ~60 files was most of
        // the step's time (import 31 s → 4 s, measured), and these files share no mutable module state that a test
        // relies on. The renderer project too (import 20 s → 7 s, environment 10 s → 1 s): each file installs its own
        // fake bridge, which the bridge module reads on every call (renderer/src/bridge/index.ts); checked with shuffled order.
        test: { name: 'unit', include: ['test/unit/node/**/*.test.ts'], environment: 'node', isolate: false },
      },
      {
        extends: true,
        plugins: [vue()],
        test: { name: 'renderer', include: ['test/unit/renderer/**/*.test.ts'], environment: 'happy-dom', isolate: false },
      },
      {
        extends: true,
        // The issue-11 suite: bad inputs, damaged files, faults, kills and a secret scan through core's dispatch.
        test: { name: 'resilience', include: ['test/resilience/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // Packages the built app with electron-builder (test/packaging/package.test.ts): run after the build.
        test: { name: 'packaging', include: ['test/packaging/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 180_000 },
      },
    ],
  },
})
