export interface StepCounts {
  passed: number
  failed: number
  skipped: number
  /** Playwright specs that failed once and passed on retry, as `file:line › title`. */
  flaky: string[]
}
export function vitestCounts(report: unknown): StepCounts
export function playwrightCounts(report: unknown): StepCounts
export function stepStatus(step: { status: number | null; signal?: string | null; counts: StepCounts | null | undefined }): string
