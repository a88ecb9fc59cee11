/** `npm run emulator`, `npm run harness` and EC_SANDBOX_*: the same sizes, the same sentences for the same mistakes. */
import { describe, expect, it } from 'vitest'
import { parseEmulatorArgs } from '../../../../electron/emulator/cli-args'
import { parseSandboxSize, sandboxSizeFromEnv } from '../../../../electron/emulator/size'
import { parseHarnessArgs } from '../../../harness/cli-args'

describe('parseHarnessArgs', () => {
  it('reads --customers, --seed, --latency, --port and scenario switches', () => {
    const r = parseHarnessArgs(['--customers', '10000', '--seed', '7', '--latency', '50', '--port', '4600', '--scenario', 'fail-jobs:100023:2311:3'])
    expect(r).toEqual({
      ok: true,
      args: {
        help: false,
        port: 4600,
        customers: 10_000,
        seed: 7,
        latencyMs: 50,
        scenarios: [{ action: 'fail-jobs', customerId: 100023, recipeId: 2311, count: 3 }],
        warnings: [],
      },
    })
    // Nothing given: the harness's own small default applies (no size in the result).
    expect(parseHarnessArgs([])).toMatchObject({ ok: true, args: { port: 0, scenarios: [] } })
    expect(parseHarnessArgs([])).not.toHaveProperty('args.customers')
  })

  it('refuses what is not a number, with the flag, the value and the range', () => {
    expect(parseHarnessArgs(['--customers', 'lots'])).toEqual({
      ok: false,
      message: '--customers must be a whole number of customers (1–50,000); "lots" is not.',
    })
    expect(parseHarnessArgs(['--customers', '1.5'])).toMatchObject({ ok: false, message: expect.stringContaining('"1.5" is not') })
    expect(parseHarnessArgs(['--latency', '50ms'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('--latency must be a whole number of milliseconds'),
    })
    expect(parseHarnessArgs(['--port', '70000'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('--port must be a whole number from 0 to 65535'),
    })
  })

  it('clamps numbers out of range and says to what', () => {
    const r = parseHarnessArgs(['--customers', '200000', '--latency=-5'])
    expect(r).toMatchObject({ ok: true, args: { customers: 50_000, latencyMs: 0 } })
    expect(r.ok && r.args.warnings).toEqual(['--customers 200000 is outside 1–50,000; using 50,000.', '--latency -5 is outside 0–10,000; using 0.'])
    expect(parseHarnessArgs(['--customers', '0'])).toMatchObject({ ok: true, args: { customers: 1 } })
  })

  it('names an unknown flag or a missing value, and a bad scenario', () => {
    expect(parseHarnessArgs(['--customer', '5'])).toMatchObject({ ok: false, message: expect.stringContaining("Unknown option '--customer'") })
    expect(parseHarnessArgs(['--customers'])).toMatchObject({ ok: false, message: expect.stringContaining('--customers') })
    expect(parseHarnessArgs(['--scenario', 'fail-jobs:1'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('fail-jobs:CUSTOMER_ID:RECIPE_ID:COUNT'),
    })
  })
})

describe('parseEmulatorArgs', () => {
  it('reads the size, faults and switches', () => {
    const r = parseEmulatorArgs([
      '--customers',
      '500',
      '--seed',
      '1',
      '--latency',
      '50',
      '--jitter',
      '10',
      '--scenario',
      'drop-origin:https://x.example',
    ])
    expect(r).toMatchObject({
      ok: true,
      args: { customers: 500, seed: 1, faults: { latencyMs: 50, jitterMs: 10 }, scenarios: [{ action: 'drop-origin', origin: 'https://x.example' }] },
    })
  })

  it('refuses bad values with a sentence', () => {
    expect(parseEmulatorArgs(['--customers', '-'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('--customers must be a whole number'),
    })
    expect(parseEmulatorArgs(['--rate-limits', 'some'])).toEqual({ ok: false, message: '--rate-limits must be "documented" or "off".' })
    expect(parseEmulatorArgs(['--error-rate', '2'])).toEqual({ ok: false, message: '--error-rate must be a number from 0 to 1.' })
    expect(parseEmulatorArgs(['--jitter', 'x'])).toEqual({ ok: false, message: '--jitter must be a whole number, got "x".' })
  })
})

describe('sandboxSizeFromEnv (the app’s built-in Sandbox)', () => {
  it('reads EC_SANDBOX_CUSTOMERS, EC_SANDBOX_SEED and EC_SANDBOX_LATENCY_MS', () => {
    expect(sandboxSizeFromEnv({ EC_SANDBOX_CUSTOMERS: '10000', EC_SANDBOX_SEED: '3', EC_SANDBOX_LATENCY_MS: '50' })).toEqual({
      size: { customers: 10_000, seed: 3, latencyMs: 50 },
      errors: [],
      warnings: [],
    })
    expect(sandboxSizeFromEnv({})).toEqual({ size: {}, errors: [], warnings: [] })
  })

  it('ignores text and clamps numbers, naming the variable each time', () => {
    expect(sandboxSizeFromEnv({ EC_SANDBOX_CUSTOMERS: 'ten thousand' })).toEqual({
      size: {},
      errors: ['EC_SANDBOX_CUSTOMERS must be a whole number of customers (1–50,000); "ten thousand" is not.'],
      warnings: [],
    })
    expect(sandboxSizeFromEnv({ EC_SANDBOX_CUSTOMERS: '999999' })).toEqual({
      size: { customers: 50_000 },
      errors: [],
      warnings: ['EC_SANDBOX_CUSTOMERS 999999 is outside 1–50,000; using 50,000.'],
    })
  })

  it('treats an empty value as unset', () => {
    expect(parseSandboxSize({ customers: '  ' }, { customers: 'C', seed: 'S', latencyMs: 'L' })).toEqual({ size: {}, errors: [], warnings: [] })
  })
})
