import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAttemptHistory, MAX_ATTEMPTS_PERSISTED, PERSISTED_LOG_TAIL } from '../../../../electron/core/widget/attempt-history'
import { APP_ORIGIN, fakeToken, setup } from './fakes'

const msg = (i: number, extra = '') => ({
  at: i,
  origin: APP_ORIGIN,
  accepted: true,
  reason: null,
  message: { type: 'heightChange' },
  raw: JSON.stringify({ wk: true, type: 'heightChange', payload: { height: i }, note: extra }),
  size: 10,
  dataKind: 'object' as const,
})

/** A second "session": a new service over the same data dir, as after a restart. */
async function restart(dataDir: string) {
  const history = createAttemptHistory({ dataDir, secrets: () => [] })
  await history.load()
  return { history, next: await setup({ history }) }
}

describe('widget attempt history across restarts', () => {
  it('lists the last session’s attempts after a restart, with the tail of their logs, and never the token', async () => {
    const first = await setup()
    const history = createAttemptHistory({ dataDir: first.dataDir, secrets: () => [] })
    await history.load()
    const t = await setup({ history })
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    t.service.record(
      a.attemptId,
      Array.from({ length: PERSISTED_LOG_TAIL + 10 }, (_, i) => msg(i)),
    )
    await t.service.close(a.attemptId)
    await history.flush()

    const onDisk = await readFile(path.join(first.dataDir, 'widget', 'attempts.json'), 'utf8')
    expect(onDisk).not.toContain(fakeToken(1))

    const { next } = await restart(first.dataDir)
    const listed = next.service.attempts()
    expect(listed).toEqual([expect.objectContaining({ attemptId: a.attemptId, customerId: 5, connectionId: 11, outcome: 'abandoned' })])
    const log = next.service.messages(a.attemptId, -1, 1000)
    expect(log.total).toBe(PERSISTED_LOG_TAIL + 10)
    expect(log.entries).toHaveLength(PERSISTED_LOG_TAIL)
    expect(log.evicted).toBe(10)
    // The last line kept is the last message received.
    expect(log.entries.at(-1)?.raw).toContain(`"height":${PERSISTED_LOG_TAIL + 9}`)
  })

  it('marks an attempt a crash left open as abandoned', async () => {
    const first = await setup()
    const history = createAttemptHistory({ dataDir: first.dataDir, secrets: () => [] })
    await history.load()
    const t = await setup({ history })
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    await history.flush() // no close: the process "died" here
    const { next } = await restart(first.dataDir)
    expect(next.service.attempts()[0]).toMatchObject({ attemptId: a.attemptId, outcome: 'abandoned', closedAt: a.openedAt })
  })

  it('keeps at most MAX_ATTEMPTS_PERSISTED attempts, newest first', async () => {
    const t = await setup()
    const history = createAttemptHistory({ dataDir: t.dataDir, secrets: () => ['s3cret-api-token'] })
    await history.load()
    const view = (await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })) as Parameters<typeof history.save>[0]
    for (let i = 0; i < MAX_ATTEMPTS_PERSISTED + 5; i++) {
      history.save({ ...view, attemptId: `attempt-${String(i).padStart(4, '0')}` }, [], 0)
    }
    history.save({ ...view, attemptId: 'attempt-last', lastErrorReason: 'leak s3cret-api-token' }, [], 0)
    await history.flush()
    const reread = createAttemptHistory({ dataDir: t.dataDir, secrets: () => [] })
    await reread.load()
    const ids = reread.list().map((v) => v.attemptId)
    expect(ids).toHaveLength(MAX_ATTEMPTS_PERSISTED)
    expect(ids[0]).toBe('attempt-last')
    expect(ids).not.toContain('attempt-0000')
    // Redacted again before each write: a known secret never reaches the file.
    expect(await readFile(path.join(t.dataDir, 'widget', 'attempts.json'), 'utf8')).not.toContain('s3cret-api-token')
  })

  it('treats a damaged file as empty history and says so, instead of failing to start', async () => {
    const t = await setup()
    await mkdir(path.join(t.dataDir, 'widget'), { recursive: true })
    await writeFile(path.join(t.dataDir, 'widget', 'attempts.json'), '{"version":1,"attempts":[{"view":')
    const reasons: string[] = []
    const history = createAttemptHistory({ dataDir: t.dataDir, secrets: () => [], onCorrupt: (_f, why) => reasons.push(why) })
    await history.load()
    expect(history.list()).toEqual([])
    expect(reasons).toEqual(['it is not valid JSON'])
  })
})
