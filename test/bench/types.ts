/** One measured number in `npm run bench`. Targets are ratios or counts, compared within the same run. */
export interface BenchResult {
  /** Which issue/area the number belongs to, e.g. `emulator`, `api-client`, `ui`. */
  section: string
  name: string
  value: number
  unit: string
  /** e.g. `>= 5` or `<= 1.1`; absent when the number is only reported. */
  target?: string
  /** true/false when a target exists. */
  pass?: boolean
  note?: string
}

export interface BenchSection {
  name: string
  run(): Promise<BenchResult[]>
}
