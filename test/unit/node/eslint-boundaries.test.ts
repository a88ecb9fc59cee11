/**
 * The layer rules in eslint.config.js (docs/architecture.md, "Import rules"), checked through ESLint's own Node API
 * on small snippets placed, by `filePath`, in each folder: every rule must fire on a deliberate violation and stay
 * quiet on an allowed import. `npm run lint` applies the same rules to the real tree.
 */
import path from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')
const boundaryRules = new Set(['no-restricted-imports', 'no-restricted-globals', 'no-restricted-properties'])
let eslint: ESLint

beforeAll(async () => {
  // Only the boundary rules run: the snippets are not meant to satisfy the style rules (unused imports and so on).
  eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js'), ruleFilter: ({ ruleId }) => boundaryRules.has(ruleId) })
  // Loading the config and the TypeScript and Vue parsers takes seconds on a busy machine: pay it here, with a
  // hook's budget, not inside whichever case happens to run first.
  await eslint.lintText('export {}\n', { filePath: path.join(root, 'electron/core/warm-up.ts') })
  await eslint.lintText('<template><div /></template>\n', { filePath: path.join(root, 'renderer/src/views/WarmUp.vue') })
}, 60_000)

/** The boundary messages ESLint reports for `code` as if it were the file at `file` (relative to the repo). */
async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) })
  if (!result) throw new Error(`ESLint returned no result for ${file}`)
  const fatal = result.messages.filter((m) => m.fatal)
  if (fatal.length) throw new Error(`${file} did not parse: ${fatal.map((m) => m.message).join('; ')}`)
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`)
}

type Case = [file: string, code: string]
type Violation = [file: string, code: string, why: RegExp]

/** Each rule: snippets that must fail (with a message that names why), and snippets that must pass. */
const rules: { rule: string; violations: Violation[]; allowed: Case[] }[] = [
  {
    rule: 'electron/core never imports main, the preloads or the emulator internals',
    violations: [
      ['electron/core/flows/sample.ts', "import { readZip } from '../../emulator/package-zip'", /emulator through its entry point/],
      // A path the per-depth patterns could not read is refused as such.
      ['electron/core/create-core.ts', "import { importsOf } from './../emulator/imports'", /normal form/],
      ['electron/core/flows/sample.ts', "import { ipc } from '../widget/../../main/ipc'", /normal form/],
      // A folder deeper than the generated per-depth blocks is refused, not silently unchecked.
      ['electron/core/a/b/c/d/e/f/g.ts', "import { ipc } from '../../../../../../../../main/ipc'", /beyond the layer rules/],
      ['electron/core/app-handlers.ts', "import { registerIpc } from '../main/ipc'", /must not reach into main/],
      ['electron/core/widget/service.ts', "import type { Bridge } from '../../preload/app'", /must not reach into main/],
      ['electron/core/vault/keytar.ts', "import { safeStorage } from 'electron'", /Only electron\/main and the preloads import Electron/],
    ],
    allowed: [
      ['electron/core/create-core.ts', "import { startEmulator } from '../emulator'"],
      [
        'electron/core/flows/sample.ts',
        "import { writePackage } from '../../../shared/recipe-package'\nimport { z } from 'zod'\nimport { log } from '../log'",
      ],
    ],
  },
  {
    rule: 'the emulator never imports core, main or the preloads',
    violations: [
      ['electron/emulator/imports.ts', "import { startImport } from '../core/flows/import'", /must not know the console/],
      ['electron/emulator/widget/routes.ts', "import { ipc } from '../../main/ipc'", /must not know the console/],
      ['electron/emulator/index.ts', "import { app } from 'electron'", /import Electron/],
    ],
    allowed: [
      [
        'electron/emulator/widget/routes.ts',
        "import type { WidgetRejectionReason } from '../../../shared/domain/widget'\nimport { findProvider } from '../providers'",
      ],
    ],
  },
  {
    rule: 'shared imports nothing outside shared',
    violations: [
      ['shared/domain/flows.ts', "import { log } from '../../electron/core/log'", /imports nothing outside itself/],
      ['shared/errors.ts', "import { api } from '../renderer/src/bridge'", /imports nothing outside itself/],
      ['shared/contract/index.ts', "import { api } from '@/bridge'", /imports nothing outside itself/],
      ['shared/redact.ts', "import { ipcRenderer } from 'electron'", /import Electron/],
    ],
    allowed: [
      ['shared/contract/flows.ts', "import { z } from 'zod'\nimport { appError } from '../errors'\nimport { packageSchema } from '../domain/flows'"],
    ],
  },
  {
    rule: 'a preload imports only electron and shared',
    violations: [
      ['electron/preload/app.ts', "import { createCore } from '../core/create-core'", /imports only electron and shared/],
      ['electron/preload/widget.ts', "import { readFileSync } from 'node:fs'", /imports only electron and shared/],
      ['electron/preload/app.ts', "import { z } from 'zod'", /imports only electron and shared/],
    ],
    allowed: [['electron/preload/app.ts', "import { contextBridge } from 'electron'\nimport { BRIDGE_GLOBAL } from '../../shared/contract'"]],
  },
  {
    rule: 'the renderer imports its own files, shared and packages, never electron/**',
    violations: [
      ['renderer/src/stores/flows.ts', "import { log } from '../../../electron/core/log'", /never electron\/\*\*/],
      ['renderer/src/bridge/index.ts', "import { startEmulator } from '../../../electron/emulator'", /never electron\/\*\*/],
      ['renderer/src/main.ts', "import { ipcRenderer } from 'electron'", /import Electron/],
      [
        'renderer/src/views/Customers.vue',
        '<script setup lang="ts">\nimport { samplePackage } from \'../../../electron/core/flows/sample-package\'\n</script>\n<template><div /></template>',
        /never electron\/\*\*/,
      ],
    ],
    allowed: [
      [
        'renderer/src/views/Customers.vue',
        "<script setup lang=\"ts\">\nimport { ref } from 'vue'\nimport { useCustomersStore } from '@/stores/customers'\nimport type { Recipe } from '@shared/domain/workato'\n</script>\n<template><div /></template>",
      ],
      [
        'renderer/src/stores/flows.ts',
        "import { defineStore } from 'pinia'\nimport { api } from '../api'\nimport { packageSchema } from '../../../shared/domain/flows'",
      ],
    ],
  },
  {
    rule: 'views and components never import the bridge: they go through a store or composable',
    violations: [
      [
        'renderer/src/views/Customers.vue',
        '<script setup lang="ts">\nimport { api } from \'@/bridge\'\n</script>\n<template><div /></template>',
        /never the bridge/,
      ],
      [
        'renderer/src/components/customer/JobsTab.vue',
        '<script setup lang="ts">\nimport type { ApiError } from \'../../bridge\'\n</script>\n<template><div /></template>',
        /never the bridge/,
      ],
      [
        'renderer/src/views/widget/WidgetView.vue',
        '<script setup lang="ts">\nimport { api } from \'@/bridge/index\'\n</script>\n<template><div /></template>',
        /never the bridge/,
      ],
    ],
    allowed: [
      [
        'renderer/src/components/customer/JobsTab.vue',
        "<script setup lang=\"ts\">\nimport { useJobsStore } from '@/stores/jobs'\nimport { errorMessage } from '@/lib/errors'\n</script>\n<template><div /></template>",
      ],
      ['renderer/src/composables/use-thing.ts', "import { api } from '@/bridge'\nexport const thing = () => api.app.info({})"],
    ],
  },
  {
    rule: 'only renderer/src/bridge touches the preload bridge',
    violations: [
      [
        'renderer/src/stores/profiles.ts',
        'export const list = () => window.embeddedConsole?.profiles.list()',
        /Only renderer\/src\/bridge touches the preload bridge/,
      ],
      [
        'renderer/src/views/Shell.vue',
        '<script setup lang="ts">\nconst h = globalThis[\'__EC_HARNESS__\']\n</script>\n<template><div /></template>',
        /Only renderer\/src\/bridge touches/,
      ],
      ['renderer/src/composables/bridge.ts', 'export const b = embeddedConsole', /Only renderer\/src\/bridge touches/],
      [
        'renderer/src/stores/widget.ts',
        "import { BRIDGE_GLOBAL } from '@shared/contract'\nexport const b = window[BRIDGE_GLOBAL]",
        /Only renderer\/src\/bridge touches/,
      ],
    ],
    allowed: [
      [
        'renderer/src/bridge/index.ts',
        "import { BRIDGE_GLOBAL } from '@shared/contract'\nexport const b = window.embeddedConsole ?? window[BRIDGE_GLOBAL] ?? window.__EC_HARNESS__",
      ],
      [
        'renderer/src/stores/profiles.ts',
        "import { operations } from '@shared/contract'\nimport { api } from '@/bridge'\nexport const list = () => api.profiles.list()",
      ],
    ],
  },
]

describe.each(rules)('$rule', ({ violations, allowed }) => {
  it.each(violations)('fails: %s with %s', async (file, code, why) => {
    expect((await lint(file, code)).join('\n')).toMatch(why)
  })
  it.each(allowed)('passes: %s with %s', async (file, code) => {
    expect(await lint(file, code)).toEqual([])
  })
})

it('leaves tests and scripts free to reach across layers', async () => {
  expect(
    await lint(
      'test/e2e-browser/flows-helpers.ts',
      "import { importsOf } from '../../electron/emulator/imports'\nimport { createCore } from '../../electron/core/create-core'",
    ),
  ).toEqual([])
  expect(
    await lint('scripts/screenshots.ts', "import { startHarness } from '../test/harness/server'\nimport { log } from '../electron/core/log'"),
  ).toEqual([])
})
