/**
 * electron-builder configuration (found by name: `npx electron-builder` loads this file through jiti).
 * A function of the environment because two things are decided at build time by whoever ships the app:
 * where updates come from (EC_UPDATE_URL / EC_UPDATE_GITHUB) and, through electron-builder's own variables,
 * signing and notarisation (CSC_LINK, APPLE_ID, WIN_CSC_LINK...; see README "Installers"). With none of them set
 * the build is unsigned and the app has no update feed, and both still work.
 */
import type { Configuration } from 'electron-builder'

/** The deep-link scheme the packaged app owns: `embedded-console://...` (runtime handling is in electron/main). */
export const PROTOCOL_SCHEME = 'embedded-console'

export type PublishConfig = NonNullable<Configuration['publish']>

/**
 * The update feed, from the partner's build environment. `null` (not `undefined`) when none is set: with no
 * `publish` key electron-builder invents a GitHub feed from package.json's `repository`, the git remote or a
 * GH_TOKEN in the environment (app-builder-lib PublishManager.getPublishConfigsForUpdateInfo, electron-builder
 * issue #925), writes it to resources/app-update.yml, and the app would poll a feed nobody publishes to.
 * The runtime updater in electron/main is enabled only when that file exists.
 */
export function publishFromEnv(env: NodeJS.ProcessEnv): PublishConfig | null {
  const url = env.EC_UPDATE_URL?.trim()
  const github = env.EC_UPDATE_GITHUB?.trim()
  if (url && github) {
    throw new Error('Both EC_UPDATE_URL and EC_UPDATE_GITHUB are set: choose one update feed for this build and unset the other.')
  }
  if (url) {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new Error(`EC_UPDATE_URL "${url}" is not a URL: give the https:// folder that holds latest.yml and the installers.`)
    }
    if (parsed.protocol !== 'https:') {
      throw new Error(`EC_UPDATE_URL must be https:// (updates are code the app will run), not ${parsed.protocol}//.`)
    }
    return { provider: 'generic', url: parsed.href }
  }
  if (github) {
    const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(github)
    if (!m) throw new Error(`EC_UPDATE_GITHUB "${github}" is not owner/repo (for example acme/embedded-console).`)
    return { provider: 'github', owner: m[1], repo: m[2] }
  }
  return null
}

export function builderConfig(env: NodeJS.ProcessEnv = process.env): Configuration {
  return {
    appId: 'com.embeddedconsole.app',
    productName: 'Embedded Console',
    copyright: 'Copyright © Embedded Console contributors',
    directories: { buildResources: 'build', output: 'release/${version}' },
    // Only the build output and the runtime icon; production node_modules are added by electron-builder from
    // package.json's dependencies (devDependencies never are). No sources, maps or type declarations.
    // (electron-builder already leaves node_modules' tests, docs and examples out.)
    files: ['out/**', 'resources/**', '!**/*.map', '!**/*.{ts,mts,cts}'],
    // Native code cannot be loaded from inside an asar archive.
    asarUnpack: ['**/*.node'],
    // Flip off what someone with local access would use to run their code inside our (signed) binary
    // (https://www.electronjs.org/docs/latest/tutorial/fuses). Flipping fuses edits the binary, which breaks the
    // ad-hoc signature Apple-silicon Electron ships with: resetAdHocDarwinSignature re-signs it ad hoc, without
    // which an unsigned arm64 build is killed at launch. Asar integrity is enforced on macOS and Windows.
    electronFuses: {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    },
    protocols: [{ name: 'Embedded Console link', schemes: [PROTOCOL_SCHEME] }],
    publish: publishFromEnv(env),
    mac: {
      category: 'public.app-category.developer-tools',
      target: [
        { target: 'dmg', arch: ['x64', 'arm64'] },
        { target: 'zip', arch: ['x64', 'arm64'] },
      ],
      icon: 'build/icon.icns',
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
      // Signing needs CSC_LINK (+ CSC_KEY_PASSWORD) or a Developer ID in the keychain; notarisation runs when
      // APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID or APPLE_API_KEY + APPLE_API_KEY_ID +
      // APPLE_API_ISSUER are set (app-builder-lib mac/MacTargetHelper.getNotarizeOptions). Neither is required.
    },
    dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
    win: {
      target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
      icon: 'build/icon.ico',
      // Signed when WIN_CSC_LINK (or CSC_LINK) + WIN_CSC_KEY_PASSWORD are set.
    },
    // One installer holding both architectures (nsis buildUniversalInstaller, the default); it installs the right one.
    nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, artifactName: '${productName}-Setup-${version}.${ext}' },
    linux: {
      // deb and rpm install Electron's AppArmor profile (Ubuntu 24.04+ restricts the unprivileged user namespaces
      // Chromium's sandbox needs); the AppImage cannot, see README "Linux and AppArmor".
      target: ['deb', 'rpm', 'AppImage'],
      icon: 'build/icon.png',
      executableName: 'embedded-console',
      category: 'Development',
      maintainer: 'Embedded Console team <embedded-console@users.noreply.github.com>',
      synopsis: 'Support console for Workato Embedded partners',
      description: 'Desktop console for support staff of Workato Embedded partners: customers, connections, recipes and the live Connection Widget.',
    },
    // keytar links libsecret; electron-builder's default rpm dependencies (unlike deb's) do not include it.
    rpm: {
      depends: [
        'gtk3',
        'libnotify',
        'nss',
        'libXScrnSaver',
        '(libXtst or libXtst6)',
        'xdg-utils',
        'at-spi2-core',
        '(libuuid or libuuid1)',
        'libsecret',
      ],
    },
    appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },
    npmRebuild: true,
  }
}

export default builderConfig()
