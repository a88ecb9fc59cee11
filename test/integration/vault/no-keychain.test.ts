/**
 * With no Secret Service at all (no D-Bus session, no $DISPLAY), real keytar fails; the vault must say
 * `vault_unavailable` with the Linux fix, and must not store the secret anywhere else.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const probe = fileURLToPath(new URL('./no-keychain-probe.ts', import.meta.url))

describe.runIf(process.platform === 'linux')('no Secret Service reachable (Linux)', () => {
  it('maps the real keytar failure to vault_unavailable with an actionable hint', () => {
    const env: NodeJS.ProcessEnv = { ...process.env }
    delete env.DBUS_SESSION_BUS_ADDRESS
    delete env.DISPLAY
    delete env.WAYLAND_DISPLAY
    const r = spawnSync(process.execPath, ['--import', 'tsx', probe], { env, encoding: 'utf8', timeout: 30_000 })
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { code?: string; hint?: string; message?: string }
    expect(out.code).toBe('vault_unavailable')
    expect(out.message).toBe('The OS keychain is not available, and Embedded Console keeps API tokens and keys nowhere else.')
    expect(out.hint).toMatch(/gnome-keyring.*KWallet.*unlock it/)
    expect(r.stdout + r.stderr).not.toContain('secret-that-must-not-leak-123')
  })
})
