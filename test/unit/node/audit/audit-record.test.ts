import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAuditLog, GENESIS, type AuditLogOptions, type AuditProblem } from '../../../../electron/core/audit'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'ec-audit-'))
  dirs.push(d)
  return d
}

/** A clock that moves one second per reading, so every line has its own time. */
function clock(start = Date.parse('2026-11-26T10:00:00Z')) {
  let t = start
  return () => new Date((t += 1000))
}

function setup(dataDir: string, extra: Partial<AuditLogOptions> = {}) {
  const problems: AuditProblem[] = []
  const audit = createAuditLog({ dataDir, user: () => 'support-anna', now: clock(), onProblem: (p) => problems.push(p), ...extra })
  return { audit, problems }
}

const action = (n: number, extra: Record<string, unknown> = {}) => ({
  action: 'recipe.start',
  profileId: 'sandbox',
  customerId: 7,
  target: `recipe ${n}`,
  outcome: 'ok' as const,
  correlationId: null,
  detail: null,
  ...extra,
})

async function fileLines(file: string): Promise<Record<string, unknown>[]> {
  return (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

describe('audit record', () => {
  it('appends one line per staff action with who and when, and redacts a secret that slipped into the detail in any form', async () => {
    const dataDir = await tempDir()
    const secret = 'tok-SECRET-123456'
    const { audit } = setup(dataDir, { now: () => new Date('2026-11-26T10:00:00Z'), knownSecrets: () => [secret] })
    await audit.record(
      action(42, { outcome: 'failed', correlationId: 'corr-1', detail: `token ${secret} was refused; url ?t=${encodeURIComponent(secret)}` }),
    )
    const text = await readFile(audit.file, 'utf8')
    expect(path.basename(audit.file)).toBe('audit.jsonl')
    expect(JSON.parse(text)).toMatchObject({
      at: '2026-11-26T10:00:00.000Z',
      user: 'support-anna',
      action: 'recipe.start',
      customerId: 7,
      outcome: 'failed',
      correlationId: 'corr-1',
      prev: GENESIS,
    })
    expect(text).not.toContain(secret)
    expect(text).not.toContain(encodeURIComponent(secret))
  })

  it('chains every line to the one before and verifies the chain on read', async () => {
    const dataDir = await tempDir()
    const { audit } = setup(dataDir)
    for (let i = 1; i <= 3; i++) await audit.record(action(i))
    await audit.append({
      action: 'widget.open',
      attemptId: 'a-1',
      profileId: 'sandbox',
      customerId: 7,
      connectionId: 11,
      jti: 'j',
      outcome: null,
      detail: 'host x',
    })
    const lines = await fileLines(audit.file)
    expect(lines.map((l) => l.seq)).toEqual([0, 1, 2, 3])
    for (let i = 1; i < lines.length; i++) expect(lines[i]?.prev).toBe(lines[i - 1]?.hash)
    const { lines: read, status } = await audit.read()
    expect(status).toMatchObject({ ok: true, lines: 4, firstBad: null, setAside: [] })
    expect(read.at(-1)).toMatchObject({ action: 'widget.open', attemptId: 'a-1', connectionId: 11, target: 'connection 11 (attempt a-1)' })
  })

  it('names the first line whose content was edited, records the break once, and keeps chaining', async () => {
    const dataDir = await tempDir()
    const first = setup(dataDir)
    for (let i = 1; i <= 4; i++) await first.audit.record(action(i))
    const text = await readFile(first.audit.file, 'utf8')
    await writeFile(first.audit.file, text.replace('"recipe 2"', '"recipe 99"'))

    const { status } = await first.audit.read()
    expect(status.ok).toBe(false)
    expect(status.firstBad).toMatchObject({ file: 'audit.jsonl', line: 2 })
    expect(status.firstBad?.reason).toMatch(/line 2 of audit\.jsonl was changed/)

    // A new start (a restart of the app) warns and records the break in the trail itself, once.
    const again = setup(dataDir)
    await again.audit.record(action(5))
    expect(again.problems.map((p) => p.kind)).toEqual(['broken'])
    const third = setup(dataDir)
    await third.audit.read()
    const lines = await fileLines(third.audit.file)
    expect(lines.filter((l) => l.action === 'audit.chain_broken')).toHaveLength(1)
    expect(lines.find((l) => l.action === 'audit.chain_broken')?.target).toBe('audit.jsonl:2')
    expect(lines.at(-1)?.prev).toBe(lines.at(-2)?.hash)
  })

  it('detects a removed line', async () => {
    const dataDir = await tempDir()
    const { audit } = setup(dataDir)
    for (let i = 1; i <= 3; i++) await audit.record(action(i))
    const rows = (await readFile(audit.file, 'utf8')).trim().split('\n')
    await writeFile(audit.file, [rows[0], rows[2]].join('\n') + '\n')
    const { status } = await audit.read()
    expect(status.firstBad).toMatchObject({ line: 2 })
    expect(status.firstBad?.reason).toMatch(/does not follow the line before it/)
  })

  it('notices lines cut off the end while the app runs, and records the cut in the trail', async () => {
    const dataDir = await tempDir()
    const { audit, problems } = setup(dataDir)
    for (let i = 1; i <= 3; i++) await audit.record(action(i))
    const rows = (await readFile(audit.file, 'utf8')).trim().split('\n')
    await writeFile(audit.file, rows.slice(0, 1).join('\n') + '\n')
    const { lines, status } = await audit.read()
    expect(status.ok).toBe(false)
    expect(status.firstBad?.reason).toMatch(/removed from the end of audit\.jsonl: the trail ended at chain line 2, and now ends at chain line 0/)
    expect(lines.map((l) => l.action)).toEqual(['recipe.start', 'audit.chain_broken'])
    expect(problems.map((p) => p.kind)).toEqual(['broken'])
  })

  it('keeps a file it cannot read under a new name, flags it, and starts a new chain whose first line records the break', async () => {
    const dataDir = await tempDir()
    const first = setup(dataDir)
    await first.audit.record(action(1))
    await writeFile(first.audit.file, (await readFile(first.audit.file, 'utf8')) + '{not json\n')

    const { audit, problems } = setup(dataDir)
    await audit.record(action(2))
    const names = await readdir(path.join(dataDir, 'audit'))
    const aside = names.find((n) => n.startsWith('audit.corrupt-'))
    expect(aside).toBeDefined()
    expect(await readFile(path.join(dataDir, 'audit', aside ?? ''), 'utf8')).toContain('{not json')
    expect(problems).toHaveLength(1)
    expect(problems[0]?.message).toMatch(/line 2: it is not valid JSON.*kept unchanged as audit\.corrupt-/)
    const lines = await fileLines(audit.file)
    expect(lines.map((l) => l.action)).toEqual(['audit.chain_restarted', 'recipe.start'])
    expect(lines[0]?.prev).toBe(GENESIS)
    const { status } = await audit.read()
    expect(status).toMatchObject({ ok: true, setAside: [aside] })
  })

  it('notices a file damaged while the app runs on the next read', async () => {
    const dataDir = await tempDir()
    const { audit, problems } = setup(dataDir)
    await audit.record(action(1))
    await writeFile(audit.file, 'garbage\n', { flag: 'a' })
    const { lines, status } = await audit.read()
    expect(problems.map((p) => p.kind)).toEqual(['set_aside'])
    expect(lines.map((l) => l.action)).toEqual(['audit.chain_restarted'])
    expect(status.setAside).toHaveLength(1)
  })

  it('rotates by size, keeps N files, and the chain runs on across them', async () => {
    const dataDir = await tempDir()
    const { audit } = setup(dataDir, { maxBytes: 700, keepFiles: 2 })
    for (let i = 1; i <= 12; i++) await audit.record(action(i))
    const names = (await readdir(path.join(dataDir, 'audit'))).sort()
    expect(names).toEqual(['audit.1.jsonl', 'audit.2.jsonl', 'audit.jsonl'])
    const { lines, status } = await audit.read()
    expect(status).toMatchObject({ ok: true, files: ['audit.2.jsonl', 'audit.1.jsonl', 'audit.jsonl'] })
    // The oldest lines went with the deleted file; what is kept is contiguous and ends with the newest.
    expect(lines.at(-1)?.target).toBe('recipe 12')
    const seqs = lines.map((l) => l.seq)
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i))
    expect(lines.length).toBeLessThan(12)
  })

  it('folds the older widget.jsonl and actions.jsonl into the chained trail once, keeping the originals', async () => {
    const dataDir = await tempDir()
    const dir = path.join(dataDir, 'audit')
    await rm(dir, { recursive: true, force: true })
    await mkdir(dir, { recursive: true })
    const widget = {
      at: '2026-11-01T00:00:02Z',
      user: 'bob',
      action: 'widget.close',
      attemptId: 'a',
      profileId: 'p',
      customerId: 1,
      connectionId: 2,
      jti: null,
      outcome: 'abandoned',
      detail: 'x',
    }
    const act = { at: '2026-11-01T00:00:01Z', user: 'bob', ...action(3) }
    await writeFile(path.join(dir, 'widget.jsonl'), JSON.stringify(widget) + '\n')
    await writeFile(path.join(dir, 'actions.jsonl'), JSON.stringify(act) + '\n')
    const { audit } = setup(dataDir)
    const { lines, status } = await audit.read()
    expect(lines.map((l) => [l.action, l.user, l.at])).toEqual([
      ['recipe.start', 'bob', '2026-11-01T00:00:01Z'],
      ['widget.close', 'bob', '2026-11-01T00:00:02Z'],
    ])
    expect(status.ok).toBe(true)
    expect((await readdir(dir)).sort()).toEqual(['actions.jsonl.migrated', 'audit.jsonl', 'widget.jsonl.migrated'])
  })
})
