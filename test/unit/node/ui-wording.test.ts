/**
 * Wording a support engineer reads: section numbers of docs/workato.md mean nothing on screen (they belong in code
 * comments), so no template shows one.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../renderer/src')
function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return vueFiles(p)
    return e.name.endsWith('.vue') ? [p] : []
  })
}

describe('screen wording', () => {
  it('no template cites a section of the Workato reference', () => {
    const offenders = vueFiles(root).filter((f) => {
      const template = /<template>([\s\S]*)<\/template>/.exec(readFileSync(f, 'utf8'))?.[1] ?? ''
      return /§\s*\d/.test(template.replace(/<!--[\s\S]*?-->/g, ''))
    })
    expect(offenders.map((f) => path.relative(root, f))).toEqual([])
  })
})
