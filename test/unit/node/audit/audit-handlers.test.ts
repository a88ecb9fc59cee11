import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { auditHandlers, createAuditLog } from '../../../../electron/core/audit'
import { auditCsv } from '../../../../electron/core/audit/audit-csv'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function setup() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-audit-h-'))
  dirs.push(dataDir)
  let t = Date.parse('2026-11-26T10:00:00Z')
  const now = () => new Date((t += 60_000))
  const audit = createAuditLog({ dataDir, user: () => 'anna', now })
  const h = auditHandlers({ audit, exportDir: path.join(dataDir, 'exports'), now, knownSecrets: () => ['sk-LEARNT-LATER-123'] })
  const rec = (action: string, extra: object = {}) =>
    audit.record({ action, profileId: 'sandbox', customerId: 7, target: 'recipe 1', outcome: 'ok', correlationId: null, detail: null, ...extra })
  return { audit, h, rec, signal: new AbortController().signal }
}

describe('audit handlers', () => {
  it('lists newest first with facets, filters by action, outcome, customer, time and text', async () => {
    const { h, rec, signal } = await setup()
    await rec('recipe.start') // 10:01
    await rec('recipe.stop', { outcome: 'failed', customerId: 8, detail: 'Workato said no' }) // 10:02
    await rec('connection.delete', { target: 'connection 5' }) // 10:03
    const all = await h['audit:list']({}, { signal })
    expect(all.entries.map((e) => e.action)).toEqual(['connection.delete', 'recipe.stop', 'recipe.start'])
    expect(all.facets).toEqual({ actions: ['connection.delete', 'recipe.start', 'recipe.stop'], outcomes: ['failed', 'ok'], profiles: ['sandbox'] })
    expect(all.chain.ok).toBe(true)
    const pick = async (q: object) => (await h['audit:list'](q, { signal })).entries.map((e) => e.action)
    expect(await pick({ outcomes: ['failed'] })).toEqual(['recipe.stop'])
    expect(await pick({ customerId: 7, actions: ['recipe.start', 'connection.delete'] })).toEqual(['connection.delete', 'recipe.start'])
    expect(await pick({ text: 'SAID NO' })).toEqual(['recipe.stop'])
    expect(await pick({ from: '2026-11-26T10:01:30Z', to: '2026-11-26T10:02:30Z' })).toEqual(['recipe.stop'])
  })

  it('exports the filtered rows as CSV, redacted, with formula cells neutralised', async () => {
    const { h, rec, signal } = await setup()
    await rec('recipe.start', { detail: '=HYPERLINK("http://x") key sk-LEARNT-LATER-123, "quoted"' })
    await rec('recipe.stop')
    const out = await h['audit:export']({ actions: ['recipe.start'] }, { signal })
    expect(out.rows).toBe(1)
    const csv = await readFile(out.path, 'utf8')
    const [head, row] = csv.split('\r\n')
    expect(head).toBe('at,user,action,outcome,profileId,customerId,target,correlationId,detail,attemptId,seq,hash')
    expect(row).toContain(`"'=HYPERLINK(""http://x"") key [redacted], ""quoted"""`)
    expect(csv).not.toContain('sk-LEARNT-LATER-123')
  })

  it('csv keeps one row per line even when a detail has line breaks', () => {
    const csv = auditCsv(
      [
        {
          seq: 0,
          at: 'a',
          user: 'u',
          action: 'x',
          profileId: null,
          customerId: null,
          target: null,
          outcome: 'ok',
          correlationId: null,
          detail: 'one\ntwo',
          prev: '0',
          hash: 'h',
        },
      ],
      [],
    )
    expect(csv).toContain('"one\ntwo"')
  })
})
