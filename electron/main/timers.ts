/** Timer functions as a dependency, so policies with delays are tested on a driven clock (vi.useFakeTimers). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): NodeJS.Timeout
  clearTimeout(handle: NodeJS.Timeout): void
}

// Looked up at call time, so fake timers installed after import are honoured.
export const globalTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h),
}
