/**
 * `node test/packaging/dir-build.mjs <electronDist> <outDir>`: what `npm run package` does on Linux, as a `dir`
 * build (the unpacked app, no installer), against a stand-in Electron and with no network. It runs in its own
 * process because electron-builder loads electron-builder.ts with this process's environment, exactly as in a
 * partner's build: the update feed variables (EC_UPDATE_URL...) decide the publish config there, not here.
 * Only what a stand-in forces is overridden: where Electron comes from, no native rebuild against Electron's
 * headers (a download), and the output folder. The effective configuration is written to <outDir>/effective.json.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Arch, build, Platform } from 'electron-builder'

const [electronDist, outDir] = process.argv.slice(2)
if (!electronDist || !outDir) {
  console.error('usage: node test/packaging/dir-build.mjs <electronDist> <outDir>')
  process.exit(2)
}

await build({
  projectDir: process.cwd(),
  targets: Platform.LINUX.createTarget('dir', Arch.x64),
  publish: 'never',
  config: {
    electronDist,
    npmRebuild: false,
    directories: { output: outDir },
    // Runs after the app is laid out and before fuses are flipped: the configuration electron-builder resolved
    // from electron-builder.ts, package.json and the overrides above.
    afterPack: async (context) => {
      await writeFile(path.join(outDir, 'effective.json'), JSON.stringify(context.packager.config, null, 2))
    },
  },
})
