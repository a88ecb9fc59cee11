import path from 'node:path'
import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import prettierOff from 'eslint-config-prettier/flat'

/*
 * The layers (docs/architecture.md, "Import rules") and what each may import, enforced with `no-restricted-imports`.
 * A relative import is only a string to that rule, so the patterns are written per folder depth: from a file
 * at a known depth, the relative path to another layer is exactly one string (`../../emulator/…` from
 * `electron/core/flows/x.ts`), which makes each pattern match that layer and nothing else. Tests and scripts are
 * not in any layer: they reach across on purpose (test/unit/node/eslint-boundaries.test.ts shows each rule firing).
 */
const MAX_DEPTH = 6
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** The start of a relative import from a file `depth` folders below `layer` that lands in repo folder `target`. */
const toward = (layer, depth, target) => esc(path.posix.relative(path.posix.join(layer, ...Array(depth).fill('x')), target))

/** `./../x`, `a/../b`, `.././x`: relative paths the per-depth patterns could not read, so they are refused. */
const NOT_NORMAL = String.raw`^\./\.\.|/\./|[^./]/\.\.(/|$)`

const why = {
  normal: 'Write a relative import in normal form (../x, not ./../x or a/../x), so the layer rules below can read it.',
  electron:
    'Only electron/main and the preloads import Electron: everything else runs (and is tested) in plain Node or the browser (docs/architecture.md).',
  coreMain: 'electron/core is the pure logic main and the harness share: it must not reach into main or the preloads (docs/architecture.md).',
  coreEmulator:
    'electron/core starts the emulator through its entry point (electron/emulator/index.ts) only; anything both need lives in shared/ (e.g. shared/recipe-package.ts).',
  emulatorCore: 'The emulator stands in for Workato: it must not know the console (electron/core, main, preloads). Shared formats live in shared/.',
  renderer: 'The renderer reaches the app only through its bridge (renderer/src/bridge) and the contract in shared/: never electron/**.',
  shared: 'shared/ is imported by every layer, so it imports nothing outside itself (packages are fine).',
  preload: 'A preload is a self-contained sandboxed script: it imports only electron and shared/ (docs/architecture.md).',
  bridge: 'Only renderer/src/bridge touches the preload bridge; views and stores go through `@/bridge`.',
  screens: 'Views and components read and act through a store or composable, never the bridge (docs/architecture.md, "How a screen gets its data").',
  layerUp: 'Electron-side code never imports the renderer.',
  tooDeep: `A folder more than ${MAX_DEPTH} levels deep is beyond the layer rules in eslint.config.js: raise MAX_DEPTH there.`,
}

/**
 * One `no-restricted-imports` block per depth of `layer` (`files` globs one level each), with `patterns(depth)`.
 * The Electron package (and its subpaths such as `electron/main`) is refused everywhere except the preloads.
 */
function layerRule(layer, patterns, { allowElectron = false, under = layer, extra = {} } = {}) {
  const base = path.posix.relative(layer, under).split('/').filter(Boolean).length
  const blocks = Array.from({ length: MAX_DEPTH - base }, (_, i) => ({
    files: [[under, ...Array(i).fill('*'), '*'].join('/')],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: NOT_NORMAL, message: why.normal },
            ...(allowElectron ? [] : [{ regex: '^electron(/|$)', message: why.electron }]),
            ...patterns(base + i),
          ],
        },
      ],
      ...extra,
    },
  }))
  // Deeper than the generated blocks reach: refuse relative imports outright rather than let them pass unread.
  const deeper = {
    files: [[under, ...Array(MAX_DEPTH - base).fill('*'), '**'].join('/')],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: allowElectron ? '^\\.' : '^(\\.|electron(/|$))', message: why.tooDeep }] }] },
  }
  return [...blocks, deeper]
}

const into = (layer, depth, target, message, rest = '(/|$)') => ({ regex: `^${toward(layer, depth, target)}${rest}`, message })

/** From `depth` folders below renderer/src: leaving renderer/src is allowed only into shared/. */
const rendererPatterns = (d) => [{ regex: `^${esc('../'.repeat(d + 1))}(?!${esc('../')}shared/)`, message: why.renderer }]

const bridgeProps = ['embeddedConsole', '__EC_HARNESS__'].flatMap((property) =>
  ['window', 'globalThis', 'self'].map((object) => ({ object, property, message: why.bridge })),
)
const bridgeGlobalImport = { regex: '^@shared/contract(/index(\\.ts)?)?$', importNames: ['BRIDGE_GLOBAL'], message: why.bridge }
const notTheBridge = {
  'no-restricted-globals': ['error', ...['embeddedConsole', '__EC_HARNESS__'].map((name) => ({ name, message: why.bridge }))],
  'no-restricted-properties': ['error', ...bridgeProps],
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  // Layout is prettier's job (`npm run format`; `npm run lint` checks it): turn off every stylistic rule it owns.
  prettierOff,

  // electron/core: pure Node; never main, the preloads, the renderer or the emulator's internals.
  ...layerRule('electron/core', (d) => [
    into('electron/core', d, 'electron/main', why.coreMain),
    into('electron/core', d, 'electron/preload', why.coreMain),
    into('electron/core', d, 'renderer', why.layerUp),
    // The entry point (`../emulator`, `../emulator/index`) is how core starts the in-process emulator.
    into('electron/core', d, 'electron/emulator', why.coreEmulator, '/(?!index(\\.ts)?$)'),
  ]),

  // The emulator: never the console's core, main, preloads or renderer.
  ...layerRule('electron/emulator', (d) => [
    into('electron/emulator', d, 'electron/core', why.emulatorCore),
    into('electron/emulator', d, 'electron/main', why.emulatorCore),
    into('electron/emulator', d, 'electron/preload', why.emulatorCore),
    into('electron/emulator', d, 'renderer', why.layerUp),
  ]),

  // shared/: nothing outside itself; `@/` is the renderer's alias.
  ...layerRule('shared', (d) => [
    { regex: `^${esc('../'.repeat(d + 1))}`, message: why.shared },
    { regex: '^@/', message: why.shared },
  ]),

  // Preloads: electron and shared/ only (a sandboxed preload can require little else, and is bundled whole).
  ...layerRule(
    'electron/preload',
    (d) => [
      { regex: `^${esc('../'.repeat(d + 1))}(?!${esc('../')}shared/)`, message: why.preload },
      { regex: '^(?![./]|electron$)', message: why.preload },
    ],
    { allowElectron: true },
  ),

  // The renderer: its own files (`@/`, relative inside renderer/src), `@shared/` and packages; never electron/**.
  ...layerRule('renderer/src', (d) => [...rendererPatterns(d), bridgeGlobalImport], { extra: notTheBridge }),
  // Views and components: the same, and not even `@/bridge`: a screen's data comes through a store or composable.
  ...['renderer/src/views', 'renderer/src/components'].flatMap((under) =>
    layerRule(
      'renderer/src',
      (d) => [...rendererPatterns(d), bridgeGlobalImport, { regex: '^(@/|(\\.\\./)+|\\./)bridge(/|$)', message: why.screens }],
      {
        under,
        extra: notTheBridge,
      },
    ),
  ),
  // renderer/src/bridge is the bridge's one door: the same folder rules, without the bridge ones.
  ...layerRule('renderer/src', rendererPatterns, {
    under: 'renderer/src/bridge',
    extra: { 'no-restricted-globals': 'off', 'no-restricted-properties': 'off' },
  }),
)
