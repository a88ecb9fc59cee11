/**
 * Standalone emulator: `npm run emulator -- --port 4555 --token sk_test --customers 500 --seed 1 [--latency 50]
 * [--jitter 10] [--error-rate 0.05] [--fault-seed 7] [--vendor-origin https://x] [--public-key key.pem]
 * [--rate-limits off|documented]`.
 * Prints the base URL, token and vendor id, then serves until Ctrl+C. Loopback only.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { startEmulator, type EmulatorOptions } from './index'

function intArg(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  if (!/^\d+$/.test(v)) {
    console.error(`--${name} must be a whole number, got "${v}"`)
    process.exit(2)
  }
  return Number(v)
}

const { values } = parseArgs({
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
    quiet: { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
  },
})

if (values.help) {
  console.log(
    'Usage: npm run emulator -- [--port N] [--token T] [--customers N] [--seed N] [--latency MS] [--jitter MS] [--error-rate 0..1] [--fault-seed N] [--vendor-id ID] [--vendor-origin URL]... [--public-key FILE] [--rate-limits documented|off] [--quiet]',
  )
  process.exit(0)
}

const rl = values['rate-limits']
if (rl !== undefined && rl !== 'off' && rl !== 'documented') {
  console.error('--rate-limits must be "documented" or "off"')
  process.exit(2)
}
const latency = intArg('latency', values.latency)
const errorRateRaw = values['error-rate']
const errorRate = errorRateRaw === undefined ? undefined : Number(errorRateRaw)
if (errorRate !== undefined && !(errorRate >= 0 && errorRate <= 1)) {
  console.error('--error-rate must be a number from 0 to 1')
  process.exit(2)
}
const faultsWanted = latency !== undefined || errorRate !== undefined
const opts: EmulatorOptions = {
  port: intArg('port', values.port) ?? 0,
  token: values.token,
  customers: intArg('customers', values.customers),
  seed: intArg('seed', values.seed),
  vendorId: values['vendor-id'],
  vendorOrigins: values['vendor-origin'],
  publicKeyPem: values['public-key'] ? readFileSync(values['public-key'], 'utf8') : undefined,
  rateLimits: rl,
  onRequest: values.quiet
    ? undefined
    : (e) =>
        console.log(
          `${new Date().toISOString().slice(11, 23)} ${e.method.padEnd(6)} ${e.status} ${e.path} ${e.ms.toFixed(1)} ms${e.reason ? `  (${e.reason})` : ''}`,
        ),
  faults: faultsWanted
    ? { latencyMs: latency ?? 0, jitterMs: intArg('jitter', values.jitter) ?? 0, errorRate, seed: intArg('fault-seed', values['fault-seed']) }
    : undefined,
}

const handle = await startEmulator(opts)
console.log(`Workato Embedded emulator listening
  base URL   ${handle.baseUrl}
  API        ${handle.baseUrl}/api
  token      ${handle.token}
  vendor id  ${handle.vendorId}
  customers  ${handle.state.customerCount()} (seed ${handle.state.seed})
  origins    ${handle.state.vendorOrigins.join(', ') || '(none: set --vendor-origin or a customer origin_url for widget messages)'}
Press Ctrl+C to stop.`)

const stop = (): void => {
  handle.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
