import { mkdtempSync, readFileSync, existsSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { log, type LogSink } from '../../../../electron/core/log'
import { createLogFile, LOG_FILE_NAME } from '../../../../electron/main/log-file'

const quiet: LogSink = () => {}
let restore: LogSink | null = null
const made: string[] = []
/** A fresh logs folder, removed after the test. */
const logsDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ec-logs-'))
  made.push(dir)
  return dir
}
afterEach(() => {
  if (restore) log.setSink(restore)
  restore = null
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('log file', () => {
  it('writes core log lines to main.log in the logs folder, with secrets redacted', () => {
    const dir = logsDir()
    const file = createLogFile(dir, { console: quiet })
    expect(file.path).toBe(path.join(dir, LOG_FILE_NAME))
    restore = log.setSink(file.sink)
    log.addSecret('sk_live_supersecret123')
    log.info('startup: profile token sk_live_supersecret123 loaded')
    log.error('startup failed: boom')
    const text = readFileSync(file.path, 'utf8')
    expect(text).toContain('INFO startup: profile token')
    expect(text).toContain('ERROR startup failed: boom')
    expect(text).not.toContain('sk_live_supersecret123')
  })

  it('leaves debug lines out unless asked', () => {
    const dir = logsDir()
    const file = createLogFile(dir, { console: quiet })
    file.sink('debug', 'chatty detail')
    file.sink('info', 'worth keeping')
    expect(readFileSync(file.path, 'utf8')).not.toContain('chatty detail')
    const verbose = createLogFile(logsDir(), { console: quiet, debug: true })
    verbose.sink('debug', 'chatty detail')
    expect(readFileSync(verbose.path, 'utf8')).toContain('chatty detail')
  })

  it('rotates: the file never grows far past its limit and the previous one is kept as main.old.log', () => {
    const dir = logsDir()
    const file = createLogFile(dir, { console: quiet, maxBytes: 2000 })
    for (let i = 0; i < 200; i++) file.sink('info', `line ${i} ${'x'.repeat(80)}`)
    expect(statSync(file.path).size).toBeLessThan(2000 + 200)
    expect(existsSync(path.join(dir, 'main.old.log'))).toBe(true)
    expect(readFileSync(file.path, 'utf8')).toContain('line 199 ')
  })

  it('still writes to the console as before', () => {
    const seen: string[] = []
    const file = createLogFile(logsDir(), { console: (level, line) => seen.push(`${level}:${line}`) })
    file.sink('warn', 'careful')
    expect(seen).toEqual(['warn:careful'])
  })
})
