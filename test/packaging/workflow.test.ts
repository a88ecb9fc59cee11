/**
 * The release workflow (.github/workflows/desktop.yml) cannot run here; this checks what can go stale without
 * anyone noticing until a release: it parses, covers the three OSes, and every npm script, file and config it
 * names exists in the repo.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { load as parseYaml } from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const Step = z.object({
  name: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
})
const Workflow = z.object({
  jobs: z.object({
    desktop: z.object({ strategy: z.object({ matrix: z.object({ os: z.array(z.string()) }) }), steps: z.array(Step) }),
  }),
})

const workflow = Workflow.parse(parseYaml(readFileSync(path.join(root, '.github/workflows/desktop.yml'), 'utf8')))
const job = workflow.jobs.desktop
const runs = job.steps.map((s) => s.run ?? '').join('\n')
const scripts = z
  .object({ scripts: z.record(z.string(), z.string()) })
  .parse(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))).scripts

describe('desktop release workflow', () => {
  it('builds on Linux, macOS and Windows', () => {
    expect(job.strategy.matrix.os.sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest'])
  })

  it('runs only npm scripts that exist, and files and configs that exist', () => {
    const named = [...runs.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1])
    expect(named).toEqual(expect.arrayContaining(['lint', 'typecheck', 'test:unit', 'build', 'package']))
    for (const s of named) expect(scripts, `npm run ${s}`).toHaveProperty([s])
    const files = [...runs.matchAll(/(?:node|-c) ((?:scripts|test|node_modules\/electron)\/[\w./-]+)/g)].map((m) => m[1])
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) {
      if (f.startsWith('node_modules/')) continue // installed by npm ci there, checked below
      expect(existsSync(path.join(root, f)), f).toBe(true)
    }
    expect(runs).toContain('node node_modules/electron/install.js')
  })

  it('runs the Electron end-to-end specs and uploads every installer type', () => {
    expect(runs).toContain('test/e2e-electron/playwright.config.ts')
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))
    const paths = String(upload?.with?.path ?? '')
    for (const ext of ['dmg', 'zip', 'exe', 'deb', 'rpm', 'AppImage']) expect(paths, ext).toContain(`*.${ext}`)
    expect(upload?.with?.['if-no-files-found']).toBe('error')
  })
})
