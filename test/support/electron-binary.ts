/**
 * Finds the Electron binary without `require('electron')`, which (Electron 45) downloads a missing
 * binary on the spot. Where it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 there is no binary, the
 * Electron E2E specs skip, and this says why.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

export function electronBinary(): { path: string | null; reason: string } {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron')
    return existsSync(p) ? { path: p, reason: '' } : { path: null, reason: `no Electron binary at ${p}` }
  }
  let dir: string
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return { path: null, reason: 'the electron package is not installed' }
  }
  const pathFile = path.join(dir, 'path.txt')
  if (!existsSync(pathFile)) {
    return {
      path: null,
      reason:
        'the Electron binary was not downloaded (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); run `npx install-electron` (Electron 45 downloads its binary on first use, not in `npm install`) to run these',
    }
  }
  const bin = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? { path: bin, reason: '' } : { path: null, reason: `the Electron binary is missing at ${bin}` }
}
