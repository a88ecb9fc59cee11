/**
 * When the app cannot start, the person must see why and where the details are, not a silent exit.
 * `dialog.showErrorBox` is documented as safe before `ready` (on Linux it then only prints to stderr), so this
 * works at every stage of startup. https://www.electronjs.org/docs/latest/api/dialog#dialogshowerrorboxtitle-content
 */
export interface StartupFailureDeps {
  showErrorBox: (title: string, content: string) => void
  exit: (code: number) => void
  log: { error: (m: string) => void }
  /** Blanks known secrets: the dialog is not a log line, so core's redactor does not see it otherwise. */
  redact: (text: string) => string
  /** The log file's path, or null when even the log file could not be opened. */
  logPath: string | null
}

/** Exit code for a failed start (non-zero so scripts and installers can tell). */
export const STARTUP_FAILURE_EXIT_CODE = 1

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message
  return String(error)
}

/** The dialog's text: what failed, and where to look. */
export function startupFailureMessage(stage: string, error: unknown, logPath: string | null): string {
  const where = logPath ? `Details are in the log file:\n${logPath}` : 'The log file could not be opened either; details were printed to the console.'
  return `Embedded Console could not start: ${stage} failed.\n\n${describe(error)}\n\n${where}`
}

export function reportStartupFailure(stage: string, error: unknown, deps: StartupFailureDeps): void {
  const stack = error instanceof Error && error.stack ? `\n${error.stack}` : ''
  deps.log.error(`startup failed (${stage}): ${describe(error)}${stack}`)
  try {
    deps.showErrorBox('Embedded Console could not start', deps.redact(startupFailureMessage(stage, error, deps.logPath)))
  } finally {
    deps.exit(STARTUP_FAILURE_EXIT_CODE)
  }
}
