/** `npm run harness`: the renderer + contract over loopback HTTP, for a browser or Playwright. */
import { startHarness } from './server'

const portArg = process.argv.indexOf('--port')
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0
const h = await startHarness({ port })
console.log(`Embedded Console harness listening on ${h.url}`)
console.log(`  operations: ${h.url}/rpc`)
console.log(`  data dir:   ${h.dataDir}`)
const stop = () => void h.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
