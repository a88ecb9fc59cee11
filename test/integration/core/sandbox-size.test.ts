/**
 * The app's built-in Sandbox takes its size from EC_SANDBOX_CUSTOMERS / _SEED / _LATENCY_MS (README, "Scripts"):
 * a valid value is used, a number out of range is clamped, text is ignored, and the user is told in a notice.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCore, type Core } from '../../../electron/core/create-core'
import { createMemoryVault } from '../../support/memory-vault'

let core: Core | undefined
let dataDir = ''

async function start(sandbox?: { customers?: number }): Promise<Core> {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-sandbox-size-'))
  core = await createCore({
    dataDir,
    appVersion: 'test',
    transport: 'harness',
    vault: createMemoryVault(),
    events: { emit: () => {} },
    openExternal: async () => {},
    sandbox,
  })
  return core
}

const ctx = () => ({ signal: new AbortController().signal })

afterEach(async () => {
  vi.unstubAllEnvs()
  await core?.dispose()
  core = undefined
  await rm(dataDir, { recursive: true, force: true })
})

describe('EC_SANDBOX_* for the built-in Sandbox', () => {
  it('sizes the Sandbox and seeds it', async () => {
    vi.stubEnv('EC_SANDBOX_CUSTOMERS', '1200')
    vi.stubEnv('EC_SANDBOX_SEED', '9')
    const c = await start()
    expect(c.sandbox()?.state.customerCount()).toBe(1200)
    expect(c.sandbox()?.state.seed).toBe(9)
    expect(await c.handlers['app:notices'](undefined, ctx())).toEqual([])
  })

  it('clamps a number out of range and says so in a notice', async () => {
    vi.stubEnv('EC_SANDBOX_CUSTOMERS', '0')
    const c = await start()
    expect(c.sandbox()?.state.customerCount()).toBe(1)
    const notices = await c.handlers['app:notices'](undefined, ctx())
    expect(notices).toContainEqual(expect.objectContaining({ level: 'warning', message: 'EC_SANDBOX_CUSTOMERS 0 is outside 1–50,000; using 1.' }))
  })

  it('ignores text, keeps the default of 250, and says which variable was wrong', async () => {
    vi.stubEnv('EC_SANDBOX_CUSTOMERS', 'many')
    const c = await start()
    expect(c.sandbox()?.state.customerCount()).toBe(250)
    const notices = await c.handlers['app:notices'](undefined, ctx())
    expect(notices.map((n) => n.message)).toContain('EC_SANDBOX_CUSTOMERS must be a whole number of customers (1–50,000); "many" is not.')
  })

  it('gives way to what the caller passes (the browser harness keeps its small Sandbox)', async () => {
    vi.stubEnv('EC_SANDBOX_CUSTOMERS', '5000')
    const c = await start({ customers: 30 })
    expect(c.sandbox()?.state.customerCount()).toBe(30)
  })
})
