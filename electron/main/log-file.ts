/**
 * The app's log file, under the OS's logs folder (`app.getPath('logs')`: ~/Library/Logs/<app> on macOS,
 * %APPDATA%\<app>\logs on Windows, ~/.config/<app>/logs on Linux). electron-log writes it and rotates it:
 * past MAX_LOG_BYTES the file becomes `main.old.log` (replacing the previous one), so the pair never exceeds
 * twice that size.
 *
 * We use electron-log's plain-Node logger (`electron-log/node`), not `electron-log/main`: the main flavour adds
 * renderer IPC and Electron event hooks we do not want (the renderer has no business writing here), and the Node
 * one can be tested against a real temp directory. Lines arrive already redacted from core's `log`
 * (electron/core/log.ts); this module only stores them.
 */
import path from 'node:path'
import electronLog from 'electron-log/node'
import { consoleSink, type LogLevel, type LogSink } from '../core/log'

export const LOG_FILE_NAME = 'main.log'
export const MAX_LOG_BYTES = 1024 * 1024

export interface LogFile {
  /** Absolute path of the current log file (what "Show log file" and error dialogs point to). */
  path: string
  /** Writes one finished line to the file (and to the console, as before). */
  sink: LogSink
}

let instances = 0

export function createLogFile(logsDir: string, opts: { maxBytes?: number; console?: LogSink; debug?: boolean } = {}): LogFile {
  const file = path.join(logsDir, LOG_FILE_NAME)
  // A logger of our own rather than electron-log's process-wide default, so nothing else configures it.
  const logger = electronLog.create({ logId: `embedded-console-${++instances}` })
  logger.transports.console.level = false
  logger.transports.file.level = opts.debug ? 'debug' : 'info'
  logger.transports.file.maxSize = opts.maxBytes ?? MAX_LOG_BYTES
  // core's lines carry their own timestamp and level.
  logger.transports.file.format = '{text}'
  logger.transports.file.resolvePathFn = () => file
  const toConsole = opts.console ?? consoleSink
  const write: Record<LogLevel, (line: string) => void> = {
    debug: (l) => logger.debug(l),
    info: (l) => logger.info(l),
    warn: (l) => logger.warn(l),
    error: (l) => logger.error(l),
  }
  return {
    path: file,
    sink: (level, line) => {
      write[level](line)
      toConsole(level, line)
    },
  }
}
