/**
 * `npm run harness` arguments: the port, the Sandbox's size (`--customers`, `--seed`, `--latency`, the same parser
 * and messages as the emulator's and the app's EC_SANDBOX_*) and scenario switches to apply once it is up.
 */
import { parseArgs } from 'node:util'
import { parseSandboxSize, scenarioArgHelp, type ScenarioCommand } from '../../electron/emulator'
import { parseScenarioArgs, type ParsedArgs } from '../../electron/emulator/cli-args'

export const harnessUsage = [
  'Usage: npm run harness -- [--port N] [--customers N] [--seed N] [--latency MS] [--scenario SWITCH]...',
  'The Sandbox has 250 customers unless --customers says otherwise (1–50,000).',
  'Scenario switches (repeatable; also POST <sandbox>/__emulator/scenarios with the Sandbox token):',
  ...scenarioArgHelp.map((s) => `  ${s}`),
].join('\n')

export interface HarnessArgs {
  help: boolean
  port: number
  customers?: number
  seed?: number
  latencyMs?: number
  scenarios: ScenarioCommand[]
  warnings: string[]
}

export function parseHarnessArgs(argv: string[]): ParsedArgs<HarnessArgs> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        customers: { type: 'string' },
        seed: { type: 'string' },
        latency: { type: 'string' },
        scenario: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (e) {
    return { ok: false, message: `${e instanceof Error ? e.message : String(e)}\n${harnessUsage}` }
  }
  let port = 0
  if (values.port !== undefined) {
    if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65_535)
      return { ok: false, message: `--port must be a whole number from 0 to 65535, got "${values.port.slice(0, 40)}".` }
    port = Number(values.port)
  }
  const size = parseSandboxSize(
    { customers: values.customers, seed: values.seed, latencyMs: values.latency },
    { customers: '--customers', seed: '--seed', latencyMs: '--latency' },
  )
  if (size.errors[0] !== undefined) return { ok: false, message: size.errors[0] }
  const scenarios = parseScenarioArgs(values.scenario)
  if (typeof scenarios === 'string') return { ok: false, message: scenarios }
  return { ok: true, args: { help: values.help ?? false, port, ...size.size, scenarios, warnings: size.warnings } }
}
