/**
 * The one logger core and main use. Every line goes through the redactor, so a token or key that slips into a
 * message never reaches the console or a log file in clear.
 */
import { redactText } from '../../shared/redact'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
/**
 * Where finished lines go. Core never imports electron: main plugs the app's log file in here (electron/main/
 * log-file.ts). A sink only ever receives lines that already went through the redactor.
 */
export type LogSink = (level: LogLevel, line: string) => void

const secrets = new Set<string>()
/** The default sink, and the console half of main's: debug lines only with EC_DEBUG set. */
export const consoleSink: LogSink = (level, line) => {
  if (level === 'debug' && !process.env.EC_DEBUG) return
  const fn = level === 'error' ? console.error : level === 'warn' ? console.warn : console.log
  fn(line)
}
let sink: LogSink = consoleSink

function write(level: LogLevel, msg: string): void {
  sink(level, `[${new Date().toISOString()}] ${level.toUpperCase()} ${redactText(msg, [...secrets])}`)
}

export const log = {
  debug: (m: string) => write('debug', m),
  info: (m: string) => write('info', m),
  warn: (m: string) => write('warn', m),
  error: (m: string) => write('error', m),
  /** Teach the redactor an opaque secret (API tokens have no recognisable shape). */
  addSecret(s: string): void {
    if (s && s.length >= 6) secrets.add(s)
  },
  knownSecrets(): string[] {
    return [...secrets]
  },
  /** Main plugs the log file in here; tests capture output here. Returns the previous sink. */
  setSink(s: LogSink): LogSink {
    const prev = sink
    sink = s
    return prev
  },
}
