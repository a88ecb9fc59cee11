/**
 * Standalone emulator: `npm run emulator -- --port 4555 --token sk_test --customers 500 --seed 1 [--latency 50]
 * [--jitter 10] [--error-rate 0.05] [--fault-seed 7] [--vendor-origin https://x] [--public-key key.pem]
 * [--rate-limits off|documented] [--scenario fail-jobs:100023:2311501:5]…` (cli-args.ts).
 * Prints the base URL, token, vendor id and the problems it holds, then serves until Ctrl+C. Loopback only.
 */
import { readFileSync } from 'node:fs'
import { emulatorUsage, parseEmulatorArgs } from './cli-args'
import { startEmulator } from './index'
import { countByKind, seededTruth } from './scenarios'

const parsed = parseEmulatorArgs(process.argv.slice(2))
if (!parsed.ok) {
  console.error(parsed.message)
  process.exit(2)
}
const args = parsed.args
if (args.help) {
  console.log(emulatorUsage)
  process.exit(0)
}
for (const w of args.warnings) console.warn(w)

let publicKeyPem: string | undefined
if (args.publicKeyFile !== undefined) {
  try {
    publicKeyPem = readFileSync(args.publicKeyFile, 'utf8')
  } catch (e) {
    console.error(`--public-key ${args.publicKeyFile} could not be read: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(2)
  }
}

const handle = await startEmulator({
  port: args.port,
  token: args.token,
  customers: args.customers,
  seed: args.seed,
  vendorId: args.vendorId,
  vendorOrigins: args.vendorOrigins,
  publicKeyPem,
  rateLimits: args.rateLimits,
  faults: args.faults,
  onRequest: args.quiet
    ? undefined
    : (e) =>
        console.log(
          `${new Date().toISOString().slice(11, 23)} ${e.method.padEnd(6)} ${e.status} ${e.path} ${e.ms.toFixed(1)} ms${e.reason ? `  (${e.reason})` : ''}`,
        ),
})
for (const cmd of args.scenarios) {
  const r = handle.scenario(cmd)
  if (!r.ok) {
    console.error(`--scenario ${cmd.action}: ${r.message}`)
    await handle.close()
    process.exit(2)
  }
  console.log(`scenario   ${r.summary}`)
}
console.log(`Workato Embedded emulator listening
  base URL   ${handle.baseUrl}
  API        ${handle.baseUrl}/api
  token      ${handle.token}
  vendor id  ${handle.vendorId}
  customers  ${handle.state.customerCount()} (seed ${handle.state.seed})
  control    GET ${handle.baseUrl}/__emulator/truth, POST ${handle.baseUrl}/__emulator/scenarios (same Bearer token)
  origins    ${handle.state.vendorOrigins.join(', ') || '(none: set --vendor-origin or a customer origin_url for widget messages)'}
Press Ctrl+C to stop.`)
// After the banner: at 10,000 customers reading every workspace takes a second or two, and the API is already up.
const counts = countByKind(seededTruth(handle.state))
console.log(
  `  problems   ${Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`,
)

const stop = (): void => {
  handle.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
