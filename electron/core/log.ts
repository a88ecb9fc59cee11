/**
 * The one logger core and main use. Every line goes through the redactor, so a token or key that slips into a
 * message never reaches the console or a log file in clear.
 */
import { redactText } from '../../shared/redact'

type Level = 'debug' | 'info' | 'warn' | 'error'
type Sink = (level: Level, line: string) => void

const secrets = new Set<string>()
let sink: Sink = (level, line) => {
  if (level === 'debug' && !process.env.EC_DEBUG) return
  const fn = level === 'error' ? console.error : level === 'warn' ? console.warn : console.log
  fn(line)
}

function write(level: Level, msg: string): void {
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
  /** Tests capture output here. */
  setSink(s: Sink): Sink {
    const prev = sink
    sink = s
    return prev
  },
}
