/**
 * The standalone emulator's command line, parsed into options or one sentence saying what is wrong (cli.ts prints
 * it and exits 2). Kept apart from cli.ts so every refusal has a unit test without spawning a process.
 */
import { parseArgs } from 'node:util'
import type { FaultOptions } from './faults'
import { parseScenarioArg, scenarioArgHelp, type ScenarioCommand } from './scenarios'
import { parseSandboxSize } from './size'

export const emulatorUsage = [
  'Usage: npm run emulator -- [--port N] [--token T] [--customers N] [--seed N] [--latency MS] [--jitter MS] [--error-rate 0..1]',
  '       [--fault-seed N] [--vendor-id ID] [--vendor-origin URL]... [--public-key FILE] [--rate-limits documented|off]',
  '       [--scenario SWITCH]... [--quiet]',
  'Scenario switches (repeatable; also POST /__emulator/scenarios while it runs):',
  ...scenarioArgHelp.map((s) => `  ${s}`),
].join('\n')

export interface EmulatorArgs {
  help: boolean
  quiet: boolean
  port: number
  token?: string
  customers?: number
  seed?: number
  vendorId?: string
  vendorOrigins?: string[]
  publicKeyFile?: string
  rateLimits?: 'off' | 'documented'
  faults?: FaultOptions
  scenarios: ScenarioCommand[]
  /** Values clamped into range, to print before starting. */
  warnings: string[]
}

export type ParsedArgs<T> = { ok: true; args: T } | { ok: false; message: string }

function wholeNumber(name: string, v: string | undefined): number | string | undefined {
  if (v === undefined) return undefined
  return /^\d{1,15}$/.test(v) ? Number(v) : `--${name} must be a whole number, got "${v.slice(0, 40)}".`
}

/** Parses `--scenario` values; the first bad one is the error. */
export function parseScenarioArgs(values: readonly string[] | undefined): ScenarioCommand[] | string {
  const out: ScenarioCommand[] = []
  for (const raw of values ?? []) {
    const r = parseScenarioArg(raw)
    if (!r.ok) return r.message
    out.push(r.command)
  }
  return out
}

export function parseEmulatorArgs(argv: string[]): ParsedArgs<EmulatorArgs> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        token: { type: 'string' },
        customers: { type: 'string' },
        seed: { type: 'string' },
        latency: { type: 'string' },
        jitter: { type: 'string' },
        'error-rate': { type: 'string' },
        'fault-seed': { type: 'string' },
        'vendor-id': { type: 'string' },
        'vendor-origin': { type: 'string', multiple: true },
        'public-key': { type: 'string' },
        'rate-limits': { type: 'string' },
        scenario: { type: 'string', multiple: true },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (e) {
    // node:util names the unknown or valueless option; the usage says what exists.
    return { ok: false, message: `${e instanceof Error ? e.message : String(e)}\n${emulatorUsage}` }
  }
  const rl = values['rate-limits']
  if (rl !== undefined && rl !== 'off' && rl !== 'documented') return { ok: false, message: '--rate-limits must be "documented" or "off".' }
  const size = parseSandboxSize(
    { customers: values.customers, seed: values.seed, latencyMs: values.latency },
    { customers: '--customers', seed: '--seed', latencyMs: '--latency' },
  )
  if (size.errors[0] !== undefined) return { ok: false, message: size.errors[0] }
  const port = wholeNumber('port', values.port)
  const jitter = wholeNumber('jitter', values.jitter)
  const faultSeed = wholeNumber('fault-seed', values['fault-seed'])
  for (const v of [port, jitter, faultSeed]) if (typeof v === 'string') return { ok: false, message: v }
  if (typeof port === 'number' && port > 65_535) return { ok: false, message: `--port must be 0–65535, got ${port}.` }
  const errorRateRaw = values['error-rate']
  const errorRate = errorRateRaw === undefined ? undefined : Number(errorRateRaw)
  if (errorRate !== undefined && !(errorRate >= 0 && errorRate <= 1)) return { ok: false, message: '--error-rate must be a number from 0 to 1.' }
  const scenarios = parseScenarioArgs(values.scenario)
  if (typeof scenarios === 'string') return { ok: false, message: scenarios }
  const latency = size.size.latencyMs
  const faultsWanted = latency !== undefined || errorRate !== undefined
  return {
    ok: true,
    args: {
      help: values.help ?? false,
      quiet: values.quiet ?? false,
      port: typeof port === 'number' ? port : 0,
      token: values.token,
      customers: size.size.customers,
      seed: size.size.seed,
      vendorId: values['vendor-id'],
      vendorOrigins: values['vendor-origin'],
      publicKeyFile: values['public-key'],
      rateLimits: rl,
      faults: faultsWanted
        ? {
            latencyMs: latency ?? 0,
            jitterMs: typeof jitter === 'number' ? jitter : 0,
            errorRate,
            seed: typeof faultSeed === 'number' ? faultSeed : undefined,
          }
        : undefined,
      scenarios,
      warnings: size.warnings,
    },
  }
}
