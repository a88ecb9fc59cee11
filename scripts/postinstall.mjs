// Rebuilds native modules (keytar) against Electron's ABI on users' machines.
// Where the Electron binary cannot be downloaded (CI, this team's sandboxed machines) the install is run with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 and the Node build of keytar is what the tests use, so we skip the rebuild.
import { spawnSync } from 'node:child_process'

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('[postinstall] ELECTRON_SKIP_BINARY_DOWNLOAD is set: keeping native modules built for Node (tests only).')
  process.exit(0)
}
const r = spawnSync('npx', ['--no-install', 'electron-builder', 'install-app-deps'], { stdio: 'inherit', shell: process.platform === 'win32' })
process.exit(r.status ?? 1)
