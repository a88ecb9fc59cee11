/**
 * How big the Sandbox is and how it behaves, from the command line (`npm run harness|emulator -- --customers N
 * --seed N --latency MS`) or from the environment for the app's built-in Sandbox (`EC_SANDBOX_CUSTOMERS`,
 * `EC_SANDBOX_SEED`, `EC_SANDBOX_LATENCY_MS`). One parser, so both say the same thing about the same mistake: text
 * that is not a whole number is refused with a sentence naming the setting, the value and the range; a number out
 * of range is clamped, and the message says to what.
 */
import { maxSeededCustomers } from './seed'

export const sandboxSizeLimits = {
  customers: { min: 1, max: maxSeededCustomers },
  seed: { min: 0, max: 2_147_483_647 },
  /** Ten seconds a call is already far beyond anything Workato answers in without being broken. */
  latencyMs: { min: 0, max: 10_000 },
} as const

export interface SandboxSize {
  customers?: number
  seed?: number
  latencyMs?: number
}

export interface SandboxSizeResult {
  size: SandboxSize
  /** Values refused (not whole numbers): the caller stops (CLI) or ignores them and says so (app). */
  errors: string[]
  /** Values clamped into range. */
  warnings: string[]
}

type Field = keyof typeof sandboxSizeLimits
const what: Record<Field, string> = { customers: 'a whole number of customers', seed: 'a whole number', latencyMs: 'a whole number of milliseconds' }

/** `names` says how the user spelled each setting (`--customers`, `EC_SANDBOX_CUSTOMERS`), for the messages. */
export function parseSandboxSize(raw: Partial<Record<Field, string>>, names: Record<Field, string>): SandboxSizeResult {
  const out: SandboxSizeResult = { size: {}, errors: [], warnings: [] }
  for (const field of Object.keys(sandboxSizeLimits) as Field[]) {
    const text = raw[field]?.trim()
    if (text === undefined || text === '') continue
    const { min, max } = sandboxSizeLimits[field]
    const range = `${min.toLocaleString('en-US')}–${max.toLocaleString('en-US')}`
    if (!/^-?\d+$/.test(text)) {
      out.errors.push(`${names[field]} must be ${what[field]} (${range}); "${text.slice(0, 40)}" is not.`)
      continue
    }
    const n = Number(text)
    const clamped = Math.min(max, Math.max(min, n))
    if (clamped !== n) out.warnings.push(`${names[field]} ${text} is outside ${range}; using ${clamped.toLocaleString('en-US')}.`)
    out.size[field] = clamped
  }
  return out
}

export const sandboxEnvNames: Record<Field, string> = {
  customers: 'EC_SANDBOX_CUSTOMERS',
  seed: 'EC_SANDBOX_SEED',
  latencyMs: 'EC_SANDBOX_LATENCY_MS',
}

/** The app's built-in Sandbox, sized from the environment (README, "Scripts"). */
export function sandboxSizeFromEnv(env: Record<string, string | undefined>): SandboxSizeResult {
  return parseSandboxSize(
    { customers: env[sandboxEnvNames.customers], seed: env[sandboxEnvNames.seed], latencyMs: env[sandboxEnvNames.latencyMs] },
    sandboxEnvNames,
  )
}
