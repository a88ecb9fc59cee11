/**
 * Packages the app the way `npm run package` does (electron-builder, Linux `dir` target) and checks what a user
 * would get: the app code and only the production node_modules in app.asar, keytar's native module unpacked
 * next to it, the fuses flipped in the binary, the deep-link protocol and metadata in the configuration, and an
 * update feed (resources/app-update.yml) only when the build was given one.
 *
 * Electron's binary is not downloaded here, so the build uses a stand-in Electron distribution: a folder with
 * the layout electron-builder copies for Linux (app-builder-lib electron/ElectronFramework.ts: an `electron`
 * executable that it renames, resources/, locales/, LICENSE). The stand-in executable carries Electron's fuse
 * wire (the sentinel @electron/fuses searches for, then version, length and one byte per fuse, as
 * https://www.electronjs.org/docs/latest/tutorial/fuses describes) with Electron's default states, so the test
 * reads back what electron-builder really flipped.
 */
import { spawn, spawnSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { extractFile, listPackage } from '@electron/asar'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { load as parseYaml } from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builderConfig } from '../../electron-builder'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
/** Electron's own defaults, in FuseV1Options order: RunAsNode, CookieEncryption, NODE_OPTIONS, --inspect, AsarIntegrity, OnlyLoadAppFromAsar, V8 snapshot, file: privileges. */
const ELECTRON_DEFAULT_WIRE = '10110001'

interface Built {
  dir: string
  resources: string
  entries: string[]
  effective: Record<string, unknown>
}

let work = ''
let plain: Built
let withFeed: Built

/** Environment of the partner's build: ours minus anything that picks an update feed, plus `extra`. */
function buildEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ...extra }
  for (const k of ['EC_UPDATE_URL', 'EC_UPDATE_GITHUB', 'GH_TOKEN', 'GITHUB_TOKEN']) if (!(k in extra)) delete env[k]
  return env
}

function dirBuild(electronDist: string, outDir: string, extraEnv: Record<string, string>): Promise<Built> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'test/packaging/dir-build.mjs'), electronDist, outDir], {
      cwd: root,
      env: buildEnv(extraEnv),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let log = ''
    child.stdout.on('data', (d: Buffer) => (log += d.toString()))
    child.stderr.on('data', (d: Buffer) => (log += d.toString()))
    child.on('error', reject)
    child.on('exit', async (code) => {
      if (code !== 0) return reject(new Error(`electron-builder exited with ${code}:\n${log}`))
      try {
        const dir = path.join(outDir, 'linux-unpacked')
        const resources = path.join(dir, 'resources')
        const entries = listPackage(path.join(resources, 'app.asar'), { isPack: false })
        const effective = JSON.parse(await readFile(path.join(outDir, 'effective.json'), 'utf8')) as Record<string, unknown>
        resolve({ dir, resources, entries, effective })
      } catch (e) {
        reject(e)
      }
    })
  })
}

async function standInElectron(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'resources'), { recursive: true })
  await mkdir(path.join(dir, 'locales'), { recursive: true })
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\necho stand-in for Electron\nexit 0\n# ${FUSE_SENTINEL}`),
    Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
    Buffer.from(ELECTRON_DEFAULT_WIRE),
    Buffer.from('\n'),
  ])
  await writeFile(path.join(dir, 'electron'), wire)
  await chmod(path.join(dir, 'electron'), 0o755)
  await writeFile(path.join(dir, 'chrome-sandbox'), '')
  await writeFile(path.join(dir, 'locales', 'en-US.pak'), '')
  await writeFile(path.join(dir, 'LICENSE'), 'stand-in Electron license\n')
  await writeFile(path.join(dir, 'version'), '45.4.1')
}

beforeAll(async () => {
  if (!existsSync(path.join(root, 'out/main/index.js'))) {
    const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
    if (r.status !== 0) throw new Error('electron-vite build failed; the packaging test packages its output')
  }
  work = await mkdtemp(path.join(tmpdir(), 'ec-package-'))
  const dist = path.join(work, 'electron-dist')
  await standInElectron(dist)
  // Two builds of the same app: as shipped with no update feed, and as a partner with their own feed builds it.
  ;[plain, withFeed] = await Promise.all([
    dirBuild(dist, path.join(work, 'plain'), {}),
    dirBuild(dist, path.join(work, 'feed'), { EC_UPDATE_URL: 'https://updates.acme.example/embedded-console/' }),
  ])
}, 180_000)

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true })
})

const has = (b: Built, entry: string) => b.entries.includes(entry)

describe('app.asar', () => {
  it('holds the built main process, both preloads, the renderer and the window icon', () => {
    for (const f of [
      '/package.json',
      '/out/main/index.js',
      '/out/preload/app.cjs',
      '/out/preload/widget.cjs',
      '/out/renderer/index.html',
      '/resources/icon.png',
    ]) {
      expect(has(plain, f), f).toBe(true)
    }
  })

  it('ships a window icon large enough for high-DPI docks and taskbars (512 px or more)', () => {
    const png = extractFile(path.join(plain.resources, 'app.asar'), 'resources/icon.png')
    // PNG IHDR: width and height are big-endian at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512)
    expect(png.readUInt32BE(20)).toBe(png.readUInt32BE(16))
  })

  it('holds the production dependencies the main process loads', () => {
    for (const dep of ['keytar', 'jose', 'zod', 'electron-store', 'conf', 'electron-log', 'electron-updater', 'p-limit']) {
      expect(has(plain, `/node_modules/${dep}/package.json`), dep).toBe(true)
    }
  })

  it('holds no dev dependency, no Electron, no source map, no TypeScript source and no test', () => {
    const top = new Set(plain.entries.map((e) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(e)?.[1]).filter((x) => x !== undefined))
    for (const dev of [
      'electron',
      'electron-builder',
      'electron-vite',
      'vite',
      'vitest',
      'playwright',
      '@playwright/test',
      'typescript',
      'vue',
      'naive-ui',
      'png2icons',
      'tsx',
    ]) {
      expect(top.has(dev), dev).toBe(false)
    }
    expect(plain.entries.filter((e) => e.endsWith('.map'))).toEqual([])
    expect(plain.entries.filter((e) => /\.(ts|mts|cts|vue)$/.test(e))).toEqual([])
    expect(plain.entries.filter((e) => /^\/(electron|renderer|shared|test|scripts|build|docs)\//.test(e))).toEqual([])
  })

  it('leaves the keychain module unpacked so it can be loaded', async () => {
    const native = path.join(plain.resources, 'app.asar.unpacked/node_modules/keytar/build/Release/keytar.node')
    expect((await stat(native)).size).toBeGreaterThan(0)
  })
})

describe('binary and configuration', () => {
  it('flips the fuses in the packaged executable', async () => {
    const wire = await getCurrentFuseWire(path.join(plain.dir, 'embedded-console'))
    // States are the bytes '0' and '1' (FuseState is not exported by @electron/fuses).
    const on = (f: FuseV1Options) => {
      const state = wire[f]
      return state === undefined ? 'missing' : String.fromCharCode(state)
    }
    expect(on(FuseV1Options.RunAsNode)).toBe('0')
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0')
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0')
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe('1')
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1')
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1')
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0')
  })

  it('re-signs Apple-silicon builds ad hoc after flipping fuses, so unsigned arm64 builds launch', () => {
    expect(plain.effective.electronFuses).toMatchObject({ resetAdHocDarwinSignature: true })
    expect(builderConfig({}).electronFuses).toMatchObject({ resetAdHocDarwinSignature: true })
  })

  it('registers the embedded-console:// protocol and carries the package metadata Linux packages need', () => {
    expect(plain.effective).toMatchObject({
      appId: 'com.embeddedconsole.app',
      productName: 'Embedded Console',
      protocols: [{ schemes: ['embedded-console'] }],
      asarUnpack: ['**/*.node'],
      linux: { executableName: 'embedded-console', category: 'Development', target: ['deb', 'rpm', 'AppImage'] },
      mac: { hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist' },
    })
  })

  it('gives the .deb and .rpm the metadata electron-builder refuses to build them without', async () => {
    // app-builder-lib targets/FpmTarget.computeFpmMetaInfoOptions: "Please specify project homepage", and the
    // maintainer from linux.maintainer or the author's email.
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      homepage?: string
      author?: { name?: string; email?: string }
      description?: string
    }
    expect(pkg.homepage).toMatch(/^https:\/\//)
    expect(pkg.author).toMatchObject({ name: expect.any(String), email: expect.stringMatching(/@/) })
    expect(pkg.description).toBeTruthy()
    expect(plain.effective).toMatchObject({ linux: { maintainer: expect.stringMatching(/<.+@.+>/), synopsis: expect.any(String) } })
  })

  it('has the icons electron-builder needs: a 1024 PNG, an .icns with the 1024 slot and an .ico with 256', async () => {
    const png = await readFile(path.join(root, 'build/icon.png'))
    // PNG IHDR: width and height are big-endian at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024])
    const icns = await readFile(path.join(root, 'build/icon.icns'))
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns')
    expect(icns.includes(Buffer.from('ic10'))).toBe(true)
    const ico = await readFile(path.join(root, 'build/icon.ico'))
    // ICONDIR: reserved 0, type 1, count; each ICONDIRENTRY's width byte is 0 for 256.
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
    const widths = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + i * 16] || 256)
    expect(widths).toContain(256)
    expect(widths).toContain(16)
  })
})

describe('update feed', () => {
  it('writes no app-update.yml when the build was given no feed, so the app makes no update calls', () => {
    expect(existsSync(path.join(plain.resources, 'app-update.yml'))).toBe(false)
  })

  it('writes the partner feed from EC_UPDATE_URL into app-update.yml', async () => {
    const yml = parseYaml(await readFile(path.join(withFeed.resources, 'app-update.yml'), 'utf8'))
    expect(yml).toMatchObject({ provider: 'generic', url: 'https://updates.acme.example/embedded-console/' })
  })
})
