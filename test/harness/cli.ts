/**
 * `npm run harness [-- --customers 10000 --seed 7 --latency 50 --scenario …]`: the renderer + contract over
 * loopback HTTP, for a browser or Playwright, with a Sandbox of the size asked for.
 */
import { countByKind } from '../../electron/emulator'
import { harnessUsage, parseHarnessArgs } from './cli-args'
import { startHarness } from './server'

const parsed = parseHarnessArgs(process.argv.slice(2))
if (!parsed.ok) {
  console.error(parsed.message)
  process.exit(2)
}
const args = parsed.args
if (args.help) {
  console.log(harnessUsage)
  process.exit(0)
}
for (const w of args.warnings) console.warn(w)

const t0 = performance.now()
const h = await startHarness({ port: args.port, sandbox: { customers: args.customers, seed: args.seed, latencyMs: args.latencyMs } })
const sandbox = h.core.sandbox()
console.log(`Embedded Console harness listening on ${h.url} (ready in ${Math.round(performance.now() - t0)} ms)`)
console.log(`  operations: ${h.url}/rpc`)
console.log(`  data dir:   ${h.dataDir}`)
if (sandbox) {
  console.log(`  sandbox:    ${sandbox.baseUrl} (${sandbox.state.customerCount()} customers, seed ${sandbox.state.seed})`)
  for (const cmd of args.scenarios) {
    const r = sandbox.scenario(cmd)
    console.log(r.ok ? `  scenario:   ${r.summary}` : `  scenario ${cmd.action} not applied: ${r.message}`)
  }
  const counts = countByKind(sandbox.truth())
  console.log(
    `  problems:   ${Object.entries(counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  )
} else if (args.scenarios.length > 0) console.log('  The Sandbox did not start (see the notices in the app), so no scenario was applied.')
const stop = () => void h.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
