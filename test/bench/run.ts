/**
 * `npm run bench`: runs every section under sections/ (or those named on the command line), prints a table
 * and writes bench-results.json. Exit code 1 when a number misses its target.
 */
import { readdir, writeFile } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BenchResult, BenchSection } from './types'

const dir = fileURLToPath(new URL('./sections/', import.meta.url))
const only = process.argv.slice(2)
const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort()
const results: BenchResult[] = []
for (const f of files) {
  const mod = (await import(pathToFileURL(dir + f).href)) as { default: BenchSection }
  if (only.length && !only.includes(mod.default.name)) continue
  console.log(`\n== ${mod.default.name} ==`)
  const t0 = performance.now()
  const rs = await mod.default.run()
  for (const r of rs) {
    console.log(
      `  ${r.name}: ${Number.isInteger(r.value) ? r.value : r.value.toFixed(3)} ${r.unit}${r.target ? `  (target ${r.target}: ${r.pass ? 'PASS' : 'FAIL'})` : ''}${r.note ? `  — ${r.note}` : ''}`,
    )
  }
  console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`)
  results.push(...rs)
}
await writeFile('bench-results.json', JSON.stringify({ at: new Date().toISOString(), results }, null, 2))
const failed = results.filter((r) => r.pass === false)
console.log(`\n${results.length} numbers, ${failed.length} missed their target. Written to bench-results.json`)
process.exit(failed.length ? 1 : 0)
