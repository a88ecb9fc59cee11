import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')

async function sources(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(path.join(root, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|mts|vue)$/.test(entry.name)) out.push(path.join(entry.parentPath, entry.name))
  }
  return out
}

// architecture.md: core, the sandbox and shared never import Electron, so they run (and are tested) in plain Node.
describe.each(['electron/core', 'electron/sandbox', 'shared'])('%s', (dir) => {
  it('never imports electron', async () => {
    const offenders: string[] = []
    for (const file of await sources(dir)) {
      const text = await readFile(file, 'utf8')
      if (/(from\s+['"]electron['"])|(require\(\s*['"]electron['"]\s*\))|(import\(\s*['"]electron['"]\s*\))/.test(text)) offenders.push(path.relative(root, file))
    }
    expect(offenders).toEqual([])
  })
})

describe('renderer', () => {
  it('reaches the preload only through src/api', async () => {
    const offenders: string[] = []
    for (const file of await sources('renderer/src')) {
      if (file.includes(`${path.sep}api${path.sep}`)) continue
      const text = await readFile(file, 'utf8')
      if (/embeddedConsole|__EC_HARNESS__|from\s+['"]electron['"]/.test(text.replace(/\/\*[\s\S]*?\*\//g, ''))) offenders.push(path.relative(root, file))
    }
    expect(offenders.filter((f) => !f.endsWith('env.d.ts'))).toEqual([])
  })
})
