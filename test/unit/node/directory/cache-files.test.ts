import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DirectoryCache } from '../../../../electron/core/directory/directory-cache'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ec-cache-files-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const damaged: Array<[string, string, string]> = [
  ['cut off mid-write', '{"version":1,"fetchedAt":"2026-01-01T00:00:00Z","items":[{"id":1,', 'it is not valid JSON'],
  ['the wrong shape', '{"version":1,"items":"nope"}', 'it does not match the expected format'],
  ['NUL bytes', '\u0000\u0000\u0000', 'it is not valid JSON'],
  ['nested 100,000 levels deep', '['.repeat(100_000), 'it is not valid JSON'],
]

describe('directory cache files on disk (issue 11: a corrupt cache file is a cache miss and a notice)', () => {
  for (const [label, content, reason] of damaged) {
    it(`a customers file ${label} reads as a miss and is reported once`, async () => {
      await mkdir(path.join(dir, 'p1'), { recursive: true })
      await writeFile(path.join(dir, 'p1', 'customers.json'), content)
      const cache = new DirectoryCache(dir)
      const seen: Array<[string, string]> = []
      cache.onCorrupt((file, why) => seen.push([path.relative(dir, file), why]))
      expect(await cache.readCustomers('p1')).toBeNull()
      expect(seen).toEqual([[path.join('p1', 'customers.json'), reason]])
      // Refilled normally afterwards.
      await cache.writeCustomers('p1', { fetchedAt: '2026-01-02T00:00:00Z', items: [{ id: 7, name: 'Seven' }] })
      expect((await new DirectoryCache(dir).readCustomers('p1'))?.items).toEqual([{ id: 7, name: 'Seven' }])
    })
  }

  it('a connections file that is damaged is a miss for the view and is rewritten on the next save', async () => {
    const file = path.join(dir, 'p1', 'customers', '5', 'connections.json')
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, '{"version":1,"views":{"":{"fetchedAt":1}}}')
    const cache = new DirectoryCache(dir)
    const seen: string[] = []
    cache.onCorrupt((f) => seen.push(f))
    expect(await cache.readView('p1', 5, 'connections', '')).toBeNull()
    expect(seen).toEqual([file])
    await cache.writeView('p1', 5, 'connections', '', { fetchedAt: 'now', items: [{ id: 1, name: 'c', provider: 'jira' }] })
    expect((await cache.readView('p1', 5, 'connections', ''))?.items).toHaveLength(1)
  })

  it('tolerates a byte-order mark', async () => {
    await mkdir(path.join(dir, 'p1'), { recursive: true })
    await writeFile(
      path.join(dir, 'p1', 'customers.json'),
      `\uFEFF${JSON.stringify({ version: 1, fetchedAt: 'x', items: [{ id: 1, name: 'One' }] })}`,
    )
    const cache = new DirectoryCache(dir)
    const seen: string[] = []
    cache.onCorrupt((f) => seen.push(f))
    expect((await cache.readCustomers('p1'))?.items).toEqual([{ id: 1, name: 'One' }])
    expect(seen).toEqual([])
  })

  it('sweeps the temp files a killed save left, at any depth, older than a minute, and only ours', async () => {
    const deep = path.join(dir, 'p1', 'customers', '9')
    await mkdir(deep, { recursive: true })
    const stale = [path.join(dir, 'p1', 'customers.json.123.0a1b2c3d.tmp'), path.join(deep, 'recipes.json.77.ffffffff.tmp')]
    const young = path.join(deep, 'connections.json.78.00000000.tmp')
    const foreign = path.join(deep, 'keep-me.tmp')
    for (const f of [...stale, young, foreign]) await writeFile(f, '{')
    const old = new Date(Date.now() - 10 * 60_000)
    for (const f of [...stale, foreign]) await utimes(f, old, old)
    expect(await new DirectoryCache(dir).sweepTempFiles()).toBe(2)
    expect((await readdir(deep)).sort()).toEqual(['connections.json.78.00000000.tmp', 'keep-me.tmp'])
  })
})
