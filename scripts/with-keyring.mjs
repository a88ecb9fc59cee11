#!/usr/bin/env node
/**
 * `node scripts/with-keyring.mjs <cmd> [args...]`: runs a command that needs a working OS keychain.
 *
 * macOS and Windows always have one, so the command just runs. On Linux keytar talks to the Secret Service over
 * the D-Bus session bus; CI machines and containers usually have neither. When a quick probe (store and delete a
 * throw-away secret through keytar) fails, this script re-executes itself inside a private session bus
 * (`dbus-run-session`) with a throw-away gnome-keyring whose login keyring is created and unlocked from a
 * password on stdin, then runs the command there. The keyring lives in a temp dir that is removed afterwards,
 * so nothing real is touched and every run starts clean.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const INNER = 'EC_WITH_KEYRING_INNER'
const self = fileURLToPath(import.meta.url)
const argv = process.argv.slice(2)

if (argv.length === 0) {
  console.error('usage: node scripts/with-keyring.mjs <command> [args...]')
  process.exit(2)
}

/** Runs the command with inherited stdio and exits with its status (signals become 128+n like a shell). */
function runAndExit(cmd, args, env = process.env) {
  const child = spawn(cmd, args, { stdio: 'inherit', env, shell: process.platform === 'win32' })
  const forward = (sig) => child.kill(sig)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  child.on('error', (e) => {
    console.error(`[with-keyring] could not start "${cmd}": ${e.message}`)
    process.exit(127)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (signalNumber(signal) ?? 1) : 1)))
}

function signalNumber(sig) {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[sig]
}

function has(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0
}

/**
 * True when keytar can store and delete a secret right now. Runs in a child with a timeout because a
 * half-configured bus can make the Secret Service call hang instead of failing.
 */
function keychainWorks() {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return false
  let keytarPath
  try {
    keytarPath = createRequire(import.meta.url).resolve('keytar')
  } catch {
    return false
  }
  const probe = `
    const k = require(${JSON.stringify(keytarPath)});
    const s = 'embedded-console-probe-' + process.pid;
    k.setPassword(s, 'probe', 'x').then(() => k.deletePassword(s, 'probe')).then(() => process.exit(0), () => process.exit(1));
  `
  const r = spawnSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 10_000 })
  return r.status === 0
}

if (process.platform !== 'linux' || process.env[INNER] === '1' || keychainWorks()) {
  if (process.env[INNER] === '1' && !keychainWorks()) {
    console.error('[with-keyring] started gnome-keyring in a private D-Bus session, but keytar still cannot reach it.')
    process.exit(1)
  }
  runAndExit(argv[0], argv.slice(1))
} else {
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((b) => !has(b))
  if (missing.length) {
    console.error(
      `[with-keyring] No reachable Secret Service and ${missing.join(' and ')} not installed. ` +
        'Install dbus and gnome-keyring (Debian/Ubuntu: sudo apt-get install dbus gnome-keyring libsecret-1-0), or run inside a desktop session with an unlocked keyring.',
    )
    process.exit(1)
  }
  const keyringHome = mkdtempSync(join(tmpdir(), 'ec-keyring-'))
  // The password only protects a throw-away keyring in a temp dir that is deleted when the command ends.
  const script =
    'printf %s "$EC_KEYRING_PASSWORD" | XDG_DATA_HOME="$EC_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null' +
    ' && exec "$EC_NODE" "$EC_SELF" "$@"'
  console.error('[with-keyring] no reachable Secret Service: running under dbus-run-session with a temporary gnome-keyring')
  const child = spawn('dbus-run-session', ['--', 'sh', '-c', script, 'sh', ...argv], {
    stdio: 'inherit',
    env: {
      ...process.env,
      [INNER]: '1',
      EC_KEYRING_HOME: keyringHome,
      EC_KEYRING_PASSWORD: 'embedded-console-test',
      EC_NODE: process.execPath,
      EC_SELF: self,
    },
  })
  const cleanup = () => rmSync(keyringHome, { recursive: true, force: true })
  process.on('SIGINT', () => child.kill('SIGINT'))
  process.on('SIGTERM', () => child.kill('SIGTERM'))
  child.on('exit', (code, signal) => {
    cleanup()
    process.exit(code ?? (signal ? 128 + (signalNumber(signal) ?? 1) : 1))
  })
}
