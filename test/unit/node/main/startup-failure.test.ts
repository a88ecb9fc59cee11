import { describe, expect, it } from 'vitest'
import { redactText } from '../../../../shared/redact'
import { reportStartupFailure, STARTUP_FAILURE_EXIT_CODE } from '../../../../electron/main/startup-failure'

function run(error: unknown, logPath: string | null, secrets: string[] = []) {
  const events: string[] = []
  let box = { title: '', content: '' }
  reportStartupFailure('opening settings, profiles and the keychain', error, {
    showErrorBox: (title, content) => {
      events.push('dialog')
      box = { title, content }
    },
    exit: (code) => events.push(`exit ${code}`),
    log: { error: (m) => events.push(`log ${m.split('\n')[0] ?? ''}`) },
    logPath,
    redact: (t) => redactText(t, secrets),
  })
  return { events, box }
}

describe('startup failure', () => {
  it('logs, then shows a dialog saying what failed and where the log file is, then exits non-zero', () => {
    const { events, box } = run(new Error('The Secret Service is not running.'), '/home/ana/.config/Embedded Console/logs/main.log')
    expect(events).toEqual([
      'log startup failed (opening settings, profiles and the keychain): The Secret Service is not running.',
      'dialog',
      `exit ${STARTUP_FAILURE_EXIT_CODE}`,
    ])
    expect(STARTUP_FAILURE_EXIT_CODE).not.toBe(0)
    expect(box.title).toBe('Embedded Console could not start')
    expect(box.content).toContain('opening settings, profiles and the keychain failed')
    expect(box.content).toContain('The Secret Service is not running.')
    expect(box.content).toContain('/home/ana/.config/Embedded Console/logs/main.log')
  })

  it('says so when there is no log file either', () => {
    expect(run(new Error('x'), null).box.content).toMatch(/log file could not be opened/)
  })

  it('exits even if the dialog itself throws', () => {
    const events: string[] = []
    expect(() =>
      reportStartupFailure('x', new Error('y'), {
        showErrorBox: () => {
          throw new Error('no display')
        },
        exit: (c) => events.push(`exit ${c}`),
        log: { error: () => {} },
        logPath: null,
        redact: (t) => t,
      }),
    ).toThrow('no display')
    expect(events).toEqual(['exit 1'])
  })

  it('never shows a known secret', () => {
    const { box } = run(new Error('token sk_live_abcdef123456 rejected'), null, ['sk_live_abcdef123456'])
    expect(box.content).not.toContain('sk_live_abcdef123456')
  })
})
